import EdgeSim
import Foundation
import Testing

/// The repository root, found from this file rather than from bundled resources.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every shipped scenario, by file name.
let shippedScenarios: [String] = {
    let directory = repositoryRoot.appendingPathComponent("Scenarios").path
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return files.filter { $0.hasSuffix(".scenario") }.sorted()
}()

func compiledRuns(_ file: String) throws -> [CompiledScenario] {
    let path = repositoryRoot.appendingPathComponent("Scenarios").appendingPathComponent(file).path
    let (scenario, map) = try ScenarioLoader.load(path: path)
    return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
}

@Test("the shipped scenarios are found")
func scenariosAreFound() {
    #expect(shippedScenarios.count >= 4)
}

@Test("a shipped scenario matches its golden report, twice in one process", arguments: shippedScenarios)
func scenarioMatchesGolden(_ file: String) throws {
    let runs = try compiledRuns(file)
    let first = goldenTimeline(try runs.map { try simulateChecked($0) })
    let second = goldenTimeline(try runs.map { try simulateChecked($0) })
    #expect(first == second, "two runs of \(file) in one process differ")
    let goldenPath = repositoryRoot.appendingPathComponent("Reports").appendingPathComponent(runs[0].scenario.name + ".timeline").path
    let golden = try String(contentsOfFile: goldenPath, encoding: .utf8)
    if golden != first {
        let actualDirectory = repositoryRoot.appendingPathComponent(".build/goldens")
        try? FileManager.default.createDirectory(at: actualDirectory, withIntermediateDirectories: true)
        try? first.write(to: actualDirectory.appendingPathComponent(runs[0].scenario.name + ".timeline"), atomically: true, encoding: .utf8)
        let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let b = first.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, b).prefix { $0 == $1 }.count
        Issue.record("\(file) differs from \(goldenPath) at line \(line + 1): expected \"\(line < a.count ? a[line] : "")\", got \"\(line < b.count ? b[line] : "")\" (actual output in .build/goldens/)")
    }
}

@Test("a shipped scenario's expect lines hold", arguments: shippedScenarios)
func expectationsHold(_ file: String) throws {
    for compiled in try compiledRuns(file) {
        let report = try simulateChecked(compiled)
        for outcome in ExpectationChecker.check(compiled.expectations, against: report) {
            #expect(outcome.passed, "\(file): \(outcome.text) (actual \(outcome.actual))")
        }
    }
}
