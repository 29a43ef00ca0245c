import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

/// Every shipped scenario, every variant, against its golden report `Reports/<name>.timeline`:
/// the report is a contract, and changes to it are reviewed like code. A mismatch names the
/// first differing line and leaves the actual report in `.build/goldens/<name>.timeline` to
/// diff. Re-record on purpose with `edgesim check --record`, never from here.
@Suite("Golden reports")
struct GoldenTests {
    static let names = Repository.scenarioNames()

    /// Where a mismatching report is left for `diff`.
    static let actualDirectory = Repository.root.appendingPathComponent(".build/goldens")

    @Test("every shipped scenario has a golden report")
    func everyScenarioHasAGolden() {
        #expect(Self.names.count >= 4, "no scenarios found under \(Repository.root.path)/Scenarios")
        for name in Self.names {
            #expect(FileManager.default.fileExists(atPath: Repository.golden(name).path), "missing Reports/\(name).timeline")
        }
    }

    // Each scenario runs twice here, rather than once per check in tests of their own: the
    // goldens are most of the suite's time.
    @Test("a scenario's runs are its golden report byte for byte, in every variant, twice over, and its expect lines hold",
          arguments: names)
    func matchesGolden(_ name: String) throws {
        let runs = try ScenarioRun.compiled(name)
        #expect(runs.allSatisfy { $0.scenario.name == name }, "Scenarios/\(name).scenario must be named \(name)")
        let reports = runs.map(simulate)
        let actual = goldenTimeline(reports)
        let golden = try String(contentsOf: Repository.golden(name), encoding: .utf8)
        let written = Self.actualDirectory.appendingPathComponent("\(name).timeline")
        if let difference = TextDifference(expected: golden, actual: actual) {
            try FileManager.default.createDirectory(at: Self.actualDirectory, withIntermediateDirectories: true)
            try actual.write(to: written, atomically: true, encoding: .utf8)
            Issue.record("\(name):\n\(difference.summary(against: "Reports/\(name).timeline"))\n  actual report: \(written.path)")
        } else {
            // A report left by an earlier failure would mislead whoever looks there next.
            try? FileManager.default.removeItem(at: written)
        }
        #expect(goldenTimeline(runs.map(simulate)) == actual, "a second run of \(name) in the same process printed other bytes")
        #expect(runs.contains { !$0.expectations.isEmpty }, "\(name) states no expectations")
        for (compiled, report) in zip(runs, reports) {
            for outcome in ExpectationChecker.check(compiled.expectations, against: report) {
                #expect(outcome.passed, "\(name) \(compiled.variant ?? ""): \(outcome.text) (actual \(outcome.actual))")
            }
            // `edgesim explain` walks every eviction back to a fault or the run's start, and
            // names the rule that held every node that was Unknown without one.
            for problem in Explainer(report: report, compiled: compiled).audit() {
                Issue.record("\(name) \(compiled.variant ?? ""): explain: \(problem)")
            }
        }
    }
}
