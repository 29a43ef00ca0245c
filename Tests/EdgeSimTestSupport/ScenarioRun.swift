import EdgeSim

/// Scenarios loaded, compiled and simulated in-process: the one way tests run a scenario,
/// shipped (by name) or written inline in the line language.
public enum ScenarioRun {
    /// Every run the scenario file at `path` asks for, compiled: one per variant in declared
    /// order, or only `variant`'s.
    public static func compiled(path: String, variant: String? = nil) throws -> [CompiledScenario] {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: variant)
    }

    /// Every run of the shipped scenario `Scenarios/<name>.scenario`, compiled.
    public static func compiled(_ name: String, variant: String? = nil) throws -> [CompiledScenario] {
        try compiled(path: Repository.scenario(name).path, variant: variant)
    }

    /// Every run of scenario text in the line language, compiled.
    public static func compiled(text: String, file: String = "inline.scenario") throws -> [CompiledScenario] {
        let (scenario, map) = try ScenarioParser.parse(text, file: file)
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
    }

    /// Every run of a shipped scenario (one per variant), or only `variant`'s, simulated.
    public static func reports(_ name: String, variant: String? = nil) throws -> [RunReport] {
        try compiled(name, variant: variant).map(simulate)
    }

    /// The one run of `variant`, or of a scenario without variants, simulated.
    public static func report(_ name: String, variant: String? = nil) throws -> RunReport {
        let reports = try reports(name, variant: variant)
        guard reports.count == 1 else { throw Unexpected.runCount(name: name, count: reports.count) }
        return reports[0]
    }

    /// Every run of scenario text (one per variant), simulated.
    public static func reports(text: String) throws -> [RunReport] {
        try compiled(text: text).map(simulate)
    }

    /// A shipped scenario that does not have the shape a helper expects.
    public enum Unexpected: Error {
        /// `report` was asked for the one run of a scenario that has several (name a variant).
        case runCount(name: String, count: Int)
    }
}
