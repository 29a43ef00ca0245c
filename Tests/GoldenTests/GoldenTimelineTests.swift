import EdgeSim
import Foundation
import Testing

/// Every shipped scenario against its golden report, and its `expect` lines.
/// Re-record on purpose with `edgesim check --record` and review the diff like code.
struct GoldenTimelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var scenarioFiles: [String] {
        let directory = root.appendingPathComponent("Scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".scenario") }.sorted()
    }

    static func reports(for file: String) throws -> (runs: [CompiledScenario], reports: [RunReport]) {
        let (scenario, map) = try ScenarioLoader.load(path: root.appendingPathComponent("Scenarios/\(file)").path)
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
        return (runs, runs.map(simulate))
    }

    @Test("every scenario ships with a golden report")
    func everyScenarioHasAGolden() {
        #expect(Self.scenarioFiles.count >= 4)
        for file in Self.scenarioFiles {
            let golden = Self.root.appendingPathComponent("Reports/\(file.replacingOccurrences(of: ".scenario", with: ".timeline"))")
            #expect(FileManager.default.fileExists(atPath: golden.path), "missing \(golden.path)")
        }
    }

    @Test("the timeline matches the golden report", arguments: scenarioFiles)
    func timelineMatchesGolden(file: String) throws {
        let (runs, reports) = try Self.reports(for: file)
        let golden = try String(contentsOf: Self.root.appendingPathComponent("Reports/\(runs[0].scenario.name).timeline"), encoding: .utf8)
        let actual = goldenTimeline(reports)
        if actual != golden {
            let out = Self.root.appendingPathComponent(".build/goldens")
            try? FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try? actual.write(to: out.appendingPathComponent("\(runs[0].scenario.name).timeline"), atomically: true, encoding: .utf8)
            let a = golden.split(separator: "\n"), b = actual.split(separator: "\n")
            let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(file): first difference at line \(first + 1): expected \(first < a.count ? String(a[first]) : "<end>"), got \(first < b.count ? String(b[first]) : "<end>") (actual written to .build/goldens)")
        }
    }

    @Test("every expect line holds", arguments: scenarioFiles)
    func expectationsHold(file: String) throws {
        let (runs, reports) = try Self.reports(for: file)
        #expect(runs.contains { !$0.expectations.isEmpty }, "\(file) states no expectations")
        for (compiled, report) in zip(runs, reports) {
            for outcome in ExpectationChecker.check(compiled.expectations, against: report) {
                #expect(outcome.passed, "\(file): \(outcome.text) (actual \(outcome.actual))")
            }
        }
    }
}
