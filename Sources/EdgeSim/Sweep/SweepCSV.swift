/// The sweep's output: one CSV row per run (with `--by`, per run and group),
/// `run,scenario,variant,mode,seed,<swept keys>[,group],<metrics>,expects_failed,<each expect line>`,
/// a header first. An expect line's cell is `pass` or `fail`, empty in runs of other variants. `run` is the run's index in the plan, so shards merge back into exactly the
/// unsharded file. No units in cells (durations are seconds), an empty cell for a null metric.
public enum SweepCSV {
    public static let identityColumns = ["run", "scenario", "variant", "mode", "seed"]

    public static func header(_ plan: SweepPlan, by grouping: MetricsGrouping? = nil) -> String {
        let group = grouping == nil ? [] : ["group"]
        let expects = plan.scenario.expectations.map(\.text)
        return (identityColumns + plan.grid.map(\.key) + group + Metrics.names + ["expects_failed"] + expects)
            .map(cell).joined(separator: ",") + "\n"
    }

    /// The rows of a finished run: one, or one per group of `grouping`.
    public static func row(_ run: SweepPlan.Run, _ report: RunReport, by grouping: MetricsGrouping? = nil) -> String {
        let identity = ["\(run.index)", report.scenario, report.variant ?? "", report.mode.rawValue, "\(report.seed)"]
            + run.values.map(number)
        let outcomes = ExpectationChecker.check(report.expectations, against: report)
        var expects = Array(repeating: "", count: report.scenarioExpectationCount)
        for (outcome, index) in zip(outcomes, report.expectationIndices) { expects[index] = outcome.passed ? "pass" : "fail" }
        let tail = ["\(outcomes.filter { !$0.passed }.count)"] + expects
        return Metrics.rows(report, by: grouping).map { metrics in
            let group = grouping == nil ? [] : [metrics.scope.group ?? ""]
            return (identity + group + metrics.fields.map { $0.value ?? "" } + tail).map(cell).joined(separator: ",") + "\n"
        }.joined()
    }

    /// A swept value as a number a spreadsheet reads: a duration (`2m`) in seconds (`120`,
    /// `0.250`), anything else as given.
    static func number(_ value: String) -> String {
        guard value.contains(where: \.isLetter), let time = SimTime.parse(value) else { return value }
        return time.microseconds % 1_000_000 == 0 ? "\(time.wholeSeconds)" : time.secondsText
    }

    /// A cell as RFC 4180 writes it: quoted only when it holds a comma, a quote or a line break.
    public static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A shard's first lines: its `SweepIdentity`, then the header the unsharded sweep writes.
    public static func shardHeader(_ plan: SweepPlan, shard: Int, of shards: Int, by grouping: MetricsGrouping? = nil) -> String {
        SweepIdentity(plan: plan, shard: shard, of: shards).line + "\n" + header(plan, by: grouping)
    }

    /// Merges shard outputs into the file the unsharded sweep writes: the same header, every
    /// row once, in run order. Refuses, naming the file, a file without an identity line,
    /// shards of different sweeps (saying what differs), different headers, a shard given twice
    /// or missing, and a shard whose rows are not exactly its runs (a truncated or edited file).
    public static func merge(_ files: [(name: String, text: String)]) throws(ScenarioError) -> String {
        guard !files.isEmpty else {
            throw ScenarioError(file: "--merge", location: "", message: "expected at least one CSV file")
        }
        let shards = try files.map { file throws(ScenarioError) in try Shard(file.name, file.text) }
        let byNumber = try sameSweep(shards)
        var rows: [(run: Int, line: Substring)] = []
        for shard in byNumber { rows += shard.rows }
        rows.sort { $0.run < $1.run }
        return ([shards[0].header] + rows.map(\.line)).joined(separator: "\n") + "\n"
    }

    /// One shard file, read: its identity, header and rows, the rows checked to be exactly the
    /// runs its identity gives it.
    struct Shard {
        var name: String
        var identity: SweepIdentity
        var header: Substring
        var rows: [(run: Int, line: Substring)] = []

        init(_ name: String, _ text: String) throws(ScenarioError) {
            self.name = name
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
            guard let first = lines.popFirst(), let identity = SweepIdentity.parse(first) else {
                throw ScenarioError(file: name, location: "1:1", message: "expected a sweep shard, whose first line is the "
                                    + "\"\(SweepIdentity.prefix)...\" line `edgesim sweep --shard K/N` writes")
            }
            self.identity = identity
            guard let header = lines.popFirst(), header.hasPrefix("run,") else {
                throw ScenarioError(file: name, location: "2:1", message: "expected a sweep CSV header starting with \"run,\"")
            }
            self.header = header
            var expected = stride(from: identity.shard - 1, to: identity.runs, by: identity.shards).makeIterator()
            var previous: Int?
            for (offset, line) in lines.enumerated() {
                let location = "\(offset + 3):1"
                guard let comma = line.firstIndex(of: ","), let run = Int(line[..<comma]), run >= 0 else {
                    throw ScenarioError(file: name, location: location, message: "expected a run number in the first column")
                }
                // A breakdown (--by) writes a run's groups on consecutive rows.
                if run == previous { rows.append((run, line)); continue }
                previous = run
                guard let next = expected.next(), next == run else {
                    throw ScenarioError(file: name, location: location, message: "expected only the runs of shard "
                                        + "\(identity.shard)/\(identity.shards) in run order, got run \(run)")
                }
                rows.append((run, line))
            }
            if let missing = expected.next() {
                throw ScenarioError(file: name, location: "", message: "run \(missing) is missing: the shard is incomplete")
            }
        }
    }

    /// The shards in shard order, once checked to be every shard of one sweep, each once.
    static func sameSweep(_ shards: [Shard]) throws(ScenarioError) -> [Shard] {
        let first = shards[0]
        var byNumber: [Shard?] = Array(repeating: nil, count: first.identity.shards)
        for shard in shards {
            let differences = shard.identity.differences(from: first.identity)
            if !differences.isEmpty {
                let phrases = differences.map { "the \($0.name) (\($0.mine) here, \($0.theirs) in \(first.name))" }
                throw ScenarioError(file: shard.name, location: "1:1", message: "not a shard of the same sweep as \(first.name): "
                                    + "they differ in " + phrases.joined(separator: ", "))
            }
            if shard.header != first.header {
                throw ScenarioError(file: shard.name, location: "2:1", message: "its header differs from \(first.name)'s")
            }
            if let earlier = byNumber[shard.identity.shard - 1] {
                throw ScenarioError(file: shard.name, location: "1:1", message: "shard \(shard.identity.shard)/\(first.identity.shards) "
                                    + "is given twice: \(earlier.name) is that shard too")
            }
            byNumber[shard.identity.shard - 1] = shard
        }
        if let missing = byNumber.firstIndex(where: { $0 == nil }) {
            throw ScenarioError(file: "--merge", location: "", message: "shard \(missing + 1)/\(first.identity.shards) is missing "
                                + "(no file given for it)")
        }
        return byNumber.map { $0! }
    }
}
