/// Runs a loaded scenario: once, or once per variant in declared order.
public struct ScenarioRunner {
    public let scenario: Scenario
    public let sourceMap: SourceMap

    public init(scenario: Scenario, sourceMap: SourceMap) {
        self.scenario = scenario; self.sourceMap = sourceMap
    }

    /// Every run this scenario asks for, compiled (so all errors surface before anything runs).
    public func compileAll(variant: String? = nil, overrides: [Setting] = [], mode: Mode? = nil,
                           seed: UInt64? = nil) throws(ScenarioError) -> [CompiledScenario] {
        var scenario = self.scenario
        if let seed { scenario.seed = seed }
        var variants: [Variant?] = scenario.variants.isEmpty ? [nil] : scenario.variants.map { $0 }
        if let variant {
            guard let chosen = scenario.variants.first(where: { $0.name == variant }) else {
                throw ScenarioError(file: "--variant", location: "", message: "unknown variant \(quoted(variant))"
                                    + NearMiss.hint(for: variant, among: scenario.variants.map(\.name))
                                    + (scenario.variants.isEmpty ? " (this scenario has none)" : ""))
            }
            variants = [chosen]
        }
        var compiled: [CompiledScenario] = []
        for v in variants {
            compiled.append(try ScenarioCompiler.compile(scenario, sourceMap: sourceMap, variant: v, overrides: overrides, mode: mode))
        }
        return compiled
    }
}

/// A scenario's golden report: the text timeline of every run, variants in order.
public func goldenTimeline(_ reports: [RunReport]) -> String {
    reports.map { TimelineRenderer.text($0) }.joined(separator: "\n")
}
