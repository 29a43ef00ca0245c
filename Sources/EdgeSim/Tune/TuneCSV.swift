/// The search's CSV: an identity line (so shards of one search merge and others are refused),
/// a header, one row per evaluated configuration in configuration order, and the scenario's
/// own settings last (`configuration` = `current`):
///
/// ```
/// # edgesim-tune v1 shard=1/1 configurations=240 scenario=fnv1a64:… modes=- space=… seeds=1..8 objectives=… require=- budget=-
/// configuration,status,mode,<each key>,seeds,<metric>_mean,<metric>_p95,...
/// ```
///
/// Statistics are written as exact decimals (thousandths); the status is what `TuneTable`
/// works out, and a merge works it out again from the numbers.
public enum TuneCSV {
    public static let prefix = "# edgesim-tune v1 "

    /// The identity fields, all but the shard: the sweep identity's, renamed, plus the criteria.
    public static func identity(_ plan: SweepPlan, _ criteria: TuneCriteria, budget: Int?) -> [SweepIdentity.Field] {
        var fields = SweepIdentity(plan: plan, shard: 1, of: 1).fields
        fields[0] = SweepIdentity.Field(name: "configurations", value: "\(plan.count / plan.seeds.count)")
        if let grid = fields.firstIndex(where: { $0.name == "grid" }) { fields[grid].name = "space" }
        fields.removeAll { $0.name == "variants" }
        fields.insert(SweepIdentity.Field(name: "name", value: SweepIdentity.escape(plan.scenario.name)), at: 1)
        fields.append(SweepIdentity.Field(name: "objectives", value: criteria.objectives.map(\.label).joined(separator: ",")))
        fields.append(SweepIdentity.Field(name: "require", value: criteria.requirements.isEmpty ? "-"
                                          : criteria.requirements.map(\.text).joined(separator: ",")))
        fields.append(SweepIdentity.Field(name: "budget", value: budget.map { "\($0)" } ?? "-"))
        return fields
    }

    public static func render(_ table: TuneTable, identity: [SweepIdentity.Field], shard: Int, of shards: Int) -> String {
        var out = prefix + (["shard=\(shard)/\(shards)"] + identity.map { "\($0.name)=\($0.value)" }).joined(separator: " ") + "\n"
        let metrics = table.criteria.measured.flatMap { [$0.name + "_mean", $0.name + "_p95"] }
        out += line(["configuration", "status", "mode"] + table.keys + ["seeds"] + metrics)
        let statuses = table.statuses()
        for (row, status) in zip(table.rows, statuses) { out += line(cells(row, status.rawValue)) }
        if let current = table.current { out += line(cells(current, table.dominatingCurrent().isEmpty ? "current" : "current-dominated")) }
        return out
    }

    static func cells(_ row: TuneTable.Row, _ status: String) -> [String] {
        [row.configuration.map { "\($0)" } ?? "current", status, row.mode] + row.values + ["\(row.seeds)"]
            + row.stats.flatMap { $0.map(SweepSummary.thousandths) }
    }

    static func line(_ cells: [String]) -> String { cells.map(SweepCSV.cell).joined(separator: ",") + "\n" }

