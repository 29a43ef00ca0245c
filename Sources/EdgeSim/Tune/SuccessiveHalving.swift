/// The adaptive search: every configuration runs on the first few seeds; after each rung the
/// configurations are ranked by non-domination (feasible ones first) and whole ranks are kept
/// until at least 1/`keepDivisor` of them are, the others dropped as dominated; the survivors
/// run on twice as many seeds, until every seed is used or the budget is spent. A space of
/// thousands of configurations costs about `configurations × firstSeeds × (1 + 2/keepDivisor
/// + ...)` runs instead of `configurations × seeds`.
///
/// The runs are asked for a rung at a time through `evaluate`, so the caller may run them in
/// parallel; every decision reads only integers and indices, so the same inputs give the same
/// search whatever the scheduling.
public struct SuccessiveHalving: Sendable {
    /// One run: a configuration on one seed (by their indices).
    public struct RunKey: Equatable, Sendable { public var configuration: Int; public var seed: Int }

    public var configurations: Int
    /// How many seeds there are; rungs use seeds 0..<k.
    public var seeds: Int
    /// The most runs to spend; nil for no limit.
    public var budget: Int?
    public var firstSeeds = 2
    public var keepDivisor = 3
    public var criteria: TuneCriteria

    public init(configurations: Int, seeds: Int, budget: Int?, criteria: TuneCriteria) {
        self.configurations = configurations
        self.seeds = seeds
        self.budget = budget
        self.criteria = criteria
    }

    /// What became of one configuration: its runs' measured values, seed by seed (seeds
    /// 0..<runs.count), and the rung it was dropped after (nil: it reached the last rung).
    public struct Outcome: Equatable, Sendable {
        public var runs: [[Int64]] = []
        public var droppedAfterRung: Int?
        public var sampled = true
    }

    public struct Result: Equatable, Sendable {
        /// One per configuration, in configuration order.
        public var outcomes: [Outcome]
        /// Seeds each rung ran on, cumulative: [2, 4, 8] ...
        public var rungSeeds: [Int]
        public var runs: Int
    }

    /// Calls `progress` after each rung with the runs done so far, the rung, the seeds it
    /// used and the current front's size.
    public func run(evaluate: ([RunKey]) throws -> [[Int64]],
                    progress: ((_ runs: Int, _ rung: Int, _ seeds: Int, _ front: Int) -> Void)? = nil) rethrows -> Result {
        var outcomes = Array(repeating: Outcome(), count: configurations)
        var seedsUsed = min(max(firstSeeds, 1), seeds)
        var active = Array(0..<configurations)
        // A budget below one pass of the first rung: fewer seeds, then a sample of configurations.
        if let budget, budget < active.count * seedsUsed {
            seedsUsed = max(1, min(seedsUsed, budget / max(active.count, 1)))
            if budget < active.count {
                active = Self.sample(configurations, count: max(budget, 1))
                let chosen = Set(active)
                for c in 0..<configurations where !chosen.contains(c) { outcomes[c].sampled = false }
            }
        }
        var spent = 0
        var rungSeeds: [Int] = []
        var rung = 0
        var previousSeeds = 0
        while true {
            let keys = active.flatMap { c in (previousSeeds..<seedsUsed).map { RunKey(configuration: c, seed: $0) } }
            let values = try evaluate(keys)
            for (key, value) in zip(keys, values) { outcomes[key.configuration].runs.append(value) }
            spent += keys.count
            rungSeeds.append(seedsUsed)
            let order = ranked(active, outcomes, enough: (active.count + keepDivisor - 1) / keepDivisor)
            progress?(spent, rung, seedsUsed, order.frontSize)
            guard seedsUsed < seeds else { break }
            let nextSeeds = min(seedsUsed * 2, seeds)
            var keep = order.keep(atLeast: (active.count + keepDivisor - 1) / keepDivisor)
            if let budget {
                let affordable = (budget - spent) / (nextSeeds - seedsUsed)
                keep = Array(keep.prefix(affordable))
            }
            // The budget affords no run of the next rung: the last rung is the result.
            guard !keep.isEmpty else { break }
            let kept = Set(keep)
            for c in active where !kept.contains(c) { outcomes[c].droppedAfterRung = rung }
            active = keep.sorted()
            previousSeeds = seedsUsed
            seedsUsed = nextSeeds
            rung += 1
        }
        return Result(outcomes: outcomes, rungSeeds: rungSeeds, runs: spent)
    }

