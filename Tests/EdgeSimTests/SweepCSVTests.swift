@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

@Suite("Sweep CSV")
struct SweepCSVTests {
    /// The whole sweep's CSV, or with `shard`, that shard's (its identity line first).
    static func csv(shard: (Int, of: Int)? = nil, jobs: Int = 2, plan: SweepPlan? = nil) throws -> String {
        let plan = try plan ?? SweepPlanTests.plan()
        let rows = try SweepRunner.rows(plan, indices: plan.indices(shard: shard?.0 ?? 1, of: shard?.of ?? 1), jobs: jobs)
        return (shard.map { SweepCSV.shardHeader(plan, shard: $0.0, of: $0.of) } ?? SweepCSV.header(plan)) + rows.joined()
    }

    @Test("a header, then one row per run in run order, with every swept key and metric")
    func shape() throws {
        let lines = try Self.csv().split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 12)
        // power-loss has 12 expect lines: a column each after expects_failed.
        #expect(lines[0] == "run,scenario,variant,mode,seed,node-monitor-grace-period,default-toleration-seconds,"
                + Metrics.names.joined(separator: ",") + ",expects_failed,expect at 5m56s ready node:rw-1 == Unknown,"
                + "expect by 10m evictions node:rw-1 == 0,expect by 11m10s evictions node:rw-1 == 2,"
                + "expect by 15m evictions workload:node-agent == 0,expect by 15m scheduled workload:db == 1,"
                + "expect at 14m endpoints service:app == 2,expect by 15m restarts workload:monitor == 1,"
                + "expect by 25m restarts node:rw-2 == 0,expect by 15m20s restarts workload:node-agent == 1,"
                + "expect by 16m scheduled workload:db == 2,expect at 16m ready node:rw-1 == True,expect by 25m evictions all == 2")
        let cells = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(cells.allSatisfy { $0.count == 7 + Metrics.names.count + 13 })
        // expects_failed counts the row's fail cells; the scenario's own settings (40s, 300s) pass all.
        let failed = 7 + Metrics.names.count
        #expect(cells.allSatisfy { Int($0[failed]) == $0.suffix(12).filter { $0 == "fail" }.count })
        #expect(cells[4][failed] == "0" && cells[0][failed] != "0")
        #expect(cells.map { $0[0] } == (0..<12).map { "\($0)" })
        #expect(cells[0].prefix(7) == ["0", "power-loss", "", "kubernetes", "1", "40", "60"])  // durations in seconds
        #expect(cells[11].prefix(7) == ["11", "power-loss", "", "kubernetes", "2", "120", "300"])
        // No units in cells; null metrics are empty.
        let dead = 7 + Metrics.names.firstIndex(of: "time_to_evict_dead_s")!
        let bytes = 7 + Metrics.names.firstIndex(of: "cloud_edge_bytes")!
        #expect(cells.allSatisfy { Double($0[dead]) != nil && $0[bytes].isEmpty })
        // Grace 40s, tolerations 300s. The pass that saw the last renewal (sent up to 10 s before the
        // power-off) falls 10 s before to 5 s after it; Unknown 8 passes of 5.0011 s later
        // (40.0088 s), the taint a pass and a tainting pass after that, then 300 s.
        #expect((335.0...351.0).contains(Double(cells[4][dead]) ?? 0), "\(cells[4][dead])")
    }

    @Test("with --by, a run's groups are consecutive rows with a group column, and its shards merge back")
    func breakdownRows() throws {
        let plan = try SweepPlanTests.plan()
        func csv(_ shard: Int, of shards: Int) throws -> String {
            let rows = try SweepRunner.rows(plan, indices: plan.indices(shard: shard, of: shards), jobs: 2, by: .workload)
            return (shards == 1 ? SweepCSV.header(plan, by: .workload) : SweepCSV.shardHeader(plan, shard: shard, of: shards, by: .workload))
                + rows.joined()
        }
        let whole = try csv(1, of: 1)
        let lines = whole.split(separator: "\n")
        #expect(lines[0].hasPrefix("run,scenario,variant,mode,seed,node-monitor-grace-period,default-toleration-seconds,group,evictions,"))
        let workloads = try #require(ScenarioRun.reports("power-loss").first).workloads.map(\.name)
        #expect(lines.count == 1 + 12 * workloads.count)
        #expect(lines.dropFirst().prefix(workloads.count).map { $0.split(separator: ",", omittingEmptySubsequences: false)[7] } == workloads.map { $0[...] })
        #expect(try SweepCSV.merge([("a.csv", try csv(1, of: 2)), ("b.csv", try csv(2, of: 2))]) == whole)
    }

    @Test("merging shards gives byte for byte the unsharded sweep")
    func mergeIsIdentical() throws {
        let whole = try Self.csv()
        let first = try Self.csv(shard: (1, of: 2)), second = try Self.csv(shard: (2, of: 2))
        #expect(first.hasPrefix(SweepIdentity.prefix + "shard=1/2 runs=12 scenario=fnv1a64:"))
        #expect(first.split(separator: "\n").dropFirst().first == whole.split(separator: "\n").first)
        #expect(try SweepCSV.merge([("b.csv", second), ("a.csv", first)]) == whole)
        let thirds = try (1...3).map { ("s\($0).csv", try Self.csv(shard: ($0, of: 3))) }
        #expect(try SweepCSV.merge(thirds) == whole)
    }

    /// The message `merge` refuses `files` with.
    static func refusal(_ files: [(name: String, text: String)]) -> String {
        do {
            _ = try SweepCSV.merge(files)
            return "merged"
        } catch {
            return error.description
        }
    }

    @Test("merge refuses a missing shard, a shard given twice, a truncated shard and a file that is no shard")
    func mergeRefusesBadInput() throws {
        let first = try Self.csv(shard: (1, of: 2)), second = try Self.csv(shard: (2, of: 2))
        #expect(Self.refusal([("a.csv", first)]) == "--merge: error: shard 2/2 is missing (no file given for it)")
        #expect(Self.refusal([("a.csv", first), ("b.csv", second), ("c.csv", second)])
                == "c.csv:1:1: error: shard 2/2 is given twice: b.csv is that shard too")
        let truncated = second.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        #expect(Self.refusal([("a.csv", first), ("b.csv", truncated)]) == "b.csv: error: run 11 is missing: the shard is incomplete")
        let edited = second.replacingOccurrences(of: "\n3,", with: "\n5,")
        #expect(Self.refusal([("a.csv", first), ("b.csv", edited)])
                == "b.csv:4:1: error: expected only the runs of shard 2/2 in run order, got run 5")
        #expect(Self.refusal([("a.csv", first), ("w.csv", try Self.csv())]).hasPrefix(
            "w.csv:1:1: error: expected a sweep shard, whose first line is the \"# edgesim-sweep v1 ...\" line"))
        #expect(Self.refusal([("a.csv", first), ("e.csv", "")]).hasPrefix("e.csv:1:1: error: expected a sweep shard"))
    }

    @Test("merge refuses shards of different sweeps, naming both files and what differs")
    func mergeRefusesMixedSweeps() throws {
        let first = try Self.csv(shard: (1, of: 2))
        let (zoneOutage, map) = try ScenarioLoader.load(path: Repository.scenario("zone-outage").path)
        let otherScenario = try SweepPlan(scenario: zoneOutage, sourceMap: map, seeds: [1, 2])
        let mixed = Self.refusal([("a.csv", first), ("z.csv", try Self.csv(shard: (2, of: 2), plan: otherScenario))])
        #expect(mixed.hasPrefix("z.csv:1:1: error: not a shard of the same sweep as a.csv: they differ in "), "\(mixed)")
        #expect(mixed.contains("the scenario content (fnv1a64:"), "\(mixed)")
        let otherSeeds = try SweepPlanTests.plan(seeds: [1, 3])
        #expect(Self.refusal([("a.csv", first), ("s.csv", try Self.csv(shard: (2, of: 2), plan: otherSeeds))])
                == "s.csv:1:1: error: not a shard of the same sweep as a.csv: they differ in the seeds (1,3 here, 1..2 in a.csv)")
        let otherModes = try SweepPlanTests.plan(modes: [.kubernetes])
        #expect(Self.refusal([("a.csv", first), ("m.csv", try Self.csv(shard: (2, of: 2), plan: otherModes))])
                == "m.csv:1:1: error: not a shard of the same sweep as a.csv: they differ in the modes (kubernetes here, - in a.csv)")
        #expect(Self.refusal([("a.csv", first), ("t.csv", try Self.csv(shard: (2, of: 3)))])
                == "t.csv:1:1: error: not a shard of the same sweep as a.csv: they differ in the shard count (3 here, 2 in a.csv)")
    }

    @Test("an identity line reads back as the identity that wrote it, and a damaged one does not read")
    func identityRoundTrip() throws {
        let identity = SweepIdentity(plan: try SweepPlanTests.plan(modes: [.kubernetes, .openshift]), shard: 2, of: 5)
        #expect(identity.line == SweepIdentity.prefix + "shard=2/5 runs=24 scenario=fnv1a64:"
                + identity.fields[1].value.dropFirst("fnv1a64:".count)
                + " modes=kubernetes,openshift variants=- grid=node-monitor-grace-period=40s,2m;default-toleration-seconds=60,120,300 seeds=1..2")
        #expect(SweepIdentity.parse(identity.line[...]) == identity)
        #expect(SweepIdentity.parse(identity.line.replacingOccurrences(of: "shard=2/5", with: "shard=6/5")[...]) == nil)
        #expect(SweepIdentity.parse(identity.line.replacingOccurrences(of: " seeds=", with: " sids=")[...]) == nil)
        #expect(SweepIdentity.parse("# edgesim-sweep v2 shard=1/1"[...]) == nil)
    }

    @Test("the scenario hash is FNV-1a 64 and ignores a file's comments")
    func scenarioHash() throws {
        #expect(FNV1a64.hash("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a64.hash("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a64.hash("foobar".utf8) == 0x8594_4171_f739_67e8)
        let text = try String(contentsOf: Repository.scenario("power-loss"), encoding: .utf8)
        let (scenario, map) = try ScenarioLoader.parse(Data(text.utf8), file: "a.scenario")
        let (commented, commentedMap) = try ScenarioLoader.parse(Data(("# a comment\n" + text).utf8), file: "b.scenario")
        let identity = SweepIdentity(plan: try SweepPlan(scenario: scenario, sourceMap: map), shard: 1, of: 1)
        #expect(identity == SweepIdentity(plan: try SweepPlan(scenario: commented, sourceMap: commentedMap), shard: 1, of: 1))
    }

    @Test("seeds are listed in order with consecutive ones as ranges, and values escaped")
    func identityFields() {
        #expect(SweepIdentity.ranges([1, 2, 3, 9, 4, 5, UInt64.max]) == "1..3,9,4..5,18446744073709551615")
        #expect(SweepIdentity.ranges([UInt64.max - 1, UInt64.max]) == "18446744073709551614..18446744073709551615")
        #expect(SweepIdentity.escape("a b;c,d%é") == "a%20b%3Bc%2Cd%25%C3%A9")
    }

    @Test("cells with commas or quotes are quoted as RFC 4180 says")
    func quoting() {
        #expect(SweepCSV.cell("plain") == "plain")
        #expect(SweepCSV.cell("a,b") == "\"a,b\"")
        #expect(SweepCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }
}
