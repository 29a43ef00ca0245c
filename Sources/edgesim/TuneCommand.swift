import EdgeSim
import Foundation

struct TuneCommand: Command {
    static let name = "tune"
    static let abstract = "Search settings for the Pareto front of evictions, time to evict dead nodes and endpoint outages."
    static let operands = "SCENARIO"
    static var otherUsages: [String] { ["\(merge.name) SHARD.csv... \(out.usageFragment)"] }
    static let discussion = """
        Runs the scenario over a space of settings (--space, any mix of settings, params and
        per-workload-class tolerations toleration:CLASS, CLASS a workload name glob) and modes,
        adaptively: every configuration on the first 2 seeds, then each rung keeps the
        non-dominated third (whole Pareto ranks) and runs it on twice the seeds, until every
        seed is used or --budget runs are spent. Prints the Pareto front (each objective's
        statistic over seeds, minimised), the scenario's own settings and whether the front
        dominates them. With --out DIR: DIR/front.txt, DIR/tune.csv (every configuration's mean
        and p95 of each objective), DIR/pareto.svg and DIR/snippets.md (flags and YAML per front
        configuration). The same inputs give the same bytes whatever --jobs.
        """
    static let epilogue = """
        Objectives (default): unnecessary_evictions_per_day, time_to_evict_dead_s:p95,
        blackholed_endpoint_s, endpoint_unavailable_s; any metric of `edgesim run --format metrics`
        may be named, with :mean (default) or :p95 over seeds.
        A progress line (runs, rung, front size, ETA) goes to standard error when it is a terminal.
        """

    static let space = Option.repeatable("--space", "KEY=v1,v2", usage: "KEY=v1,v2,...|KEY=lo..hi",
                                         help: "a dimension (repeatable): values, or lo..hi[/N] for N evenly spaced (5)")
    static let modes = Option.value("--modes", "M1,M2", help: "modes to compare (default: the scenario's mode)")
    static let seeds = Option.value("--seeds", "S", help: "the seeds a configuration may run on (default 1..8)")
    static let objective = Option.repeatable("--objective", "M", usage: "METRIC[:p95]",
                                             help: "an objective to minimise (repeatable; replaces the defaults)")
    static let require = Option.repeatable("--require", "C", usage: "METRIC<=V",
                                           help: "keep configurations breaking it off the front (<=, <, >=, >, ==)")
    static let budget = Option.value("--budget", "RUNS", help: "the most runs the search spends (default: no limit)")
    static let jobs = Option.value("--jobs", "N", help: "worker threads (default: every core, here \(ProcessInfo.processInfo.activeProcessorCount))")
    static let shard = Option.value("--shard", "K/N", help: "search only configurations K-1, K-1+N, ... with budget/N; writes a CSV to merge")
    static let merge = Option.flag("--merge", "FILES", synopsis: "", help: "merge shard CSVs and write the front, CSV, SVG and snippets")
    static let out = Option.value("--out", "DIR", help: "write front.txt, tune.csv, pareto.svg, snippets.md there (a shard: its CSV)")
    static let options = [space, modes, seeds, objective, require, budget, jobs, shard, merge, out] + BudgetOptions.all

    enum Job {
        case search(TuneRequest, path: String)
        case merge([String])
    }

    var job: Job
    var out: String?

    init(parsing arguments: ParsedArguments) throws {
        out = arguments.value(Self.out)
        let rest = arguments.operands
        if arguments.flag(Self.merge) {
            guard ([Self.space, Self.objective, Self.require]).allSatisfy({ arguments.values($0).isEmpty }),
                  ([Self.modes, Self.seeds, Self.budget, Self.jobs, Self.shard] + BudgetOptions.all).allSatisfy({ arguments.value($0) == nil }) else {
                throw UsageError(message: "--merge takes only CSV files and --out")
            }
            guard !rest.isEmpty else { throw UsageError(message: "--merge needs the shard CSV files") }
            job = .merge(rest)
            return
        }
        guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing SCENARIO" : "expected one SCENARIO, got \(rest.count)") }
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let text = arguments.value(Self.jobs) {
            guard let n = Int(text), (1...1024).contains(n) else { throw UsageError(message: "--jobs expects a number from 1 to 1024, got \"\(text)\"") }
            jobs = n
        }
        var budget: Int?
        if let text = arguments.value(Self.budget) {
            guard let n = Int(text), n >= 1 else { throw UsageError(message: "--budget expects a whole number of runs above 0, got \"\(text)\"") }
            budget = n
        }
        var axes: [SweepPlan.Axis] = []
        for text in arguments.values(Self.space) { axes.append(try TuneSpace.axis(text)) }
        guard !axes.isEmpty || arguments.value(Self.modes) != nil else {
            throw UsageError(message: "expected at least one --space KEY=... or --modes")
        }
        var objectives: [TuneObjective] = []
        for text in arguments.values(Self.objective).flatMap({ $0.split(separator: ",").map(String.init) }) {
            objectives.append(try TuneObjective(parsing: text))
        }
        var requirements: [TuneRequirement] = []
        for text in arguments.values(Self.require) { requirements.append(try TuneRequirement(parsing: text)) }
        let criteria = TuneCriteria(objectives: objectives.isEmpty ? TuneObjective.defaults : objectives, requirements: requirements)
        let seeds = try SweepArguments.seeds(arguments.value(Self.seeds) ?? "1..8")
        let modes = try arguments.value(Self.modes).map(SweepArguments.modes) ?? []
        let (scenario, map) = try ScenarioLoader.load(path: rest[0])
        var request = TuneRequest(scenario: scenario, sourceMap: map, space: axes, modes: modes, seeds: seeds, criteria: criteria,
                                  budget: budget, jobs: jobs)
        request.shard = try arguments.value(Self.shard).map(SweepArguments.shard)
        request.runBudget = try BudgetOptions.parse(arguments)
        job = .search(request, path: rest[0])
    }

