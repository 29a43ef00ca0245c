import EdgeSim
import Foundation

struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Run scenarios, verify their expect lines and compare with their golden reports where they have one."
    static let operands = "[SCENARIO|DIR...]"
    static let operandsFollowOptions = true
    static let discussion = """
        Runs the scenarios named (a folder: every .scenario in it and below, and the .json
        scenarios in it) wherever they are, checks each `expect` line and compares the text
        timeline with the scenario's golden report where one exists: NAME.timeline under
        --goldens DIR, else next to the scenario, else under Reports/. A missing golden report is
        reported, not a failure, unless --require-goldens. With no operand: every scenario under
        Scenarios/ against Reports/, goldens required. Exits 1 if anything failed.
        """

    static let record = Option.flag("--record", help: "write the golden reports instead of comparing (refused when CI is set)")
    static let scenarios = Option.value("--scenarios", "DIR", help: "where scenarios live when none is named (default: Scenarios)")
    static let reports = Option.value("--reports", "DIR", help: "the same as --goldens (the repository's own: Reports)")
    static let goldens = Option.value("--goldens", "DIR", help: "look for (and --record) golden reports there, as NAME.timeline")
    static let requireGoldens = Option.flag("--require-goldens", help: "a scenario without a golden report fails")
    static let junit = Option.value("--junit", "FILE", help: "also write JUnit XML there: a testsuite per scenario and variant, a testcase per expect line")
    static let format = Option.value("--format", "F", usage: "text|github", help: """
        text (default) | github (also print ::error annotations at the failing
        expect line, for GitHub Actions)
        """)
    static let options = [record, scenarios, reports, goldens, requireGoldens, junit, format] + BudgetOptions.all

    var record: Bool
    var scenariosDirectory: String
    /// Where golden reports are looked for first (--goldens, or --reports), if given.
    var goldensDirectory: String?
    /// The option that named it, for messages about it.
    var goldensFlag: String
    var requiresGoldens: Bool
    var junitPath: String?
    var annotates: Bool
    var named: [String]
    var budget: RunBudget

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        record = arguments.flag(Self.record)
        scenariosDirectory = arguments.value(Self.scenarios) ?? "Scenarios"
        named = arguments.operands
        budget = try BudgetOptions.parse(arguments)
        goldensDirectory = arguments.value(Self.goldens) ?? arguments.value(Self.reports)
        goldensFlag = arguments.value(Self.goldens) != nil ? Self.goldens.name : Self.reports.name
        // The repository's own check: every shipped scenario has its golden report.
        if named.isEmpty && goldensDirectory == nil { goldensDirectory = "Reports" }
        requiresGoldens = arguments.flag(Self.requireGoldens) || named.isEmpty
        junitPath = arguments.value(Self.junit)
        let formatText = arguments.value(Self.format) ?? "text"
        guard formatText == "text" || formatText == "github" else {
            throw UsageError(message: "--format expects one of text, github, got \"\(formatText)\"")
        }
        annotates = formatText == "github"
    }

    func validate() throws(ScenarioError) {
        if let junitPath { try OutputPath.checkFile(junitPath, flag: Self.junit.name) }
        guard record else { return }
        if let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty {
            throw ScenarioError(file: "--record", location: "", message: "refusing to re-record golden reports when CI is set")
        }
        if let goldensDirectory { try OutputPath.checkDirectory(goldensDirectory, creating: false, flag: goldensFlag) }
    }

    func run() throws(ScenarioError) -> Int32 {
        // Load everything first: bad input is exit 2 before any report is touched.
        var loaded: [(path: String, map: SourceMap, runs: [CompiledScenario])] = []
        for path in try ScenarioFiles.find(named, default: scenariosDirectory) {
            let (scenario, map) = try ScenarioLoader.load(path: path)
            loaded.append((path, map, try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()))
        }
        var checks: [ScenarioCheck] = []
        for (path, map, runs) in loaded {
            let check = try check(path, map, runs)
            printOut(Self.summary(check))
            if annotates { printOut(GitHubAnnotations.render(check)) }
            checks.append(check)
        }
        if let junitPath { try writeAtomically(JUnitRenderer.render(checks), to: junitPath) }
        let failures = checks.filter { !$0.passed }.count
        let missing = checks.filter { if case .missing = $0.golden { true } else { false } }.count
        printOut("\(checks.count - failures) passed, \(failures) failed" + (missing > 0 && !requiresGoldens ? ", \(missing) without a golden report" : "") + "\n")
        return failures == 0 ? 0 : 1
    }

    /// Runs one scenario's variants, checks their expect lines and the golden report (or
    /// records it).
    func check(_ path: String, _ map: SourceMap, _ compiled: [CompiledScenario]) throws(ScenarioError) -> ScenarioCheck {
        let name = compiled[0].scenario.name
        var runs: [ScenarioCheck.Run] = []
        var reports: [RunReport] = []
        // The golden text is printed while the runs go, as `run` streams it: the timeline is
        // never held, and the goldens check the streamed text byte for byte.
        let timeline = StringOutput()
        for (index, run) in compiled.enumerated() {
            do {
                let stream = TimelineTextStream(run, format: .text, view: .whole, output: timeline, first: index == 0)
                let report = try simulateStreamed(run, renderer: stream, budget: budget)
                stream.finish(report)
                reports.append(report)
                runs.append(ScenarioCheck.Run(report, sourceMap: map))
            } catch {
                runs.append(ScenarioCheck.Run(run, sourceMap: map, violation: "\(error)"))
            }
        }
        let goldenPath = goldenPath(for: path, name: name)
        let golden: ScenarioCheck.Golden
        if reports.count < compiled.count {
            golden = .notCompared
        } else if record {
            try writeAtomically(timeline.text, to: goldenPath)
            golden = .recorded(path: goldenPath)
        } else if let text = try? String(contentsOfFile: goldenPath, encoding: .utf8) {
            golden = TextDifference(expected: text, actual: timeline.text).map { .differs(path: goldenPath, difference: $0) }
                ?? .matches(path: goldenPath)
        } else {
            golden = .missing(path: goldenPath)
        }
        return ScenarioCheck(path: path, name: name, runs: runs, golden: golden, requiresGolden: requiresGoldens)
    }

    /// Where a scenario's golden report is: under --goldens if given, else next to the scenario
    /// file, else under Reports/ (the repository's layout); a new one goes next to the file.
    func goldenPath(for scenarioPath: String, name: String) -> String {
        let file = name + ".timeline"
        if let goldensDirectory { return goldensDirectory + "/" + file }
        let beside = URL(fileURLWithPath: scenarioPath).deletingLastPathComponent().appendingPathComponent(file).path
        let repository = "Reports/" + file
        if !FileManager.default.fileExists(atPath: beside) && FileManager.default.fileExists(atPath: repository) { return repository }
        return (scenarioPath.hasPrefix("/") ? beside : Self.relative(beside))
    }

    /// `beside` as the user would type it: relative to the working folder when it lies below it.
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    /// `ok    NAME  (2 runs, 4 expectations)` or `FAIL  NAME` and each problem.
    static func summary(_ check: ScenarioCheck) -> String {
        var problems: [String] = []
        for run in check.runs {
            if let violation = run.violation { problems.append("  " + violation) }
            for failure in run.expectations?.failures ?? [] {
                problems.append("  expectation failed: \(failure.outcome.text) (actual \(failure.outcome.actual))")
            }
        }
        var note = ""
        switch check.golden {
        case .differs(let path, let difference): problems.append(difference.summary(against: path))
        case .missing(let path) where check.requiresGolden:
            problems.append("  no golden report at \(path); create it with `edgesim check --record \(check.path)`")
        case .missing: note = ", no golden report"
        case .recorded: note = ", recorded"
        case .matches, .notCompared: break
        }
        guard problems.isEmpty else { return "FAIL  \(check.name)\n" + problems.joined(separator: "\n") + "\n" }
        let expectations = check.runs.reduce(0) { $0 + $1.expectationCount }
        return "ok    \(check.name)  (\(check.runs.count) run\(check.runs.count == 1 ? "" : "s"), \(expectations) expectations\(note))\n"
    }
}
