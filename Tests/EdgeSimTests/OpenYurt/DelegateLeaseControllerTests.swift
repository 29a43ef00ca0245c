import Testing
@testable import EdgeSim

@Suite("delegatelease: delegated heartbeats taint and keep a cut-off node Ready")
struct DelegateLeaseControllerTests {
    static func cluster(ready: ConditionStatus) -> APIServer {
        var api = APIServer()
        api.register(HandBuilt.node(0, ready: ready))
        api.addWorkload(Workload(id: WorkloadID(0), name: "web", kind: .deployment, replicas: 1, eligibleNodes: nil, tolerations: [], service: nil))
        let pod = api.createPod(name: "web-1", workload: WorkloadID(0), tolerations: [], now: .zero)
        api.bind(pod, to: NodeID(0), now: .zero)
        return api
    }

    static func update(_ controller: inout DelegateLeaseController, _ api: inout APIServer, delegated: Bool, at seconds: Int64) {
        api.updateLease(NodeID(0), renewTime: .seconds(seconds), delegated: delegated, now: .seconds(seconds))
        controller.leaseUpdated(NodeID(0), now: .seconds(seconds), api: &api)
    }

    @Test("the fourth consecutive delegated update taints node.openyurt.io/unschedulable:NoSchedule")
    func taintsAtThreshold() {
        var api = Self.cluster(ready: .true)
        var controller = DelegateLeaseController(nodeCount: 1, threshold: 4)
        for second in 1...3 { Self.update(&controller, &api, delegated: true, at: Int64(second * 10)) }
        #expect(!api.nodes[0].taints.contains(OpenYurtNames.unschedulableNoSchedule))
        Self.update(&controller, &api, delegated: true, at: 40)
        #expect(api.nodes[0].taints.contains(OpenYurtNames.unschedulableNoSchedule))
        #expect(controller.delegated[0] == 4)
    }

    @Test("an own update in between starts the count again")
    func ownUpdateResets() {
        var api = Self.cluster(ready: .true)
        var controller = DelegateLeaseController(nodeCount: 1, threshold: 4)
        for second in [10, 20, 30] as [Int64] { Self.update(&controller, &api, delegated: true, at: second) }
        Self.update(&controller, &api, delegated: false, at: 40)
        Self.update(&controller, &api, delegated: true, at: 50)
        #expect(controller.delegated[0] == 1)
        #expect(!api.nodes[0].taints.contains(OpenYurtNames.unschedulableNoSchedule))
    }

    @Test("at the threshold an Unknown node is set back to Ready=True and its pods marked ready")
    func resetsUnknown() {
        var api = Self.cluster(ready: .true)
        api.setPodReady(PodID(0), false, now: .seconds(1))
        api.setReady(NodeID(0), .unknown, heartbeat: nil, now: .seconds(1))
        var controller = DelegateLeaseController(nodeCount: 1, threshold: 4)
        for second in 1...4 { Self.update(&controller, &api, delegated: true, at: Int64(second * 10)) }
        #expect(api.nodes[0].ready == .true)
        #expect(api.pods[0].ready)
        #expect(api.auditLog.contains { $0.kind == .nodeReadyChanged(.true) && $0.time == .seconds(40) })
    }

    @Test("the first own update removes the taint; later ones do not try again")
    func untaints() {
        var api = Self.cluster(ready: .true)
        var controller = DelegateLeaseController(nodeCount: 1, threshold: 4)
        for second in 1...4 { Self.update(&controller, &api, delegated: true, at: Int64(second * 10)) }
        Self.update(&controller, &api, delegated: false, at: 50)
        #expect(!api.nodes[0].taints.contains(OpenYurtNames.unschedulableNoSchedule))
        #expect(controller.undelegated[0] == 1)
        Self.update(&controller, &api, delegated: false, at: 60)
        #expect(controller.undelegated[0] == 1)
    }
}
