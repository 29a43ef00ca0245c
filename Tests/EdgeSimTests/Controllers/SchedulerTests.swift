@testable import EdgeSim
import Testing

@Suite("Scheduler")
struct SchedulerTests {
    /// An API server with `nodes` (each with its Ready status) and one Deployment, `web`.
    static func cluster(_ ready: [ConditionStatus?], eligible: [NodeID]? = nil) -> APIServer {
        var api = APIServer()
        for (index, status) in ready.enumerated() { api.register(HandBuilt.node(index, ready: status)) }
        api.addWorkload(Workload(id: WorkloadID(0), name: "web", kind: .deployment, replicas: 0, eligibleNodes: eligible,
                                 tolerations: [], service: nil))
        return api
    }

    /// `count` new pending pods of workload `workload`.
    static func pending(_ count: Int, of workload: WorkloadID = WorkloadID(0), tolerations: [Toleration] = [],
                        in api: inout APIServer) -> [PodID] {
        (0..<count).map { _ in api.createPod(name: "pod-\(api.pods.count)", workload: workload, tolerations: tolerations, now: .zero) }
    }

    static func placement(_ pods: [PodID], _ api: APIServer) -> [Int?] { pods.map { api.pods[$0.index].node?.index } }

    @Test("pending pods spread over the Ready nodes one each before any node gets a second")
    func spreadsOnePerNodeFirst() {
        var api = Self.cluster([.true, .true, .true])
        let pods = Self.pending(4, in: &api)
        Scheduler(seed: 1).schedulePending(now: .seconds(1), api: &api)
        let placement = Self.placement(pods, api)
        #expect(Set(placement.prefix(3).compactMap { $0 }) == [0, 1, 2])
        #expect(placement[3] != nil)
        #expect(api.auditLog.filter { $0.kind == .podScheduled }.count == 4, "every bind is an audit line")
        #expect(api.unboundPods.isEmpty)
    }

    /// The NoSchedule taint the node lifecycle controller keeps on each node for its status.
    static func taintForStatus(_ api: inout APIServer) {
        let controller = NodeLifecycleController(settings: NodeLifecycleSettings(), nodes: api.nodes)
        for node in api.nodes { controller.doNoScheduleTaintingPass(node.id, now: .zero, api: &api) }
    }

    @Test("a node that is not Ready gets no pod through its NoSchedule taint, not through its condition")
    func notReadyNodesGetNothing() {
        var api = Self.cluster([.unknown, .true, .false])
        Self.taintForStatus(&api)
        let pods = Self.pending(3, in: &api)
        Scheduler().schedulePending(now: .seconds(1), api: &api)
        #expect(Self.placement(pods, api) == [1, 1, 1])
    }

    // k8s: kube-scheduler has not filtered on Ready since 1.17 (PR #82703, CheckNodeCondition
    // removed); TaintToleration alone keeps pods off an unreachable node.
    @Test("a pod tolerating the unreachable taint is bound to an Unknown node (no Ready filter since 1.17)")
    func tolerationAdmitsAnUnknownNode() {
        var api = Self.cluster([.unknown, .unknown])
        Self.taintForStatus(&api)
        let tolerant = Self.pending(1, tolerations: [Toleration(key: Taint.unreachableKey, effect: nil, seconds: 120)], in: &api)
        let plain = Self.pending(1, in: &api)
        Scheduler().schedulePending(now: .seconds(1), api: &api)
        #expect(Self.placement(tolerant, api) == [0])
        #expect(Self.placement(plain, api) == [nil])
    }

    @Test("with no feasible node pods stay pending, and are placed once a node turns Ready")
    func podsWaitForAReadyNode() {
        var api = Self.cluster([.unknown, .unknown])
        Self.taintForStatus(&api)
        let pods = Self.pending(2, in: &api)
        Scheduler().schedulePending(now: .seconds(1), api: &api)
        #expect(Self.placement(pods, api) == [nil, nil])
        #expect(api.unboundPods == pods)
        api.setReady(NodeID(1), .true, heartbeat: .seconds(2), now: .seconds(2))
        Self.taintForStatus(&api)
        Scheduler().schedulePending(now: .seconds(3), api: &api)
        #expect(Self.placement(pods, api) == [1, 1])
    }

