/// The workload controllers, each with its upstream rule for replacing pods:
/// - ReplicaSet (Deployments): Terminating pods do not count, so an eviction is replaced at once.
/// - StatefulSet: ordinal i is recreated only when the old pod object is gone, i.e. when its
///   kubelet confirmed the containers stopped (seed 003: "not restarted elsewhere").
/// - DaemonSet: one pod per eligible node, bound directly, tolerating not-ready/unreachable
///   NoExecute forever (k8s: daemon/util.AddOrUpdateDaemonPodTolerations).
/// - Static pods: mirror pods of the kubelet's manifests; never replaced by the cloud.
public struct WorkloadController: Sendable {
    /// The next suffix for a Deployment's pod names, per workload.
    private var nextSuffix: [Int]
    /// `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds`.
    public let defaultNotReadySeconds: Int64
    public let defaultUnreachableSeconds: Int64
    /// Each workload's pod tolerations after admission, built once: its pods share one array
    /// (copy on write) instead of 30,000 pods holding 30,000 equal copies.
    private var podTolerations: [[Toleration]?]
    /// Workloads queued for a sync and not yet taken up (the work queue's set of keys).
    private var queued: [Bool]

    public init(workloadCount: Int, defaultNotReadySeconds: Int64, defaultUnreachableSeconds: Int64) {
        nextSuffix = Array(repeating: 1, count: workloadCount)
        podTolerations = Array(repeating: nil, count: workloadCount)
        queued = Array(repeating: false, count: workloadCount)
        self.defaultNotReadySeconds = defaultNotReadySeconds
        self.defaultUnreachableSeconds = defaultUnreachableSeconds
    }

    /// Creates every workload's pods at the start of a run.
    public mutating func createInitialPods(now: SimTime, api: inout APIServer) {
        for workload in api.workloads {
            switch workload.kind {
            case .deployment:
                replaceMissing(workload.id, now: now, api: &api)
            case .statefulSet:
                for ordinal in 0..<workload.replicas { createStatefulPod(workload, ordinal: ordinal, now: now, api: &api) }
            case .daemonSet, .staticPod:
                for node in workload.eligibleNodes ?? api.nodes.map(\.id) where api.nodes[node.index].registered {
                    createNodePod(workload, on: node, now: now, api: &api)
                }
            }
        }
    }

    // k8s: client-go workqueue — the informer handlers queue the owning object's key; a key
    // queued again before a worker takes it is queued once; the worker syncs the whole object.
    /// Queues the workload of a pod that turned Terminating or was deleted (other changes
    /// concern no workload controller). Returns the workload when it was not queued yet: the
    /// caller runs `sync` one reaction latency later.
    public mutating func enqueue(_ id: PodID, api: borrowing APIServer) -> WorkloadID? {
        let pod = api.pods[id.index]
        guard !pod.isActive, !queued[pod.workload.index] else { return nil }
        queued[pod.workload.index] = true
        return pod.workload
    }

    // k8s: DaemonSetsController.addNode/updateNode — a new node, or a node update, queues each
    // DaemonSet whose should-run answer for the node may have changed. A registered node's
    // static pods get their mirror pods (k8s: kubelet mirror pods, created once the Node exists).
    /// Queues the DaemonSets that should run a pod on `node` and have none there (a new node,
    /// or one lost to a NoExecute taint that is now gone), and the static pods of a node just
    /// registered. Returns those it queued, in workload order.
    public mutating func enqueueDaemonSets(for node: NodeID, api: borrowing APIServer) -> [WorkloadID] {
        var queuedNow: [WorkloadID] = []
        guard api.nodes[node.index].registered else { return queuedNow }
        for workload in api.workloads where (workload.kind == .daemonSet || workload.kind == .staticPod) && !queued[workload.id.index]
            && (workload.eligibleNodes?.contains(node) ?? true)
            && !api.podsOnNode[node.index].contains(where: { api.pods[$0.index].workload == workload.id })
            && (workload.kind == .staticPod || tolerates(workload, api.nodes[node.index].taints.placementBlocking)) {
            queued[workload.id.index] = true
            queuedNow.append(workload.id)
        }
        return queuedNow
    }

    /// A worker takes up a queued workload and makes the API server hold what it asks for, as
    /// the API server holds it now.
    public mutating func sync(_ id: WorkloadID, now: SimTime, api: inout APIServer) {
        queued[id.index] = false
        let workload = api.workloads[id.index]
        switch workload.kind {
        case .deployment:
            replaceMissing(id, now: now, api: &api)
        case .statefulSet:
            // The same identity, only once the old object is gone.
            for ordinal in 0..<workload.replicas where !hasPod(named: "\(workload.name)-\(ordinal)", of: id, api: api) {
                createStatefulPod(workload, ordinal: ordinal, now: now, api: &api)
            }
        case .daemonSet, .staticPod:
            // A node's pod is replaced once its old object is gone (a Terminating one still counts).
            // `podsOnNode` holds the node's pods not yet deleted: a look at the node's few pods,
            // not at every pod the workload ever had.
            for node in workload.eligibleNodes ?? api.nodes.map(\.id)
            where api.nodes[node.index].registered && !api.podsOnNode[node.index].contains(where: { api.pods[$0.index].workload == id })
                && (workload.kind == .staticPod || tolerates(workload, api.nodes[node.index].taints.placementBlocking)) {
                createNodePod(workload, on: node, now: now, api: &api)
            }
        }
    }

