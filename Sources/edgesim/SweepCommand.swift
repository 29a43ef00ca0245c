import EdgeSim
import Foundation

struct SweepCommand: Command {
    static let name = "sweep"
    static let abstract = "Run a scenario over a grid of settings, modes and seeds; one CSV row of metrics per run."
    static let operands = "SCENARIO"
    static var otherUsages: [String] { ["\(merge.name) SHARD.csv... \(out.usageFragment)"] }
    static let discussion = """
        Runs the cross product modes × variants × grid values × seeds (modes outermost, then the
        scenario's variants, then the --grid keys in the order given, seeds innermost) and writes a
        CSV: run,scenario,variant,mode,seed,<each swept key>[,group],<each metric>,expects_failed,
        <each expect line: pass|fail>. `run` is the run's index in that order; durations are
        seconds; an empty cell is a metric or an expect line that does not apply.
        The rows never depend on --jobs or on scheduling.
        """
    static let epilogue = "A progress line (runs done, runs/s, ETA) goes to standard error when it is a terminal."

    static let grid = Option.repeatable("--grid", "KEY=v1,v2", usage: "KEY=v1,v2,...",
                                        help: "sweep a setting (repeatable; any key `edgesim run --help` lists)")
    static let modes = Option.value("--modes", "M1,M2", help: "kubernetes | openshift (default: the scenario's mode)")
    static let seeds = Option.value("--seeds", "S", synopsis: "[--seeds 1..20 | --seeds 1,5,9]",
                                    help: "1..20, 1,5,9 or a mix (default: the scenario's seed)")
    static let jobs = Option.value("--jobs", "N", help: "worker threads (default: every core, here \(ProcessInfo.processInfo.activeProcessorCount))")
    static let shard = Option.value("--shard", "K/N", help: "run only shard K of N: runs K-1, K-1+N, K-1+2N, ... (round-robin)")
    // --merge switches the operands to shard CSVs: its own usage line, not the first one.
    static let merge = Option.flag("--merge", "FILES", synopsis: "", help: "merge shard CSVs into exactly the file the unsharded sweep writes")
    static let out = Option.value("--out", "FILE", help: "write there, atomically, instead of standard output")
    static let by = Option.value("--by", "G", usage: MetricsGrouping.spelling,
                                 help: "a row per run and group (workload, kind, zone, site or label:KEY), in a group column")
    static let summary = Option.flag("--summary", help: """
        instead of a row per run, a row per configuration and metric: runs,
        mean, p50, p95 and max over the seeds (also with --merge)
        """)
    static let options = [grid, modes, seeds, jobs, shard, merge, out, by, summary] + BudgetOptions.all

    /// What the arguments ask for: a sweep, decoded, or a merge of shard files.
    enum Job {
        case sweep(Sweep)
        case merge([String])
    }

    struct Sweep {
        var path: String
        var grid: [SweepPlan.Axis]
        var modes: [Mode]
        var seeds: [UInt64]
        var jobs: Int
        /// Nil for the whole sweep; a shard's output starts with the sweep's identity line.
        var shard: (shard: Int, of: Int)?
        var grouping: MetricsGrouping?
        /// Each run's budget (not the sweep's).
        var budget = RunBudget()
    }

    var job: Job
    var out: String?
    var summarises: Bool

    /// Throws a `UsageError`, or the library's `ScenarioError` for a --grid, --modes, --seeds or
    /// --shard value it cannot read.
    init(parsing arguments: ParsedArguments) throws {
        out = arguments.value(Self.out)
        summarises = arguments.flag(Self.summary)
        let rest = arguments.operands
        if arguments.flag(Self.merge) {
            guard arguments.values(Self.grid).isEmpty,
                  ([Self.modes, Self.seeds, Self.jobs, Self.shard, Self.by] + BudgetOptions.all).allSatisfy({ arguments.value($0) == nil }) else {
                throw UsageError(message: "--merge takes only CSV files, --out and --summary")
            }
            guard !rest.isEmpty else { throw UsageError(message: "--merge needs the shard CSV files") }
            job = .merge(rest)
            return
        }
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let jobsText = arguments.value(Self.jobs) {
            guard let n = Int(jobsText), (1...1024).contains(n) else { throw UsageError(message: "--jobs expects a number from 1 to 1024, got \"\(jobsText)\"") }
            jobs = n
        }
        guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing SCENARIO" : "expected one SCENARIO, got \(rest.count)") }
        var grid: [SweepPlan.Axis] = []
        for axis in arguments.values(Self.grid) { grid.append(try SweepArguments.axis(axis)) }
        job = .sweep(Sweep(path: rest[0], grid: grid, modes: try arguments.value(Self.modes).map(SweepArguments.modes) ?? [],
                           seeds: try arguments.value(Self.seeds).map(SweepArguments.seeds) ?? [], jobs: jobs,
                           shard: try arguments.value(Self.shard).map(SweepArguments.shard),
                           grouping: try RunCommand.parseGrouping(arguments.value(Self.by)),
                           budget: try BudgetOptions.parse(arguments)))
    }