    /// The active configurations in the order the next rung keeps them: feasible before
    /// infeasible, then by rank, then the more isolated first (crowding), then by index.
    struct Order {
        var ranked: [(configuration: Int, rank: Int)]
        var frontSize: Int

        /// Whole ranks until at least `count` are kept.
        func keep(atLeast count: Int) -> [Int] {
            var kept: [Int] = []
            var lastRank = -1
            for entry in ranked {
                if kept.count >= count && entry.rank != lastRank { break }
                kept.append(entry.configuration)
                lastRank = entry.rank
            }
            return kept
        }
    }

    func ranked(_ active: [Int], _ outcomes: [Outcome], enough: Int) -> Order {
        let scores = active.map { criteria.score(outcomes[$0].runs) }
        let feasible = active.indices.filter { scores[$0].feasible }
        let infeasible = active.indices.filter { !scores[$0].feasible }
        var ranked: [(configuration: Int, rank: Int)] = []
        var frontSize = 0
        var rankOffset = 0
        for group in [feasible, infeasible] where !group.isEmpty {
            let points = group.map { scores[$0].objectives }
            let ranks = Pareto.ranks(points, enough: enough)
            if rankOffset == 0 { frontSize = ranks.filter { $0 == 0 }.count }
            for rank in 0...(ranks.max() ?? 0) {
                let members = group.indices.filter { ranks[$0] == rank }
                let crowding = Pareto.crowding(points, members: members)
                let ordered = members.sorted { (-crowding[$0]!, active[group[$0]]) < (-crowding[$1]!, active[group[$1]]) }
                ranked += ordered.map { (active[group[$0]], rankOffset + rank) }
            }
            rankOffset += (ranks.max() ?? 0) + 1
        }
        return Order(ranked: ranked, frontSize: frontSize)
    }

    /// `count` of `0..<total`, drawn without replacement from a fixed stream (`tune/sample`),
    /// in index order: a stride would alias with the space's mixed-radix digits and never
    /// vary the last axis.
    static func sample(_ total: Int, count: Int) -> [Int] {
        guard count < total else { return Array(0..<total) }
        var random = SeededRandom(seed: 0, stream: "tune/sample")
        var pool = Array(0..<total)
        for i in 0..<count {
            let j = i + Int(random.uniform(below: UInt64(total - i)))
            pool.swapAt(i, j)
        }
        return pool.prefix(count).sorted()
    }
}

extension SuccessiveHalving {
    /// The runs the search would spend if every rung kept exactly 1/`keepDivisor` (for an
    /// ETA: whole ranks kept can make it more, the budget never).
    public var estimatedRuns: Int {
        var active = configurations
        var seedsUsed = min(max(firstSeeds, 1), seeds)
        if let budget, budget < active * seedsUsed {
            seedsUsed = max(1, min(seedsUsed, budget / max(active, 1)))
            active = min(active, max(budget, 1))
        }
        var total = active * seedsUsed
        while seedsUsed < seeds {
            let next = min(seedsUsed * 2, seeds)
            active = (active + keepDivisor - 1) / keepDivisor
            if let budget { active = min(active, (budget - total) / (next - seedsUsed)) }
            guard active > 0 else { break }
            total += active * (next - seedsUsed)
            seedsUsed = next
        }
        return total
    }
}
