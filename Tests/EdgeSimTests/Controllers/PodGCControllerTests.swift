@testable import EdgeSim
import Testing

/// Upstream `TestGCTerminating` (pkg/controller/podgc/gc_controller_test.go): a terminating pod
/// is force-deleted only when its node is not Ready and carries node.kubernetes.io/out-of-service.
@Suite("PodGC")
struct PodGCControllerTests {
    static let outOfService = Taint(key: Taint.outOfServiceKey, value: "nodeshutdown", effect: .noExecute)

    /// One node in `ready` with `taints`, one terminating pod and one running pod on it.
    static func cluster(ready: ConditionStatus, taints: [Taint]) -> (APIServer, terminating: PodID, running: PodID) {
        var api = APIServer()
        api.register(HandBuilt.node(0, ready: ready))
        api.addWorkload(Workload(id: WorkloadID(0), name: "db", kind: .statefulSet, replicas: 2, eligibleNodes: nil,
                                 tolerations: [], service: nil))
        let terminating = api.createPod(name: "db-0", workload: WorkloadID(0), tolerations: [], now: .zero)
        let running = api.createPod(name: "db-1", workload: WorkloadID(0), tolerations: [], now: .zero)
        api.bind(terminating, to: NodeID(0), now: .zero)
        api.bind(running, to: NodeID(0), now: .zero)
        api.evict(terminating, now: .seconds(1))
        for taint in taints { api.addTaint(NodeID(0), taint, now: .seconds(2)) }
        return (api, terminating, running)
    }

    @Test("a not-Ready, out-of-service node loses its terminating pods; every other case keeps them",
          arguments: [(ConditionStatus.unknown, true, true), (.false, true, true), (.true, true, false), (.unknown, false, false)])
    func gcTerminating(ready: ConditionStatus, tainted: Bool, deleted: Bool) {
        var (api, terminating, running) = Self.cluster(ready: ready, taints: tainted ? [Self.outOfService] : [])
        #expect(PodGCController.hasOutOfServiceNode(api) == (tainted && ready != .true))
        PodGCController().gcTerminating(now: .seconds(20), api: &api)
        #expect(api.pods[terminating.index].deleted == deleted)
        #expect(!api.pods[running.index].deleted, "a pod that is not terminating is not PodGC's to delete")
    }

    @Test("the out-of-service taint matches on its key: any value counts")
    func valueDoesNotMatter() {
        var (api, terminating, _) = Self.cluster(ready: .unknown, taints: [Taint(key: Taint.outOfServiceKey, effect: .noExecute)])
        PodGCController().gcTerminating(now: .seconds(20), api: &api)
        #expect(api.pods[terminating.index].deleted)
    }
}