    func validate() throws(ScenarioError) {
        if let out { try OutputPath.checkFile(out, flag: Self.out.name) }
    }

    func run() throws -> Int32 {
        var text: String
        switch job {
        case .merge(let paths): text = try Self.merge(paths)
        case .sweep(let sweep): text = try Self.sweep(sweep)
        }
        if summarises { text = try SweepSummary.csv(text) }
        if let out { try writeAtomically(text, to: out) } else { printOut(text) }
        return 0
    }

    /// Refused above this many bytes in all the shard files together: the merge holds them all
    /// in memory (a sweep of `SweepPlan.maxRuns` runs writes about 1 GiB).
    static let maxMergeBytes = 2 << 30

    /// Every file's size is checked before any is read; what `stat` cannot size is read only up
    /// to what is left of the limit.
    static func merge(_ paths: [String]) throws(ScenarioError) -> String {
        var total = 0
        for path in paths {
            total += try InputFile.size(path) ?? 0
            if total > maxMergeBytes {
                throw ScenarioError(file: path, location: "", message: "the shard files come to more than the --merge limit of "
                                    + InputFile.describe(maxMergeBytes))
            }
        }
        var files: [(name: String, text: String)] = []
        var left = maxMergeBytes
        for path in paths {
            let data = try InputFile.read(path, limit: left)
            left -= data.count
            guard let text = String(data: data, encoding: .utf8) else {
                throw ScenarioError(file: path, location: "", message: "cannot read the file: expected UTF-8 text")
            }
            files.append((path, text))
        }
        return try SweepCSV.merge(files)
    }

    /// Throws a `ScenarioError` for bad input, or the `InvariantViolation` of the earliest run
    /// that broke one (exit 3).
    static func sweep(_ sweep: Sweep) throws -> String {
        let (scenario, map) = try ScenarioLoader.load(path: sweep.path)
        let plan = try SweepPlan(scenario: scenario, sourceMap: map, modes: sweep.modes, grid: sweep.grid, seeds: sweep.seeds)
        let indices = plan.indices(shard: sweep.shard?.shard ?? 1, of: sweep.shard?.of ?? 1)
        var report: (@Sendable (Int) -> Void)?
        let progress: ProgressLine? = isatty(2) == 1 ? ProgressLine(total: indices.count) : nil
        if let progress { report = { done in progress.update(done: done) } }
        defer { progress?.finish() }
        let rows = try SweepRunner.rows(plan, indices: indices, jobs: sweep.jobs, by: sweep.grouping, budget: sweep.budget,
                                        progress: report)
        let header = sweep.shard.map { SweepCSV.shardHeader(plan, shard: $0.shard, of: $0.of, by: sweep.grouping) }
            ?? SweepCSV.header(plan, by: sweep.grouping)
        return header + rows.joined()
    }
}

/// `sweep 37/120 runs  4.1 runs/s  ETA 0:20` on standard error, redrawn in place. The CLI is
/// the only place that reads the wall clock.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let start = DispatchTime.now().uptimeNanoseconds
    private let lock = NSLock()
    private var lastDrawn: UInt64 = 0

    init(total: Int) { self.total = total }

    func update(done: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        // At most ten redraws a second, and always the last one.
        guard done == total || now - lastDrawn >= 100_000_000 else { return }
        lastDrawn = now
        let elapsedMilliseconds = max(1, (now - start) / 1_000_000)
        let tenthsPerSecond = UInt64(done) * 10_000 / elapsedMilliseconds
        let etaSeconds = done == 0 ? 0 : Int(elapsedMilliseconds) * (total - done) / done / 1_000
        let line = "sweep \(done)/\(total) runs  \(tenthsPerSecond / 10).\(tenthsPerSecond % 10) runs/s  ETA \(etaSeconds / 60):\(etaSeconds % 60 < 10 ? "0" : "")\(etaSeconds % 60)"
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
