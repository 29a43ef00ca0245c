/// A finished search, as every output reads it: each evaluated configuration's statistics
/// and the scenario's own settings evaluated on the last rung's seeds. Statuses and the front
/// are worked out from these numbers alone, so a merge of shards (which has only the CSVs)
/// decides exactly as the search that wrote them.
public struct TuneTable: Equatable, Sendable {
    /// One evaluated configuration. `configuration` is its index in the space (nil for the
    /// scenario's own settings); `stats[m]` is the mean and p95 (thousandths) of
    /// `criteria.measured[m]` over `seeds` seeds.
    public struct Row: Equatable, Sendable {
        public var configuration: Int?
        public var mode: String
        public var values: [String]
        public var seeds: Int
        public var stats: [[Int64]]

        public init(configuration: Int?, mode: String, values: [String], seeds: Int, stats: [[Int64]]) {
            self.configuration = configuration; self.mode = mode; self.values = values; self.seeds = seeds; self.stats = stats
        }

        public init(configuration: Int?, mode: String, values: [String], runs: [[Int64]], criteria: TuneCriteria) {
            let columns = criteria.columns(runs)
            self.init(configuration: configuration, mode: mode, values: values, seeds: runs.count,
                      stats: columns.map { [TuneStatistic.mean.of($0), TuneStatistic.p95.of($0)] })
        }

        /// `#12`, or `current`.
        public var label: String { configuration.map { "#\($0)" } ?? "current" }
    }

    public enum Status: String, Sendable { case front, tie, dominated, infeasible, pruned }

    /// The swept keys, in `--space` order.
    public var keys: [String]
    public var criteria: TuneCriteria
    /// In configuration order.
    public var rows: [Row]
    public var current: Row?

    public init(keys: [String], criteria: TuneCriteria, rows: [Row], current: Row?) {
        self.keys = keys; self.criteria = criteria; self.rows = rows; self.current = current
    }

    public func objectives(_ row: Row) -> [Int64] {
        criteria.objectives.map { row.stats[criteria.column($0.metric)][$0.statistic == .mean ? 0 : 1] }
    }

    public func feasible(_ row: Row) -> Bool {
        criteria.requirements.allSatisfy { $0.holds(row.stats[criteria.column($0.objective.metric)][$0.objective.statistic == .mean ? 0 : 1]) }
    }

    /// The seeds of the last rung: configurations evaluated on fewer were dropped on the way.
    public var finalSeeds: Int { rows.map(\.seeds).max() ?? 0 }

    /// Indices into `rows` of the front: the feasible configurations of the last rung that no
    /// other one dominates, ordered by the first objective, then the next, then configuration.
    /// Of configurations with identical objectives (a setting the mode ignores), the first
    /// stands for all (`ties`).
    public var front: [Int] {
        var seen = Set<[Int64]>()
        return nonDominated.filter { seen.insert(objectives(rows[$0])).inserted }
    }

    /// The front rows with the same objectives as front row `index`, other than it.
    public func ties(of index: Int) -> [Int] {
        let mine = objectives(rows[index])
        return nonDominated.filter { $0 != index && objectives(rows[$0]) == mine }
    }

    var nonDominated: [Int] {
        let finalists = rows.indices.filter { rows[$0].seeds == finalSeeds && feasible(rows[$0]) }
        let points = finalists.map { objectives(rows[$0]) }
        return Pareto.front(points).map { finalists[$0] }
            .sorted { a, b in
                let (x, y) = (objectives(rows[a]), objectives(rows[b]))
                return x == y ? (rows[a].configuration ?? -1) < (rows[b].configuration ?? -1) : x.lexicographicallyPrecedes(y)
            }
    }

    public func statuses() -> [Status] {
        let onFront = Set(front), tied = Set(nonDominated)
        return rows.indices.map { i in
            if rows[i].seeds < finalSeeds { return .pruned }
            if !feasible(rows[i]) { return .infeasible }
            return onFront.contains(i) ? .front : tied.contains(i) ? .tie : .dominated
        }
    }

    /// The front's rows that dominate the scenario's own settings.
    public func dominatingCurrent() -> [Int] {
        guard let current else { return [] }
        let mine = objectives(current)
        return front.filter { Pareto.dominates(objectives(rows[$0]), mine) }
    }

    /// `node-monitor-grace-period=2m toleration:pos-*=1800` (with the mode when modes vary).
    public func describe(_ row: Row, withMode: Bool) -> String {
        guard row.configuration != nil else { return "the scenario's own settings" }
        let pairs = zip(keys, row.values).map { "\($0)=\($1)" }
        return ((withMode ? ["mode=\(row.mode)"] : []) + pairs).joined(separator: " ")
    }

    /// Whether the configurations run in more than one mode.
    public var modesVary: Bool { Set(rows.map(\.mode)).count > 1 }
}
