import EdgeSim
import Foundation
import Testing

/// The OpenYurt scenarios against their golden reports, run twice in one process.
@Suite("OpenYurt scenarios match their goldens")
struct OpenYurtGoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = ["yurt-pool-disconnect", "yurt-leader-failover", "yurt-coordinator-crash", "yurt-bandwidth",
                            "gz-3-disconnect", "factory-link-split"]

    static func runs(_ name: String) throws -> [CompiledScenario] {
        let path = root.appendingPathComponent("Scenarios/\(name).scenario").path
        let (scenario, map) = try ScenarioLoader.load(path: path)
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
    }

    @Test("a scenario's timeline is the golden one, byte for byte, and its expect lines hold", arguments: scenarios)
    func matchesGolden(_ name: String) throws {
        let runs = try Self.runs(name)
        let reports = runs.map(simulate)
        let first = goldenTimeline(reports), second = goldenTimeline(runs.map(simulate))
        #expect(first == second, "two runs of \(name) differ")
        let golden = try String(contentsOfFile: Self.root.appendingPathComponent("Reports/\(name).timeline").path, encoding: .utf8)
        #expect(first == golden, "\(name) differs from Reports/\(name).timeline; re-record with edgesim check --record")
        for (compiled, report) in zip(runs, reports) {
            for outcome in ExpectationChecker.check(compiled.expectations, against: report) {
                #expect(outcome.passed, "\(name): \(outcome.text) (actual \(outcome.actual))")
            }
        }
    }

    @Test("the coordinator cuts the 50-node pool's cloud-edge bytes to under a tenth")
    func bandwidthSaving() throws {
        let reports = try Self.runs("yurt-bandwidth").map(simulate)
        let with = try #require(reports.first { $0.variant == "coordinator" }?.cloudEdgeBytes)
        let without = try #require(reports.first { $0.variant == "no-coordinator" }?.cloudEdgeBytes)
        #expect(with * 10 < without)
    }
}
