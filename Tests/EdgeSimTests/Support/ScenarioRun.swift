@testable import EdgeSim

/// Loads a scenario from `Scenarios/` and runs it in-process.
enum ScenarioRun {
    /// Every compiled run of the scenario (one per variant), or only `variant`'s.
    static func reports(_ name: String, variant: String? = nil) throws -> [RunReport] {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario(name).path)
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: variant).map(simulate)
    }

    /// The one run of `variant` (or of a scenario without variants).
    static func report(_ name: String, variant: String? = nil) throws -> RunReport {
        let reports = try reports(name, variant: variant)
        guard reports.count == 1 else { throw Unexpected.runCount(reports.count) }
        return reports[0]
    }

    enum Unexpected: Error { case runCount(Int) }
}
