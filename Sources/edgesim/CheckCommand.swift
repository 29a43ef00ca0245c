import EdgeSim
import Foundation

struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Run scenarios, verify their expect lines and compare with the golden reports."
    static let usage = "edgesim check [--record] [--scenarios DIR] [--reports DIR] [SCENARIO...]"
    static let help = """
    Runs every scenario under Scenarios/ (or the ones named), checks each `expect` line and
    compares the text timeline with Reports/<name>.timeline. Prints the first differing lines;
    exits 1 if anything failed.

    OPTIONS:
      --record          rewrite the golden reports instead of comparing (refused when CI is set)
      --scenarios DIR   where scenarios live (default: Scenarios)
      --reports DIR     where golden reports live (default: Reports)
    """

    var record: Bool
    var scenariosDirectory: String
    var reportsDirectory: String
    var named: [String]

    init(_ arguments: inout Arguments) throws(UsageError) {
        record = arguments.flag("--record")
        scenariosDirectory = try arguments.option("--scenarios") ?? "Scenarios"
        reportsDirectory = try arguments.option("--reports") ?? "Reports"
        named = try arguments.positionals(known: ["--record", "--scenarios", "--reports", "--help"])
    }

    func run() throws(ScenarioError) -> Int32 {
        if record, let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty {
            throw ScenarioError(file: "--record", location: "", message: "refusing to re-record golden reports when CI is set")
        }
        var paths = named
        if paths.isEmpty {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: scenariosDirectory)) ?? []
            paths = files.filter { $0.hasSuffix(".scenario") || ($0.hasSuffix(".json") && $0 != "schema.json") }.sorted()
                .map { scenariosDirectory + "/" + $0 }
            guard !paths.isEmpty else {
                throw ScenarioError(file: scenariosDirectory, location: "", message: "no .scenario files found")
            }
        }
        // Load everything first: bad input is exit 2 before any report is touched.
        var loaded: [(path: String, runs: [CompiledScenario])] = []
        for path in paths {
            let (scenario, map) = try ScenarioLoader.load(path: path)
            loaded.append((path, try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()))
        }
        var failures = 0
        for (path, runs) in loaded {
            let reports: [RunReport]
            do {
                reports = try runs.map { compiled throws(InvariantViolation) in try simulateChecked(compiled) }
            } catch {
                failures += 1
                printOut("FAIL  \(runs[0].scenario.name)\n  \(error.description)\n")
                continue
            }
            let name = runs[0].scenario.name
            let goldenPath = reportsDirectory + "/" + name + ".timeline"
            let actual = goldenTimeline(reports)
            var problems: [String] = []
            for (compiled, report) in zip(runs, reports) {
                for outcome in ExpectationChecker.check(compiled.expectations, against: report) where !outcome.passed {
                    problems.append("  expectation failed: \(outcome.text) (actual \(outcome.actual))")
                }
            }
            if record {
                try writeAtomically(actual, to: goldenPath)
            } else if let golden = try? String(contentsOfFile: goldenPath, encoding: .utf8) {
                if let difference = TextDifference(expected: golden, actual: actual) { problems.append(difference.summary(against: goldenPath)) }
            } else {
                problems.append("  no golden report at \(goldenPath); create it with `edgesim check --record \(path)`")
            }
            let expectations = runs.reduce(0) { $0 + $1.expectations.count }
            if problems.isEmpty {
                printOut("ok    \(name)  (\(reports.count) run\(reports.count == 1 ? "" : "s"), \(expectations) expectations\(record ? ", recorded" : ""))\n")
            } else {
                failures += 1
                printOut("FAIL  \(name)\n" + problems.joined(separator: "\n") + "\n")
            }
        }
        printOut("\(loaded.count - failures) passed, \(failures) failed\n")
        return failures == 0 ? 0 : 1
    }
}
