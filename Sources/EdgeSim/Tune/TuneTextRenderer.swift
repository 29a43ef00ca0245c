/// The front as a text table: one line per front configuration (its swept values, each
/// objective's statistic, the seeds), the scenario's own settings under it, and a sentence
/// saying where those sit relative to the front.
public enum TuneTextRenderer {
    public static func render(_ table: TuneTable, title: String) -> String {
        let statuses = table.statuses()
        let pruned = statuses.filter { $0 == .pruned }.count
        let infeasible = statuses.filter { $0 == .infeasible }.count
        let front = table.front
        var out = "\(title): \(table.rows.count) configurations evaluated, \(pruned) dropped as dominated on fewer seeds"
            + (infeasible > 0 ? ", \(infeasible) breaking a --require" : "") + "; the last rung ran \(table.finalSeeds) seeds\n"
        out += "objectives, minimised: " + table.criteria.objectives.map(\.label).joined(separator: ", ") + "\n"
        if !table.criteria.requirements.isEmpty {
            out += "required: " + table.criteria.requirements.map(\.text).joined(separator: ", ") + "\n"
        }
        out += "\nPareto front (\(front.count) configuration\(front.count == 1 ? "" : "s")):\n"
        let withMode = table.modesVary || table.current.map { c in table.rows.contains { $0.mode != c.mode } } == true
        let header = ["config"] + (withMode ? ["mode"] : []) + table.keys + table.criteria.objectives.map(\.label) + ["seeds"]
        var lines = front.map { cells(table, table.rows[$0], withMode: withMode) }
        if let current = table.current { lines.append(cells(table, current, withMode: withMode)) }
        out += align([header] + lines)
        let tied = front.compactMap { i -> String? in
            let others = table.ties(of: i)
            guard !others.isEmpty else { return nil }
            let named = others.prefix(8).map { table.rows[$0].label }.joined(separator: ", ")
            return "  \(table.rows[i].label) stands for " + named + (others.count > 8 ? " and \(others.count - 8) more (tune.csv: status tie)" : "")
        }
        if !tied.isEmpty { out += "identical results (settings the mode does not read):\n" + tied.joined(separator: "\n") + "\n" }
        out += "\n" + verdict(table) + "\n"
        return out
    }

    static func cells(_ table: TuneTable, _ row: TuneTable.Row, withMode: Bool) -> [String] {
        let values = row.configuration == nil ? table.keys.map { _ in "(own)" } : row.values
        return [row.label] + (withMode ? [row.mode] : []) + values + table.objectives(row).map(SweepSummary.thousandths) + ["\(row.seeds)"]
    }

    /// "Your current settings are dominated by: #3, #17." or why they are not.
    public static func verdict(_ table: TuneTable) -> String {
        guard let current = table.current else { return "(the scenario's own settings were not evaluated in this shard)" }
        let dominating = table.dominatingCurrent()
        if !dominating.isEmpty {
            return "Your current settings are dominated by: " + dominating.map { table.rows[$0].label }.joined(separator: ", ")
                + " (each is no worse in every objective and better in one)."
        }
        if !table.feasible(current) {
            return "Your current settings break a --require; no front configuration dominates them in every objective."
        }
        let mine = table.objectives(current)
        if let same = table.front.first(where: { table.objectives(table.rows[$0]) == mine }) {
            return "Your current settings are on the front: the same results as \(table.rows[same].label); "
                + "no configuration searched beats them in one objective without losing in another."
        }
        let labels = table.criteria.objectives.map(\.label)
        let unbeaten = labels.indices.filter { d in table.front.allSatisfy { mine[d] <= table.objectives(table.rows[$0])[d] } }
        var out = "Your current settings are not dominated by the front"
        if !unbeaten.isEmpty { out += ": no front configuration beats them on " + unbeaten.map { labels[$0] }.joined(separator: ", ") }
        // The front point better in the most objectives, and what it costs.
        let closest = table.front.max { a, b in
            let (x, y) = (table.objectives(table.rows[a]), table.objectives(table.rows[b]))
            return zip(x, mine).filter { $0 < $1 }.count < zip(y, mine).filter { $0 < $1 }.count
        }
        if let closest {
            let theirs = table.objectives(table.rows[closest])
            let worse = labels.indices.filter { theirs[$0] > mine[$0] }
            out += (unbeaten.isEmpty ? ":" : ";") + " the nearest, \(table.rows[closest].label), is better on "
                + labels.indices.filter { theirs[$0] < mine[$0] }.map { labels[$0] }.joined(separator: ", ") + " but worse on "
                + worse.map { "\(labels[$0]) (\(SweepSummary.thousandths(theirs[$0])) against \(SweepSummary.thousandths(mine[$0])))" }
                    .joined(separator: ", ")
        }
        return out + "."
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func align(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
