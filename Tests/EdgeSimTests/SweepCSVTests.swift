@testable import EdgeSim
import Testing

@Suite("Sweep CSV")
struct SweepCSVTests {
    static func csv(shard: Int = 1, of shards: Int = 1, jobs: Int = 2) throws -> String {
        let plan = try SweepPlanTests.plan()
        let rows = try SweepRunner.rows(plan, indices: plan.indices(shard: shard, of: shards), jobs: jobs)
        return SweepCSV.header(plan) + rows.joined()
    }

    @Test("a header, then one row per run in run order, with every swept key and metric")
    func shape() throws {
        let lines = try Self.csv().split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 12)
        #expect(lines[0] == "run,scenario,variant,mode,seed,node-monitor-grace-period,default-toleration-seconds,"
                + Metrics.names.joined(separator: ","))
        let cells = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(cells.allSatisfy { $0.count == 7 + Metrics.names.count })
        #expect(cells.map { $0[0] } == (0..<12).map { "\($0)" })
        #expect(cells[0].prefix(7) == ["0", "power-loss", "", "kubernetes", "1", "40", "60"])  // durations in seconds
        #expect(cells[11].prefix(7) == ["11", "power-loss", "", "kubernetes", "2", "120", "300"])
        // No units in cells; null metrics are empty.
        let dead = 7 + Metrics.names.firstIndex(of: "time_to_evict_dead_s")!
        let bytes = 7 + Metrics.names.firstIndex(of: "cloud_edge_bytes")!
        #expect(cells.allSatisfy { Double($0[dead]) != nil && $0[bytes].isEmpty })
        // Grace 40s, a 5s pass, tolerations 300s: 345-350s after the power-off, by the lease phase.
        #expect((345.0...350.0).contains(Double(cells[4][dead]) ?? 0), "\(cells[4][dead])")
    }

    @Test("merging shards gives byte for byte the unsharded sweep")
    func mergeIsIdentical() throws {
        let whole = try Self.csv()
        let first = try Self.csv(shard: 1, of: 2), second = try Self.csv(shard: 2, of: 2)
        #expect(first != whole)
        #expect(try SweepCSV.merge([("b.csv", second), ("a.csv", first)]) == whole)
        let thirds = try (1...3).map { ("s\($0).csv", try Self.csv(shard: $0, of: 3)) }
        #expect(try SweepCSV.merge(thirds) == whole)
    }

    @Test("merge refuses a missing shard, an overlap and a different sweep")
    func mergeRefusesBadInput() throws {
        let first = try Self.csv(shard: 1, of: 2), second = try Self.csv(shard: 2, of: 2)
        #expect(throws: ScenarioError.self) { try SweepCSV.merge([("a.csv", first)]) }
        #expect(throws: ScenarioError.self) { try SweepCSV.merge([("a.csv", first), ("b.csv", second), ("c.csv", second)]) }
        let other = "run,scenario,variant,mode,seed\n1,x,,kubernetes,1\n"
        #expect(throws: ScenarioError.self) { try SweepCSV.merge([("a.csv", first), ("o.csv", other)]) }
    }

    @Test("cells with commas or quotes are quoted as RFC 4180 says")
    func quoting() {
        #expect(SweepCSV.cell("plain") == "plain")
        #expect(SweepCSV.cell("a,b") == "\"a,b\"")
        #expect(SweepCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }
}
