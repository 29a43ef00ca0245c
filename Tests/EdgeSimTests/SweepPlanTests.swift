@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Sweep plan")
struct SweepPlanTests {
    static func plan(modes: [Mode] = [], seeds: [UInt64] = [1, 2]) throws -> SweepPlan {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario("power-loss").path)
        return try SweepPlan(scenario: scenario, sourceMap: map, modes: modes,
                             grid: [SweepArguments.axis("node-monitor-grace-period=40s,2m"),
                                    SweepArguments.axis("default-toleration-seconds=60,120,300")],
                             seeds: seeds)
    }

    @Test("runs nest modes outermost, then grid keys in the order given, seeds innermost")
    func order() throws {
        let plan = try Self.plan(modes: [.kubernetes, .openshift])
        #expect(plan.count == 2 * 2 * 3 * 2)
        let runs = (0..<plan.count).map(plan.run)
        #expect(runs.map(\.seed) == Array(repeating: [1, 2], count: 12).flatMap { $0 })
        #expect(runs.prefix(6).map(\.values[1]) == ["60", "60", "120", "120", "300", "300"])
        #expect(runs.prefix(6).allSatisfy { $0.values[0] == "40s" } && runs[6..<12].allSatisfy { $0.values[0] == "2m" })
        #expect(runs.prefix(12).allSatisfy { $0.mode == .kubernetes } && runs.suffix(12).allSatisfy { $0.mode == .openshift })
        #expect(runs.map(\.index) == Array(0..<plan.count))
    }

    @Test("variants are a dimension right after modes")
    func variants() throws {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario("latency-profiles").path)
        let plan = try SweepPlan(scenario: scenario, sourceMap: map, modes: [.openshift, .kubernetes], seeds: [1, 2])
        let runs = (0..<plan.count).map(plan.run)
        #expect(runs.map { $0.variant?.name ?? "" } == ["default", "default", "medium", "medium", "low", "low",
                                                         "default", "default", "medium", "medium", "low", "low"])
    }

    @Test("round-robin shards cover every run exactly once")
    func shardsCoverEverything() throws {
        let plan = try Self.plan()
        let shards = (1...5).map { plan.indices(shard: $0, of: 5) }
        #expect(shards[1] == [1, 6, 11])
        #expect(shards.flatMap { $0 }.sorted() == Array(0..<plan.count))
    }

    @Test("a bad grid key names the flag and suggests the nearest setting, once the scenario says it is no param")
    func badGridKey() throws {
        // The key may be one of the scenario's params: the plan judges it, not the flag's parser.
        let axis = try SweepArguments.axis("node-monitor-perod=5s")
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario("power-loss").path)
        do {
            _ = try SweepPlan(scenario: scenario, sourceMap: map, grid: [axis])
            Issue.record("an unknown grid key was accepted")
        } catch {
            #expect(error.file == "--grid")
            #expect(error.message == "unknown setting or param \"node-monitor-perod\"; did you mean \"node-monitor-period\"?")
        }
    }

    @Test("a bad grid value names the flag and what was expected")
    func badGridValue() {
        do {
            _ = try SweepArguments.axis("node-monitor-grace-period=40s,forty")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "--grid: error: expected a duration from 100ms to 720h such as 40s or 5m for node-monitor-grace-period, got \"forty\"")
        }
    }

    @Test("seeds are written as ranges, lists or both")
    func seeds() throws {
        #expect(try SweepArguments.seeds("1..3,9") == [1, 2, 3, 9])
        #expect(throws: ScenarioError.self) { try SweepArguments.seeds("3..1") }
        #expect(throws: ScenarioError.self) { try SweepArguments.seeds("1,1") }
    }

    @Test("a shard is K/N with K from 1 to N")
    func shard() throws {
        #expect(try SweepArguments.shard("2/8") == (2, 8))
        #expect(throws: ScenarioError.self) { try SweepArguments.shard("0/8") }
        #expect(throws: ScenarioError.self) { try SweepArguments.shard("9/8") }
    }
}
