import EdgeSim
import Foundation
import Testing

/// Every shipped scenario against its golden report under `Reports/`, and twice against
/// itself: the report is a contract, and the same input must give the same bytes.
@Suite("Golden reports")
struct GoldenReportTests {
    /// The package root, found from this file rather than from resources.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var scenarioNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Scenarios").path)) ?? []
        return files.filter { $0.hasSuffix(".scenario") }.map { String($0.dropLast(".scenario".count)) }.sorted()
    }

    static func timeline(_ name: String) throws -> String {
        let (scenario, map) = try ScenarioLoader.load(path: root.appendingPathComponent("Scenarios/\(name).scenario").path)
        return goldenTimeline(try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll().map(simulate))
    }

    @Test("every shipped scenario matches its golden report", arguments: scenarioNames)
    func matchesGolden(_ name: String) throws {
        let golden = try String(contentsOf: Self.root.appendingPathComponent("Reports/\(name).timeline"), encoding: .utf8)
        #expect(try Self.timeline(name) == golden)
    }

    @Test("running a scenario twice gives byte-identical timelines", arguments: scenarioNames)
    func isDeterministic(_ name: String) throws {
        #expect(try Self.timeline(name) == Self.timeline(name))
    }
}