    // k8s: PodTopologySpread counts the pods of the incoming pod's owner only; edgesim models
    // no requests, so another workload's pods change no score.
    @Test("pods of another workload do not count: over seeds the pod goes to either node")
    func otherWorkloadsDoNotCount() {
        var placements: Set<Int> = []
        for seed in UInt64(1)...20 {
            var api = Self.cluster([.true, .true])
            api.addWorkload(Workload(id: WorkloadID(1), name: "db", kind: .deployment, replicas: 1, eligibleNodes: nil,
                                     tolerations: [], service: nil))
            let db = Self.pending(1, of: WorkloadID(1), in: &api)[0]
            api.bind(db, to: NodeID(0), now: .zero)
            let pods = Self.pending(1, in: &api)
            Scheduler(seed: seed).schedulePending(now: .seconds(1), api: &api)
            placements.insert(Self.placement(pods, api)[0]!)
        }
        #expect(placements == [0, 1])
    }

    @Test("fewest pods of the same workload comes before fewest pods in all")
    func sameWorkloadCountsFirst() {
        var api = Self.cluster([.true, .true])
        api.addWorkload(Workload(id: WorkloadID(1), name: "db", kind: .deployment, replicas: 2, eligibleNodes: nil,
                                 tolerations: [], service: nil))
        for db in Self.pending(2, of: WorkloadID(1), in: &api) { api.bind(db, to: NodeID(0), now: .zero) }
        let web = Self.pending(1, in: &api)[0]
        api.bind(web, to: NodeID(1), now: .zero)
        let pods = Self.pending(1, in: &api)
        Scheduler().schedulePending(now: .seconds(1), api: &api)
        #expect(Self.placement(pods, api) == [0], "node 0 has two pods but none of web's")
    }

    @Test("a workload's pods go only to its eligible nodes")
    func eligibleNodesOnly() {
        var api = Self.cluster([.true, .true, .true], eligible: [NodeID(2)])
        let pods = Self.pending(2, in: &api)
        Scheduler().schedulePending(now: .seconds(1), api: &api)
        #expect(Self.placement(pods, api) == [2, 2])
    }

    @Test("NoSchedule and NoExecute taints keep pods away unless tolerated; PreferNoSchedule does not")
    func taintsAndTolerations() {
        let scheduler = Scheduler()
        let pod = PodObject(id: PodID(0), name: "p", workload: WorkloadID(0), created: .zero, node: nil, tolerations: [])
        var node = HandBuilt.node(0)
        #expect(scheduler.isSchedulable(node, for: pod))
        node.taints = [Taint.unreachableNoSchedule]
        #expect(!scheduler.isSchedulable(node, for: pod))
        node.taints = [Taint.notReadyNoExecute]
        #expect(!scheduler.isSchedulable(node, for: pod))
        node.taints = [Taint(key: "example.com/spot", effect: .preferNoSchedule)]
        #expect(scheduler.isSchedulable(node, for: pod))
        node.taints = [Taint.unreachableNoSchedule]
        var tolerant = pod
        tolerant.tolerations = [Toleration(key: Taint.unreachableKey, effect: .noSchedule)]
        #expect(scheduler.isSchedulable(node, for: tolerant))
        var unknown = HandBuilt.node(1, ready: .unknown)
        unknown.taints = [Taint.unreachableNoSchedule]
        #expect(scheduler.isSchedulable(unknown, for: tolerant), "the Ready condition is no filter since 1.17 (PR #82703)")
    }

    @Test("a tainted node is passed over for one that is not")
    func taintedNodeIsPassedOver() {
        var api = Self.cluster([.true, .true])
        api.addTaint(NodeID(0), Taint.unreachableNoSchedule, now: .zero)
        let pods = Self.pending(2, in: &api)
        let tolerant = Self.pending(1, tolerations: [.everything], in: &api)
        Scheduler().schedulePending(now: .seconds(1), api: &api)
        #expect(Self.placement(pods, api) == [1, 1])
        #expect(Self.placement(tolerant, api) == [0], "a pod that tolerates everything spreads onto it")
    }

    @Test("a pod deleted while pending is never bound")
    func deletedPendingPodIsNotBound() {
        var api = Self.cluster([.true])
        let pods = Self.pending(2, in: &api)
        api.finalizeDeletion(pods[0], now: .zero)
        Scheduler().schedulePending(now: .seconds(1), api: &api)
        #expect(Self.placement(pods, api) == [nil, 0])
        #expect(api.unboundPods.isEmpty)
    }
}
