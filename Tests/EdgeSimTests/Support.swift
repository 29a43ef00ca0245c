import EdgeSim
import Foundation

/// Paths and loaders the tests share.
enum TestSupport {
    /// The package root, found from this file rather than from resources.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func scenarioPath(_ name: String) -> String { root.appendingPathComponent("Scenarios/\(name).scenario").path }
    static func fixturePath(_ name: String) -> String { root.appendingPathComponent("Tests/EdgeSimTests/Fixtures/\(name)").path }

    static func load(_ name: String) throws -> (Scenario, SourceMap) { try ScenarioLoader.load(path: scenarioPath(name)) }

    /// Every run of a shipped scenario, simulated.
    static func reports(_ name: String, variant: String? = nil) throws -> [RunReport] {
        let (scenario, map) = try load(name)
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: variant).map(simulate)
    }
}

extension TestSupport {
    /// Runs a scenario written inline in the line language.
    static func reports(text: String) throws -> [RunReport] {
        let (scenario, map) = try ScenarioParser.parse(text, file: "inline.scenario")
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll().map(simulate)
    }

    /// Sixty nodes in one zone of which only `big-7` is hit: more lanes than the SVG shows one by one.
    static let sixtyNodes = """
    name sixty
    duration 20m
    zone big
    site big zone big
    node big-1..60 site big
    deployment web replicas 6 service web
    at 5m..15m cut access big-7
    """
}