    func validate() throws(ScenarioError) {
        guard let out else { return }
        if case .search(let request, _) = job, request.shard != nil { return try OutputPath.checkFile(out, flag: Self.out.name) }
        try OutputPath.checkDirectory(out, creating: true, flag: Self.out.name)
    }

    func run() throws -> Int32 {
        switch job {
        case .merge(let paths):
            var files: [(name: String, text: String)] = []
            for path in paths {
                let data = try InputFile.read(path, limit: SweepCommand.maxMergeBytes)
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ScenarioError(file: path, location: "", message: "cannot read the file: expected UTF-8 text")
                }
                files.append((path, text))
            }
            let (table, identity) = try TuneCSV.merge(files)
            // The title the search itself gives: merging the CSV of a whole search rewrites its files byte for byte.
            let name = identity.first { $0.name == "name" }?.value.removingPercentEncoding ?? "(merged)"
            try write(table, identity: identity, title: "edgesim tune \(name)")
        case .search(let request, _):
            let plan = try Tuner.plan(request)
            let identity = TuneCSV.identity(plan, request.criteria, budget: request.budget)
            let line: TuneProgressLine? = isatty(2) == 1 ? TuneProgressLine() : nil
            var report: (@Sendable (Tuner.Progress) -> Void)?
            if let line { report = { line.update($0) } }
            let table = try Tuner.tune(request, progress: report)
            line?.finish()
            let title = "edgesim tune \(plan.scenario.name)"
            if let shard = request.shard {
                let csv = TuneCSV.render(table, identity: identity, shard: shard.shard, of: shard.of)
                if let out { try writeAtomically(csv, to: out) } else { printOut(csv) }
            } else {
                try write(table, identity: identity, title: title)
            }
        }
        return 0
    }

    /// The text table on standard output; with --out, every file.
    func write(_ table: TuneTable, identity: [SweepIdentity.Field], title: String) throws {
        let text = TuneTextRenderer.render(table, title: title)
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: out)
            try writeAtomically(TuneCSV.render(table, identity: identity, shard: 1, of: 1), to: base.appendingPathComponent("tune.csv").path)
            try writeAtomically(ParetoSVGRenderer.render(table, title: title), to: base.appendingPathComponent("pareto.svg").path)
            try writeAtomically(TuneSnippets.render(table), to: base.appendingPathComponent("snippets.md").path)
            try writeAtomically(text, to: base.appendingPathComponent("front.txt").path)
        }
        printOut(text)
    }
}

/// `tune 412/900 runs  rung 2 (4 seeds)  front 7  ETA 1:05` on standard error, redrawn in place.
final class TuneProgressLine: @unchecked Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let lock = NSLock()
    private var lastDrawn: UInt64 = 0

    func update(_ progress: Tuner.Progress) {
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDrawn >= 100_000_000 else { return }
        lastDrawn = now
        let elapsed = Int(max(1, (now - start) / 1_000_000))
        let left = max(0, progress.runsEstimated - progress.runsDone)
        let eta = progress.runsDone == 0 ? 0 : elapsed * left / progress.runsDone / 1_000
        let line = "tune \(progress.runsDone)/~\(progress.runsEstimated) runs  rung \(progress.rung + 1) (\(progress.seeds) seeds)  "
            + "front \(progress.frontSize)  ETA \(eta / 60):\(eta % 60 < 10 ? "0" : "")\(eta % 60)"
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
