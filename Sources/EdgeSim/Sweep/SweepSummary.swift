/// `sweep --summary`: a sweep's rows grouped by configuration (everything but the run index
/// and the seed), and per metric the number of runs that report it, its mean, median, 95th
/// percentile and maximum over the seeds — the spread a decision needs when faults are drawn at
/// random. Tidy CSV, one row per configuration and metric, with the sweep's own column names:
///
/// `scenario,variant,mode,<swept keys>[,group],metric,runs,mean,p50,p95,max`
///
/// Values are read and averaged as exact decimals (thousandths: the sweep writes durations in
/// seconds to the millisecond); percentiles are nearest-rank, so they are values a run had.
public enum SweepSummary {
    public static let statistics = ["runs", "mean", "p50", "p95", "max"]

    /// The summary of a sweep CSV (`SweepCSV.header` and its rows).
    public static func csv(_ sweep: String) throws(ScenarioError) -> String {
        let table = try SweepSummary.read(sweep)
        var out = (table.keys + ["metric"] + statistics).map(SweepCSV.cell).joined(separator: ",") + "\n"
        for (key, rows) in table.groups {
            for (column, metric) in table.metrics {
                let values = rows.compactMap { row in DecimalText.scaled(row[column], scale: 3, maximum: .max) }.sorted()
                out += (key + [metric] + summary(values)).map(SweepCSV.cell).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// `runs,mean,p50,p95,max` of values in thousandths; empty cells when no run reports it.
    static func summary(_ values: [Int64]) -> [String] {
        guard !values.isEmpty else { return ["0", "", "", "", ""] }
        let n = values.count
        func rank(_ percent: Int) -> Int64 { values[max(0, (n * percent + 99) / 100 - 1)] }
        let sum = values.reduce(Int128(0)) { $0 + Int128($1) }
        let mean = Int64((sum + Int128(n / 2)) / Int128(n))
        return ["\(n)", thousandths(mean), thousandths(rank(50)), thousandths(rank(95)), thousandths(values[n - 1])]
    }

    /// 345531 → `345.531`, 2000 → `2`, -1500 → `-1.5`.
    static func thousandths(_ value: Int64) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        var fraction = String(magnitude % 1_000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + "\(magnitude / 1_000)" + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// The sweep's configuration columns, its metric columns (by index), and its rows grouped
    /// by configuration in order of first appearance.
    struct Table {
        var keys: [String]
        var metrics: [(column: Int, name: String)]
        var groups: [(key: [String], rows: [[String]])]
    }

    static func read(_ sweep: String) throws(ScenarioError) -> Table {
        var lines = sweep.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)[...]
        // A shard's identity line comes first; the header follows it.
        if lines.first?.hasPrefix("#") == true { lines = lines.dropFirst() }
        guard let headerLine = lines.popFirst() else { throw problem("an empty sweep CSV: expected its header") }
        let header = try cells(headerLine, line: 1)
        guard header.first == "run", header.contains("seed") else {
            throw problem("expected the header of an edgesim sweep CSV (run,scenario,variant,mode,seed,...), got \(Echo.quoted(headerLine))")
        }
        let metricNames = Set(Metrics.names + ["expects_failed"])
        let metrics = header.enumerated().filter { metricNames.contains($0.element) }.map { (column: $0.offset, name: $0.element) }
        guard let firstMetric = metrics.first?.column else { throw problem("the sweep CSV has no metric columns") }
        let keyColumns = (0..<firstMetric).filter { header[$0] != "run" && header[$0] != "seed" }
        var groups: [(key: [String], rows: [[String]])] = []
        var index: [[String]: Int] = [:]
        for (offset, line) in lines.enumerated() {
            let row = try cells(line, line: offset + 2)
            guard row.count == header.count else {
                throw problem("line \(offset + 2) has \(row.count) cells, the header \(header.count)")
            }
            let key = keyColumns.map { row[$0] }
            if let at = index[key] { groups[at].rows.append(row) } else { index[key] = groups.count; groups.append((key, [row])) }
        }
        return Table(keys: keyColumns.map { header[$0] }, metrics: metrics, groups: groups)
    }

    /// One CSV line's cells (RFC 4180 quotes; a sweep never writes a line break in a cell).
    static func cells(_ line: String, line number: Int) throws(ScenarioError) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, atStart = true
        var characters = line.makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote is a quote; a single one ends the quoted part.
                    var lookahead = characters
                    if lookahead.next() == "\"" { cell.append("\""); characters = lookahead } else { quoted = false }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" && atStart {
                quoted = true
            } else if c == "," {
                cells.append(cell); cell = ""; atStart = true; continue
            } else {
                cell.append(c)
            }
            atStart = false
        }
        guard !quoted else { throw problem("line \(number) ends inside a quoted cell") }
        cells.append(cell)
        return cells
    }

    static func problem(_ message: String) -> ScenarioError {
        ScenarioError(file: "--summary", location: "", message: message)
    }
}
