/// The sweep's output: one CSV row per run, `run,scenario,variant,mode,seed,<swept keys>,<metrics>`,
/// a header first. `run` is the run's index in the plan, so shards merge back into exactly the
/// unsharded file. No units in cells (durations are seconds), an empty cell for a null metric.
public enum SweepCSV {
    public static let identityColumns = ["run", "scenario", "variant", "mode", "seed"]

    public static func header(_ plan: SweepPlan) -> String {
        (identityColumns + plan.grid.map(\.key) + Metrics.names).map(cell).joined(separator: ",") + "\n"
    }

    /// The row of a finished run.
    public static func row(_ run: SweepPlan.Run, _ report: RunReport) -> String {
        let identity = ["\(run.index)", report.scenario, report.variant ?? "", report.mode.rawValue, "\(report.seed)"]
        let metrics = Metrics(report).fields.map { $0.value ?? "" }
        return (identity + run.values.map(number) + metrics).map(cell).joined(separator: ",") + "\n"
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

    /// Merges shard outputs into the file the unsharded sweep writes: the same header, every
    /// row once, in run order. Refuses different headers, a run in two files, and gaps (a
    /// missing shard), naming the file.
    public static func merge(_ files: [(name: String, text: String)]) throws(ScenarioError) -> String {
        guard let first = files.first else {
            throw ScenarioError(file: "--merge", location: "", message: "expected at least one CSV file")
        }
        var header: Substring?
        var rows: [(run: Int, line: Substring, file: String)] = []
        for file in files {
            var lines = file.text.split(separator: "\n", omittingEmptySubsequences: true)
            guard !lines.isEmpty else { throw ScenarioError(file: file.name, location: "", message: "expected a sweep CSV, got an empty file") }
            let fileHeader = lines.removeFirst()
            guard fileHeader.hasPrefix("run,") else {
                throw ScenarioError(file: file.name, location: "1:1", message: "expected a sweep CSV whose header starts with \"run,\"")
            }
            if let header, header != fileHeader {
                throw ScenarioError(file: file.name, location: "1:1", message: "its header differs from \(first.name)'s: not shards of the same sweep")
            }
            header = fileHeader
            for (offset, line) in lines.enumerated() {
                guard let comma = line.firstIndex(of: ","), let run = Int(line[..<comma]), run >= 0 else {
                    throw ScenarioError(file: file.name, location: "\(offset + 2):1", message: "expected a run number in the first column")
                }
                rows.append((run, line, file.name))
            }
        }
        rows.sort { $0.run < $1.run }
        for (position, row) in rows.enumerated() where row.run != position {
            if position > 0 && rows[position - 1].run == row.run {
                throw ScenarioError(file: row.file, location: "", message: "run \(row.run) is also in \(rows[position - 1].file): overlapping shards")
            }
            throw ScenarioError(file: "--merge", location: "", message: "run \(position) is missing (a shard not given?)")
        }
        return ([header!] + rows.map(\.line)).joined(separator: "\n") + "\n"
    }
}
