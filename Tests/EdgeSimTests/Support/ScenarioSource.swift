@testable import EdgeSim

/// Scenario text for parser and compiler tests: a small valid base plus helpers that return
/// the first error, located, instead of throwing.
enum ScenarioSource {
    static let file = "test.scenario"

    /// Three nodes in one site; `extra` lines go after the base (line numbers start at 6).
    static func base(_ extra: String..., duration: String = "30m") -> String {
        ([
            "name test",
            "duration \(duration)",
            "zone guangzhou",
            "site guangzhou zone guangzhou",
            "node gz-1..gz-3 site guangzhou",
        ] + extra).joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String) throws(ScenarioError) -> Scenario {
        try ScenarioParser.parse(text, file: file).0
    }

    static func compile(_ text: String) throws(ScenarioError) -> CompiledScenario {
        let (scenario, map) = try ScenarioParser.parse(text, file: file)
        return try ScenarioCompiler.compile(scenario, sourceMap: map)
    }

    /// The parse error, or nil if the text parses.
    static func parseError(_ text: String) -> ScenarioError? {
        do { _ = try parse(text) } catch { return error }
        return nil
    }

    /// The first error from parsing then compiling, or nil if both succeed.
    static func compileError(_ text: String) -> ScenarioError? {
        do { _ = try compile(text) } catch { return error }
        return nil
    }
}
