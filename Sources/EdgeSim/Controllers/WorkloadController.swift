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

    public init(workloadCount: Int, defaultNotReadySeconds: Int64, defaultUnreachableSeconds: Int64) {
        nextSuffix = Array(repeating: 1, count: workloadCount)
        podTolerations = Array(repeating: nil, count: workloadCount)
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
                for ordinal in 0..<workload.replicas { createStatefulPod(workload, ordinal: ordinal, api: &api) }
            case .daemonSet, .staticPod:
                for node in workload.eligibleNodes ?? api.nodes.map(\.id) { createNodePod(workload, on: node, now: now, api: &api) }
            }
        }
    }

    /// Whether a pod change concerns a workload controller: a pod that turned Terminating or was
    /// deleted. The controller acts on it one reaction latency later (`podChanged`).
    public func reacts(to id: PodID, api: borrowing APIServer) -> Bool { !api.pods[id.index].isActive }

    // k8s: the controllers' informer handlers only queue the object; a worker syncs it later.
    /// Acts on a pod that turned Terminating or was deleted, as the API server holds it now
    /// (the reaction runs a latency after the change).
    public mutating func podChanged(_ id: PodID, now: SimTime, api: inout APIServer) {
        let pod = api.pods[id.index]
        guard !pod.isActive else { return }
        let workload = api.workloads[pod.workload.index]
        switch workload.kind {
        case .deployment:
            replaceMissing(workload.id, now: now, api: &api)
        case .statefulSet:
            // The same identity, only once the old object is gone.
            guard pod.deleted, let ordinal = Int(pod.name.dropFirst(workload.name.count + 1)),
                  !api.podsOfWorkload[workload.id.index].contains(where: { !api.pods[$0.index].deleted && api.pods[$0.index].name == pod.name })
            else { return }
            createStatefulPod(workload, ordinal: ordinal, api: &api)
        case .daemonSet, .staticPod:
            // Once per node: an earlier reaction (to the pod turning Terminating) may have
            // found it deleted already and replaced it.
            guard pod.deleted, let node = pod.node, api.activePods(of: workload.id, on: node) == 0 else { return }
            createNodePod(workload, on: node, now: now, api: &api)
        }
    }

    // k8s: ReplicaSetController.manageReplicas — Terminating pods do not count as replicas.
    mutating func replaceMissing(_ id: WorkloadID, now: SimTime, api: inout APIServer) {
        let workload = api.workloads[id.index]
        let missing = workload.replicas - api.activePodsOfWorkload[id.index]
        guard missing > 0 else { return }
        for _ in 0..<missing {
            let name = "\(workload.name)-\(nextSuffix[id.index])"
            nextSuffix[id.index] += 1
            _ = api.createPod(name: name, workload: id, tolerations: tolerations(of: workload))
        }
    }

    mutating func createStatefulPod(_ workload: Workload, ordinal: Int, api: inout APIServer) {
        _ = api.createPod(name: "\(workload.name)-\(ordinal)", workload: workload.id, tolerations: tolerations(of: workload))
    }

    /// DaemonSet and static pods are bound to their node directly, never through the scheduler.
    mutating func createNodePod(_ workload: Workload, on node: NodeID, now: SimTime, api: inout APIServer) {
        let pod = api.createPod(name: "\(workload.name)-\(api.nodes[node.index].name)", workload: workload.id,
                                tolerations: tolerations(of: workload))
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
