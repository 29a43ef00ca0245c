// MARK: - Expectations

extension ScenarioCompiler {
    /// Checks every expectation, then keeps those of this run (the scenario's own and its variant's).
    func compileExpectations(variant: Variant?) throws(ScenarioError) -> [Expectation] {
        let known = ExpectationChecker.Known(
            variants: .init(scenario.variants.map(\.name)), nodes: .init(scenario.nodes.map(\.name)), zones: .init(scenario.zones.map(\.name)),
            services: .init(services.map(\.name)), workloads: .init(scenario.workloads.map(\.name)))
        for (i, expectation) in scenario.expectations.enumerated() {
            try ExpectationChecker.validate(expectation, path: "expectations[\(i)]", known: known, duration: scenario.duration.time, map: map)
        }
        return scenario.expectations.filter { $0.applies(to: variant?.name) }
    }
}

extension Expectation {
    /// Whether this expectation is checked in the run of `variant` (nil: a scenario without
    /// variants): its own lines and the scenario's.
    public func applies(to variant: String?) -> Bool { self.variant == nil || self.variant == variant }
}

extension CompiledScenario {
    /// Where each of `expectations` stands in the scenario's list (`expectations[i]` in its
    /// source map): the line an annotation or a CSV column points at.
    public var expectationIndices: [Int] {
        scenario.expectations.indices.filter { scenario.expectations[$0].applies(to: variant) }
    }
}