    // k8s: daemon.NodeShouldRunDaemonPod / predicates — a new DaemonSet pod goes only to a
    // node whose NoSchedule and NoExecute taints it all tolerates (FindMatchingUntoleratedTaint
    // over both effects), with the tolerations AddOrUpdateDaemonPodTolerations gives it: not on
    // a node with a user taint, the out-of-service taint, or the not-ready/unreachable
    // NoSchedule taints (it tolerates only their NoExecute ones), nor on a NetworkUnavailable
    // node (tolerated only by host-network pods, not modelled). A running pod stays
    // (shouldContinueRunning reads NoExecute only; the taint manager evicts it if at all).
    private mutating func tolerates(_ workload: Workload, _ taints: [Taint]) -> Bool {
        let tolerations = tolerations(of: workload)
        return taints.allSatisfy { taint in tolerations.contains { $0.tolerates(taint) } }
    }

    private func hasPod(named name: String, of id: WorkloadID, api: borrowing APIServer) -> Bool {
        api.podsOfWorkload[id.index].contains { !api.pods[$0.index].deleted && api.pods[$0.index].name == name }
    }

    // k8s: ReplicaSetController.manageReplicas — Terminating pods do not count as replicas.
    mutating func replaceMissing(_ id: WorkloadID, now: SimTime, api: inout APIServer) {
        let workload = api.workloads[id.index]
        let missing = workload.replicas - api.activePodsOfWorkload[id.index]
        guard missing > 0 else { return }
        for _ in 0..<missing {
            let name = "\(workload.name)-\(nextSuffix[id.index])"
            nextSuffix[id.index] += 1
            _ = api.createPod(name: name, workload: id, tolerations: tolerations(of: workload), now: now)
        }
    }

    mutating func createStatefulPod(_ workload: Workload, ordinal: Int, now: SimTime, api: inout APIServer) {
        _ = api.createPod(name: "\(workload.name)-\(ordinal)", workload: workload.id, tolerations: tolerations(of: workload), now: now)
    }

    /// DaemonSet and static pods are bound to their node directly, never through the scheduler.
    mutating func createNodePod(_ workload: Workload, on node: NodeID, now: SimTime, api: inout APIServer) {
        let pod = api.createPod(name: "\(workload.name)-\(api.nodes[node.index].name)", workload: workload.id,
                                tolerations: tolerations(of: workload), now: now)
        api.bind(pod, to: node, now: now)
    }

    /// What a new pod of `workload` tolerates: its template's tolerations, plus what the
    /// DaemonSet controller or DefaultTolerationSeconds admission adds; static pods tolerate all.
    private mutating func tolerations(of workload: Workload) -> [Toleration] {
        if let cached = podTolerations[workload.id.index] { return cached }
        let tolerations = switch workload.kind {
        case .staticPod: [Toleration.everything] + workload.tolerations
        case .daemonSet: Self.daemonSetTolerations + workload.tolerations
        case .deployment, .statefulSet: admitted(workload.tolerations)
        }
        podTolerations[workload.id.index] = tolerations
        return tolerations
    }

    // k8s: plugin/pkg/admission/defaulttolerationseconds — added unless the pod already
    // tolerates that key (or every key) with NoExecute (or every effect).
    func admitted(_ tolerations: [Toleration]) -> [Toleration] {
        var result = tolerations
        for (key, seconds) in [(Taint.notReadyKey, defaultNotReadySeconds), (Taint.unreachableKey, defaultUnreachableSeconds)] {
            let covered = tolerations.contains { ($0.key == nil || $0.key == key) && ($0.effect == nil || $0.effect == .noExecute) }
            if !covered { result.append(Toleration(key: key, effect: .noExecute, seconds: seconds)) }
        }
        return result
    }

    // k8s: daemon/util.AddOrUpdateDaemonPodTolerations
    static let daemonSetTolerations: [Toleration] = [
        Toleration(key: Taint.notReadyKey, effect: .noExecute),
        Toleration(key: Taint.unreachableKey, effect: .noExecute),
        Toleration(key: "node.kubernetes.io/disk-pressure", effect: .noSchedule),
        Toleration(key: "node.kubernetes.io/memory-pressure", effect: .noSchedule),
        Toleration(key: "node.kubernetes.io/pid-pressure", effect: .noSchedule),
        Toleration(key: Taint.unschedulableKey, effect: .noSchedule),
    ]
}
