@testable import EdgeSim
import Testing

/// A synthetic space whose dominance relation is known: configurations 0..<10 lie on the line
/// x + y = 10 (the front: none dominates another); 10..<30 are each a front point moved up and
/// right by 1 or 2 (each dominated by exactly the point it was moved from). Seeds add nothing,
/// so the ranks are the same at every rung.
@Suite("Successive halving on a known front")
struct SuccessiveHalvingTests {
    static func point(_ c: Int) -> [Int64] {
        if c < 10 { return [Int64(c) * 1_000, Int64(10 - c) * 1_000] }
        let base = c % 10, shift = Int64(c < 20 ? 1 : 2)
        return [(Int64(base) + shift) * 1_000, (Int64(10 - base) + shift) * 1_000]
    }

    static let criteria = TuneCriteria(objectives: [try! TuneObjective(parsing: "evictions"), try! TuneObjective(parsing: "pods_restarted")])

    /// The search over the synthetic space, and every run it asked for.
    static func search(budget: Int? = nil) -> (SuccessiveHalving.Result, [SuccessiveHalving.RunKey]) {
        var asked: [SuccessiveHalving.RunKey] = []
        let search = SuccessiveHalving(configurations: 30, seeds: 8, budget: budget, criteria: criteria)
        let result = search.run(evaluate: { keys in
            asked += keys
            return keys.map { point($0.configuration) }
        })
        return (result, asked)
    }

    static func table(_ result: SuccessiveHalving.Result) -> TuneTable {
        let rows = result.outcomes.enumerated().filter { !$0.element.runs.isEmpty }.map {
            TuneTable.Row(configuration: $0.offset, mode: "kubernetes", values: [], runs: $0.element.runs, criteria: criteria)
        }
        return TuneTable(keys: [], criteria: criteria, rows: rows, current: nil)
    }

    @Test("the dominated are dropped after the first rung, the front runs on every seed and is found exactly")
    func findsTheFront() {
        let (result, asked) = Self.search()
        #expect(result.rungSeeds == [2, 4, 8])
        for c in 0..<10 { #expect(result.outcomes[c].droppedAfterRung == nil && result.outcomes[c].runs.count == 8, "\(c)") }
        for c in 10..<30 { #expect(result.outcomes[c].droppedAfterRung == 0 && result.outcomes[c].runs.count == 2, "\(c)") }
        // 30 × 2 seeds, then the 10 survivors on seeds 2..<4 and 4..<8: never a seed twice.
        #expect(asked.count == 30 * 2 + 10 * 2 + 10 * 4)
        #expect(result.runs == asked.count)
        #expect(Set(asked.map { "\($0.configuration)/\($0.seed)" }).count == asked.count)
        let table = Self.table(result)
        #expect(table.front.map { table.rows[$0].configuration! } == Array(0..<10))
        #expect(table.statuses().filter { $0 == .pruned }.count == 20)
    }

    @Test("a budget caps the survivors: what the next rung can afford, the most isolated first")
    func budgetCapsSurvivors() {
        let (result, asked) = Self.search(budget: 70)
        #expect(asked.count <= 70)
        let survivors = (0..<30).filter { result.outcomes[$0].runs.count == 4 }
        #expect(survivors.count == 5)
        #expect(survivors.allSatisfy { $0 < 10 }, "only front points survive")
        // The extremes of each objective have the most room, so both ends of the line are kept.
        #expect(survivors.contains(0) && survivors.contains(9))
    }

    @Test("a budget below one run per configuration samples them, the same sample every time")
    func sampling() {
        let (first, askedFirst) = Self.search(budget: 12)
        let (second, askedSecond) = Self.search(budget: 12)
        #expect(first == second && askedFirst == askedSecond)
        #expect(first.outcomes.filter(\.sampled).count == 12)
        #expect(askedFirst.count <= 12)
    }

    @Test("requirements keep a configuration off the front and rank it after the feasible")
    func requirements() {
        let criteria = TuneCriteria(objectives: Self.criteria.objectives, requirements: [try! TuneRequirement(parsing: "evictions<=4")])
        let rows = (0..<30).map { TuneTable.Row(configuration: $0, mode: "kubernetes", values: [], runs: [Self.point($0)], criteria: criteria) }
        let table = TuneTable(keys: [], criteria: criteria, rows: rows, current: nil)
        #expect(table.front.map { rows[$0].configuration! } == [0, 1, 2, 3, 4])
        #expect(table.statuses()[5] == .infeasible)
    }

    @Test("Pareto ranks peel fronts; equal points share one")
    func ranks() {
        let points: [[Int64]] = [[1, 5], [2, 2], [5, 1], [3, 3], [2, 2], [6, 6]]
        #expect(Pareto.ranks(points) == [0, 0, 0, 1, 0, 2])
        // Enough ranked after the front: the rest share the next rank.
        #expect(Pareto.ranks(points, enough: 2) == [0, 0, 0, 1, 0, 1])
        #expect(Pareto.dominates([1, 1], [1, 2]) && !Pareto.dominates([1, 2], [2, 1]) && !Pareto.dominates([1, 1], [1, 1]))
    }
}
