import EdgeSim
import Foundation

struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Run scenarios, verify their expect lines and compare with the golden reports."
    static let operands = "[SCENARIO...]"
    static let operandsFollowOptions = true
    static let discussion = """
        Runs every scenario under Scenarios/ (or the ones named), checks each `expect` line and
        compares the text timeline with Reports/<name>.timeline. Prints the first differing lines;
        exits 1 if anything failed.
        """

    static let record = Option.flag("--record", help: "rewrite the golden reports instead of comparing (refused when CI is set)")
    static let scenarios = Option.value("--scenarios", "DIR", help: "where scenarios live (default: Scenarios)")
    static let reports = Option.value("--reports", "DIR", help: "where golden reports live (default: Reports)")
    static let options = [record, scenarios, reports] + BudgetOptions.all

    var record: Bool
    var scenariosDirectory: String
    var reportsDirectory: String
    var named: [String]
    var budget: RunBudget

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        record = arguments.flag(Self.record)
        scenariosDirectory = arguments.value(Self.scenarios) ?? "Scenarios"
        reportsDirectory = arguments.value(Self.reports) ?? "Reports"
        named = arguments.operands
        budget = try BudgetOptions.parse(arguments)
    }

    func validate() throws(ScenarioError) {
        guard record else { return }
        if let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty {
            throw ScenarioError(file: "--record", location: "", message: "refusing to re-record golden reports when CI is set")
        }
        try OutputPath.checkDirectory(reportsDirectory, creating: false, flag: Self.reports.name)
    }

    func run() throws(ScenarioError) -> Int32 {
        // Load everything first: bad input is exit 2 before any report is touched.
        var loaded: [(path: String, runs: [CompiledScenario])] = []
        for path in try scenarioPaths() {
            let (scenario, map) = try ScenarioLoader.load(path: path)
            loaded.append((path, try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()))
        }
        var failures = 0
        for (path, runs) in loaded {
            if try !check(path, runs) { failures += 1 }
        }
        printOut("\(loaded.count - failures) passed, \(failures) failed\n")
        return failures == 0 ? 0 : 1
    }

    /// The scenarios named, or every one in the scenarios folder, by name.
    func scenarioPaths() throws(ScenarioError) -> [String] {
        guard named.isEmpty else { return named }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scenariosDirectory)) ?? []
        let paths = files.filter { $0.hasSuffix(".scenario") || ($0.hasSuffix(".json") && $0 != "schema.json") }.sorted()
            .map { scenariosDirectory + "/" + $0 }
        guard !paths.isEmpty else {
            throw ScenarioError(file: scenariosDirectory, location: "", message: "no .scenario files found")
        }
        return paths
    }

    /// Runs one scenario's variants, checks its expect lines and its golden report (or records
    /// it), and prints `ok` or `FAIL` with the problems. Returns whether it passed.
    func check(_ path: String, _ runs: [CompiledScenario]) throws(ScenarioError) -> Bool {
        let name = runs[0].scenario.name
        let reports: [RunReport]
        do {
            reports = try runs.map { try simulateChecked($0, budget: budget) }
        } catch {
            printOut("FAIL  \(name)\n  \(error)\n")
            return false
        }
        var problems: [String] = []
        for (compiled, report) in zip(runs, reports) {
            for outcome in ExpectationChecker.check(compiled.expectations, against: report) where !outcome.passed {
                problems.append("  expectation failed: \(outcome.text) (actual \(outcome.actual))")
            }
        }
        let goldenPath = reportsDirectory + "/" + name + ".timeline"
        let actual = goldenTimeline(reports)
        if record {
            try writeAtomically(actual, to: goldenPath)
        } else if let golden = try? String(contentsOfFile: goldenPath, encoding: .utf8) {
            if let difference = TextDifference(expected: golden, actual: actual) { problems.append(difference.summary(against: goldenPath)) }
        } else {
            problems.append("  no golden report at \(goldenPath); create it with `edgesim check --record \(path)`")
        }
        guard problems.isEmpty else {
            printOut("FAIL  \(name)\n" + problems.joined(separator: "\n") + "\n")
            return false
        }
        let expectations = runs.reduce(0) { $0 + $1.expectations.count }
        printOut("ok    \(name)  (\(reports.count) run\(reports.count == 1 ? "" : "s"), \(expectations) expectations\(record ? ", recorded" : ""))\n")
        return true
    }
}
