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