    /// Shard CSVs read back into one table (every shard of one search, each once), and the
    /// identity they share.
    public static func merge(_ files: [(name: String, text: String)]) throws(ScenarioError) -> (table: TuneTable, identity: [SweepIdentity.Field]) {
        guard !files.isEmpty else { throw ScenarioError(file: "--merge", location: "", message: "expected at least one tune CSV file") }
        var first: (name: String, fields: [String], shards: Int, header: [String])?
        var seen: [Int: String] = [:]
        var rows: [TuneTable.Row] = []
        var current: TuneTable.Row?
        var criteria: TuneCriteria?
        var keys: [String] = []
        for file in files {
            var lines = file.text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)[...]
            guard let identityLine = lines.popFirst(), identityLine.hasPrefix(prefix) else {
                throw ScenarioError(file: file.name, location: "1:1", message: "expected a tune CSV, whose first line is the \"\(prefix)...\" line `edgesim tune` writes")
            }
            var fields = identityLine.dropFirst(prefix.count).split(separator: " ").map(String.init)
            guard let shardField = fields.first, shardField.hasPrefix("shard="),
                  case let parts = shardField.dropFirst(6).split(separator: "/"), parts.count == 2,
                  let k = Int(parts[0]), let n = Int(parts[1]), (1...max(n, 1)).contains(k) else {
                throw ScenarioError(file: file.name, location: "1:1", message: "expected shard=K/N first in the identity line")
            }
            fields.removeFirst()
            guard let headerLine = lines.popFirst() else { throw ScenarioError(file: file.name, location: "2:1", message: "expected the header") }
            let header = try SweepSummary.cells(headerLine, line: 2)
            if let first {
                let differing = zip(first.fields, fields).filter { $0 != $1 }.map { String($0.0.prefix { $0 != "=" }) }
                guard differing.isEmpty, first.fields.count == fields.count, first.shards == n else {
                    throw ScenarioError(file: file.name, location: "1:1", message: "not a shard of the same search as \(first.name): they differ in "
                                        + (differing.isEmpty ? "the number of shards" : differing.joined(separator: ", ")))
                }
                guard header == first.header else { throw ScenarioError(file: file.name, location: "2:1", message: "its header differs from \(first.name)'s") }
            } else {
                first = (file.name, fields, n, header)
                criteria = try Self.criteria(fields, file: file.name)
                guard let seedsColumn = header.firstIndex(of: "seeds"), header.starts(with: ["configuration", "status", "mode"]) else {
                    throw ScenarioError(file: file.name, location: "2:1", message: "expected a header configuration,status,mode,...,seeds,...")
                }
                keys = Array(header[3..<seedsColumn])
            }
            if let earlier = seen[k] {
                throw ScenarioError(file: file.name, location: "1:1", message: "shard \(k)/\(n) is given twice: \(earlier) is that shard too")
            }
            seen[k] = file.name
            for (offset, text) in lines.enumerated() {
                let cells = try SweepSummary.cells(text, line: offset + 3)
                let row = try self.row(cells, keys: keys.count, measured: criteria!.measured.count, at: "\(file.name):\(offset + 3)")
                if row.configuration == nil { current = row } else { rows.append(row) }
            }
        }
        guard let first, let criteria else { throw ScenarioError(file: "--merge", location: "", message: "no files") }
        if let missing = (1...first.shards).first(where: { seen[$0] == nil }) {
            throw ScenarioError(file: "--merge", location: "", message: "shard \(missing)/\(first.shards) is missing (no file given for it)")
        }
        rows.sort { $0.configuration! < $1.configuration! }
        let identity = first.fields.map { field in
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            return SweepIdentity.Field(name: parts[0], value: parts.count > 1 ? parts[1] : "")
        }
        return (TuneTable(keys: keys, criteria: criteria, rows: rows, current: current), identity)
    }

    static func criteria(_ fields: [String], file: String) throws(ScenarioError) -> TuneCriteria {
        func value(_ name: String) -> String? { fields.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) } }
        guard let objectives = value("objectives"), let require = value("require") else {
            throw ScenarioError(file: file, location: "1:1", message: "the identity line has no objectives= or require=")
        }
        var parsed: [TuneObjective] = []
        for text in objectives.split(separator: ",") { parsed.append(try TuneObjective(parsing: String(text))) }
        var requirements: [TuneRequirement] = []
        if require != "-" {
            for text in require.split(separator: ",") {
                requirements.append(try TuneRequirement(parsing: String(text)))
            }
        }
        return TuneCriteria(objectives: parsed, requirements: requirements)
    }

    static func row(_ cells: [String], keys: Int, measured: Int, at place: String) throws(ScenarioError) -> TuneTable.Row {
        guard cells.count == 4 + keys + 2 * measured, let seeds = Int(cells[3 + keys]) else {
            throw ScenarioError(file: place, location: "", message: "expected \(4 + keys + 2 * measured) cells with a seed count")
        }
        var stats: [[Int64]] = []
        for m in 0..<measured {
            let pair = [cells[4 + keys + 2 * m], cells[5 + keys + 2 * m]].map { cell -> Int64? in
                cell.hasPrefix("-") ? DecimalText.scaled(String(cell.dropFirst()), scale: 3, maximum: .max).map { -$0 }
                    : DecimalText.scaled(cell, scale: 3, maximum: .max)
            }
            guard let mean = pair[0], let p95 = pair[1] else {
                throw ScenarioError(file: place, location: "", message: "expected numbers in the statistics columns")
            }
            stats.append([mean, p95])
        }
        let configuration = cells[0] == "current" ? nil : Int(cells[0])
        guard cells[0] == "current" || configuration != nil else {
            throw ScenarioError(file: place, location: "", message: "expected a configuration number or current, got \(quoted(cells[0]))")
        }
        return TuneTable.Row(configuration: configuration, mode: cells[2], values: Array(cells[3..<(3 + keys)]), seeds: seeds, stats: stats)
    }
}
