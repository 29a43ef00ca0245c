import EdgeSim
import Foundation

struct FuzzCommand: Command {
    static let name = "fuzz"
    static let abstract = "Run random scenarios with random faults in every mode; report broken invariants."
    static let operands = ""
    static let discussion = """
        Generates N scenarios from seeds S, S+1, … (random topology, workloads, settings and an
        overlapping fault script, all from one seeded generator) and runs each in every
        implemented mode with invariants checked after every event. A failing case is written to
        DIR/fuzz-SEED.scenario, which `edgesim run` replays exactly; `--seed SEED --runs 1`
        regenerates it. Each case is written before it runs and removed when it passes, so even a
        crash leaves its scenario behind. Exits 1 if any case failed.
        """

    static let runs = Option.value("--runs", "N", help: "how many scenarios (default 100)")
    static let seed = Option.value("--seed", "S", help: "the first seed (default 1)")
    static let out = Option.value("--out", "DIR", help: "where failing scenarios go (default fuzz-failures)")
    static let options = [runs, seed, out]

    var runs: Int
    var seed: UInt64
    var out: String

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        let runsText = arguments.value(Self.runs) ?? "100"
        guard let runs = Int(runsText), runs >= 1, runs <= 10_000_000 else {
            throw UsageError(message: "--runs expects a whole number from 1 to 10000000, got \"\(runsText)\"")
        }
        self.runs = runs
        seed = try RunCommand.parseSeed(arguments.value(Self.seed)) ?? 1
        // Seeds do not wrap: S…S+N-1 must fit, so the summary's count and range are the runs made.
        guard UInt64(runs - 1) <= UInt64.max - seed else {
            throw UsageError(message: "--seed \(seed) with --runs \(runs) goes past the largest seed, \(UInt64.max): "
                             + "from this seed, --runs \(UInt64.max - seed + 1) at most")
        }
        out = arguments.value(Self.out) ?? "fuzz-failures"
        let rest = arguments.operands
        guard rest.isEmpty else { throw UsageError(message: "unexpected argument \"\(rest[0])\"") }
    }

    func validate() throws(ScenarioError) {
        try OutputPath.checkDirectory(out, creating: true, flag: Self.out.name)
    }

    func run() throws -> Int32 {
        let started = Date()
        let createdDirectory = !FileManager.default.fileExists(atPath: out)
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw ScenarioError(file: out, location: "", message: "cannot create the output directory: \(error.localizedDescription)")
        }
        var coverage = FuzzCoverage()
        var failed = 0
        for index in 0..<runs {
            let caseSeed = seed + UInt64(index)
            let fuzzCase = FuzzCase(seed: caseSeed)
            coverage.count(fuzzCase.scenario)
            let path = out + "/fuzz-\(caseSeed).scenario"
            var failure: FuzzCase.Failure?
            for mode in ScenarioCompiler.implementedModes {
                var replay = fuzzCase.scenario
                replay.mode = mode
                // Written before the run: a trap cannot be caught in-process, but leaves this.
                try writeAtomically("# edgesim fuzz: running seed \(caseSeed) in mode \(mode.rawValue)\n" + ScenarioPrinter.print(replay), to: path)
                switch fuzzCase.run(modes: [mode]) {
                case .passed(let reports): coverage.count(reports)
                case .failed(let f): failure = f
                }
                if failure != nil { break }
            }
            if let failure {
                failed += 1
                try writeAtomically("# edgesim fuzz --seed \(caseSeed) --runs 1: \(failure.message)\n" + ScenarioPrinter.print(failure.scenario), to: path)
                printOut("FAIL  SEED=\(caseSeed) mode \(failure.mode.rawValue): \(failure.message)\n      wrote \(path)\n")
            } else {
                unlink(path)
            }
        }
        if createdDirectory && failed == 0 { rmdir(out) }
        let elapsed = Date().timeIntervalSince(started)
        printOut(coverage.summary(modes: ScenarioCompiler.implementedModes.count))
        printOut("\(runs - failed) passed, \(failed) failed (seeds \(seed)…\(seed + UInt64(runs - 1)), \(String(Int(elapsed * 1000))) ms)\n")
        return failed == 0 ? 0 : 1
    }
}

/// What the fuzzed runs reached, so a reader can tell whether the random scripts get anywhere
/// interesting: how many runs saw each timeline event and zone state, and what was generated.
struct FuzzCoverage {
    private var runs = 0
    private var runsWithEvent: [String: Int] = [:]
    private var runsWithZoneState: [String: Int] = [:]
    private var faults: [String: Int] = [:]
    private var workloads: [String: Int] = [:]
    private var scenarios = 0
    private var nodes = 0

    mutating func count(_ scenario: Scenario) {
        scenarios += 1
        nodes += scenario.nodes.count
        for fault in scenario.faults {
            let verb = String(FaultText.describe(fault.action).split(separator: " ")[0])
            faults[fault.until == nil ? verb : verb + " (range)", default: 0] += 1
        }
        for process in scenario.processes {
            faults["random " + String(FaultText.describe(process.action).split(separator: " ")[0]), default: 0] += 1
        }
        for workload in scenario.workloads { workloads[workload.kind.rawValue, default: 0] += 1 }
    }

    mutating func count(_ reports: [RunReport]) {
        for report in reports {
            runs += 1
            var seen = Set<String>(), states = Set<String>()
            for event in report.timeline {
                seen.insert(event.name)
                if case .zoneStateChanged(_, let state) = event.kind { states.insert(state.rawValue) }
            }
            for name in seen { runsWithEvent[name, default: 0] += 1 }
            for state in states { runsWithZoneState[state, default: 0] += 1 }
        }
    }

    func summary(modes: Int) -> String {
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        return """
        coverage: \(scenarios) scenarios, \(nodes) nodes, \(runs) passing runs (\(modes) modes, variants included)
          runs that saw each event: \(TimelineEvent.names.map { "\($0) \(runsWithEvent[$0] ?? 0)" }.joined(separator: ", "))
          runs that reached each zone state: \(list(runsWithZoneState))
          faults generated: \(list(faults))
          workloads generated: \(list(workloads))

        """
    }
}
