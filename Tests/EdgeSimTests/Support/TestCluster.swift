@testable import EdgeSim

/// An API server and a node lifecycle controller wired by hand, for controller tests that
/// drive monitor and tainting passes at chosen instants instead of running a `World`.
///
/// Nodes are created as `ScenarioCompiler` creates them (creation at zero, zone labels from
/// `ZoneLabels`); statuses are then written straight into the API objects, as upstream's
/// unit tests replace `node.Status` in their fake client.
struct TestCluster {
    /// Where a node is, as upstream's tests label them.
    enum Zone: Hashable, Sendable, CustomStringConvertible {
        case unlabelled
        case zone(region: String, name: String)

        static let z1 = Zone.zone(region: "region1", name: "zone1")
        static let z2 = Zone.zone(region: "region1", name: "zone2")
        static let region2Zone2 = Zone.zone(region: "region2", name: "zone2")

        var labels: [String: String] {
            switch self {
            case .unlabelled: [:]
            case .zone(let region, let name): [ZoneLabels.region: region, ZoneLabels.zone: name]
            }
        }

        var key: String { ZoneLabels.zoneKey(labels) }
        var description: String { ZoneLabels.displayName(key) }
    }

    struct NodeSpec: Sendable {
        var zone: Zone
        var ready: ConditionStatus?
        var excluded = false
    }

    var api = APIServer()
    var controller: NodeLifecycleController
    private var workload: WorkloadID?

    /// Kubernetes 1.29's defaults, which the hand-computed times of these tests assume:
    /// grace 40 s, the NoExecute taint queued a pass after Unknown.
    static let defaultSettings = NodeLifecycleSettings(kubernetesVersion: .v1_29)

    init(_ specs: [NodeSpec], settings: NodeLifecycleSettings = TestCluster.defaultSettings) {
        var nodes: [NodeObject] = []
        for (index, spec) in specs.enumerated() {
            var labels = spec.zone.labels
            if spec.excluded { labels[ZoneLabels.excludeDisruption] = "" }
            nodes.append(NodeObject(id: NodeID(index), name: "n\(index)", host: HostID(index + 1), labels: labels,
                                    zoneKey: ZoneLabels.zoneKey(labels), ready: spec.ready, taints: [], creation: .zero,
                                    excludedFromDisruption: spec.excluded))
        }
        for node in nodes { api.register(node) }
        controller = NodeLifecycleController(settings: settings, nodes: nodes)
    }

    /// `count` nodes of one zone, all with the same Ready status.
    init(_ count: Int, in zone: Zone, ready: ConditionStatus? = .true, settings: NodeLifecycleSettings = TestCluster.defaultSettings) {
        self.init(Array(repeating: NodeSpec(zone: zone, ready: ready), count: count), settings: settings)
    }

    // MARK: - Driving the controller

    mutating func monitor(at time: SimTime) {
        controller.monitorNodeHealth(now: time, api: &api)
    }

    mutating func taintingPass(at time: SimTime) {
        controller.doNoExecuteTaintingPass(now: time, api: &api)
    }

    /// Monitor passes every `period` from `start` through `end`, calling `before` ahead of each.
    mutating func monitorPasses(from start: SimTime, through end: SimTime, every period: SimTime = .seconds(5),
                                before: (inout TestCluster, SimTime) -> Void = { _, _ in }) {
        var time = start
        while time <= end {
            before(&self, time)
            monitor(at: time)
            time += period
        }
    }

    // MARK: - What kubelets would write

    /// Replaces the Ready condition without an audit entry, as upstream tests swap `node.Status`.
    mutating func replaceStatus(_ node: Int, ready: ConditionStatus?, heartbeat: SimTime) {
        api.nodes[node].ready = ready
        api.nodes[node].readyHeartbeat = heartbeat
    }

    /// The kubelet posts a status with a fresh heartbeat.
    mutating func post(_ node: Int, _ status: ConditionStatus, at time: SimTime) {
        api.setReady(NodeID(node), status, heartbeat: time, now: time)
    }

    mutating func renewLease(_ node: Int, at time: SimTime) {
        api.renewLease(NodeID(node), at: time, arrivedAt: time)
    }

    /// A ready pod bound to `node`, owned by one shared Deployment.
    @discardableResult
    mutating func addPod(on node: Int, tolerations: [Toleration] = []) -> PodID {
        let owner = workload ?? {
            let id = WorkloadID(api.workloads.count)
            api.addWorkload(Workload(id: id, name: "app", kind: .deployment, replicas: 0, eligibleNodes: nil,
                                     tolerations: [], service: nil))
            return id
        }()
        workload = owner
        let pod = api.createPod(name: "app-\(api.pods.count)", workload: owner, tolerations: tolerations, now: .zero)
        api.bind(pod, to: NodeID(node), now: .zero)
        api.setPodReady(pod, true, now: .zero)
        return pod
    }

    // MARK: - Reading the outcome

    func ready(_ node: Int) -> ConditionStatus? { api.nodes[node].ready }

    func hasTaint(_ node: Int, _ taint: Taint) -> Bool { api.nodes[node].taints.contains(taint) }

    func zoneState(_ zone: Zone) -> ZoneState? { controller.zoneState(zone.key) }

    /// The state of every zone named in `zones`.
    func zoneStates(_ zones: some Sequence<Zone>) -> [Zone: ZoneState] {
        var states: [Zone: ZoneState] = [:]
        for zone in zones { states[zone] = zoneState(zone) }
        return states
    }

    /// Times at which the node's Ready condition changed to `status`.
    func readyChanges(_ node: Int, to status: ConditionStatus) -> [SimTime] {
        api.auditLog.compactMap { event in
            guard event.node == NodeID(node), case .nodeReadyChanged(status) = event.kind else { return nil }
            return event.time
        }
    }

    func podNotReadyCount() -> Int {
        api.auditLog.filter { $0.kind == .podNotReady }.count
    }
}
