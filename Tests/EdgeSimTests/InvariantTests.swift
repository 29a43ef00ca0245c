@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// A small cluster with a Deployment behind a Service and a StatefulSet: the objects every
/// invariant speaks about.
func smallCluster(mode: Mode = .kubernetes) throws -> CompiledScenario {
    let text = """
    seed 3
    duration 10m
    mode \(mode.rawValue)
    zone a
    site s zone a
    node n-1..3 site s
    deployment web replicas 3 service web
    statefulset db replicas 2
    """
    let (scenario, map) = try ScenarioParser.parse(text, file: "small.scenario")
    return try ScenarioCompiler.compile(scenario, sourceMap: map)
}

@Test("a clean run breaks no invariant")
func cleanRunKeepsInvariants() throws {
    let world = World(try smallCluster())
    world.run()
    #expect(world.violation == nil)
}

@Test("evicting a pod from a node without a NoExecute taint is caught")
func evictionWithoutTaintIsCaught() throws {
    let world = World(try smallCluster())
    world.run(until: .minutes(2))
    let pod = try #require(world.api.podsOnNode[0].first)
    world.injectForTesting { api, now in api.evict(pod, now: now) }
    let violation = try #require(world.violation)
    #expect(violation.invariant == "eviction-justified")
    #expect(violation.seed == 3)
    #expect(violation.time == .minutes(2))
    #expect(violation.description.contains("SEED=3"))
}

@Test("a broken invariant stops the run where it broke")
func violationStopsTheRun() throws {
    let world = World(try smallCluster())
    world.run(until: .minutes(1))
    let pod = try #require(world.api.podsOnNode[1].first)
    world.injectForTesting { api, now in api.evict(pod, now: now) }
    let processed = world.eventsProcessed
    world.run()
    #expect(world.eventsProcessed == processed)
    #expect(world.now == .minutes(1))
}

@Test("evicting before the toleration period has passed is caught")
func earlyEvictionIsCaught() throws {
    let world = World(try smallCluster())
    world.run(until: .minutes(1))
    let pod = try #require(world.api.podsOnNode[0].first)
    world.injectForTesting { api, now in
        api.addTaint(NodeID(0), .unreachableNoExecute, now: now)
        api.evict(pod, now: now)
    }
    #expect(world.violation?.invariant == "eviction-justified")
}

@Test("an endpoint left on a node that is not Ready is caught in kubernetes mode")
func endpointOnUnreadyNodeIsCaught() throws {
    let world = World(try smallCluster())
    world.run(until: .minutes(1))
    world.injectForTesting { api, now in api.setReady(NodeID(0), .unknown, heartbeat: nil, now: now) }
    let violation = try #require(world.violation)
    #expect(violation.invariant == "endpoints-ready")
}

@Test("the endpoint rule is strict for kubernetes and openshift and relaxed for the edge modes")
func endpointRuleFollowsTheMode() {
    #expect(RegisteredRun.endpointRule(of: .kubernetes).requiresReadyNode)
    #expect(RegisteredRun.endpointRule(of: .openshift).requiresReadyNode)
    #expect(!RegisteredRun.endpointRule(of: .superedge).requiresReadyNode)
    #expect(!RegisteredRun.endpointRule(of: .openyurt).requiresReadyNode)
}

@Test("binding a second pod to a StatefulSet ordinal that is still held is caught")
func duplicateOrdinalIsCaught() throws {
    let world = World(try smallCluster())
    world.run(until: .minutes(1))
    let db = try #require(world.api.workloads.first { $0.name == "db" })
    world.injectForTesting { api, now in
        let twin = api.createPod(name: "db-0", workload: db.id, tolerations: [], now: .zero)
        api.bind(twin, to: NodeID(2), now: now)
    }
    #expect(world.violation?.invariant == "statefulset-ordinal")
}

@Test("running more StatefulSet pods than replicas is caught")
func tooManyStatefulPodsIsCaught() throws {
    let world = World(try smallCluster())
    world.run(until: .minutes(1))
    let db = try #require(world.api.workloads.first { $0.name == "db" })
    world.injectForTesting { api, now in
        let extra = api.createPod(name: "db-7", workload: db.id, tolerations: [], now: .zero)
        api.bind(extra, to: NodeID(2), now: now)
    }
    #expect(world.violation?.invariant == "statefulset-replicas")
}

@Test("turning invariants off lets a broken rule pass unnoticed, as benchmarks want")
func invariantsCanBeTurnedOff() throws {
    let world = World(try smallCluster(), checkingInvariants: false)
    world.run(until: .minutes(1))
    let pod = try #require(world.api.podsOnNode[0].first)
    world.injectForTesting { api, now in api.evict(pod, now: now) }
    #expect(world.violation == nil)
}

@Test("a controller loop that never settles within one instant stops the run instead of hanging it")
func runawayStepIsCaught() throws {
    // The loop is described in the fixture.
    let (scenario, map) = try ScenarioLoader.load(path: Repository.fixture("runaway-step.scenario").path)
    let world = World(try ScenarioCompiler.compile(scenario, sourceMap: map))
    world.run()
    let violation = try #require(world.violation)
    #expect(violation.invariant == "step-settles")
    #expect(violation.detail.contains("deployment web"))
    #expect(violation.time > .minutes(3) && violation.time < .minutes(3) + .seconds(10))
}
