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

    public init(workloadCount: Int, defaultNotReadySeconds: Int64, defaultUnreachableSeconds: Int64) {
        nextSuffix = Array(repeating: 1, count: workloadCount)
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

    /// Acts on a pod that just turned Terminating or was deleted; other changes concern no
    /// workload controller.
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
            guard pod.deleted, let node = pod.node else { return }
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
            _ = api.createPod(name: name, workload: id, tolerations: admitted(workload.tolerations))
        }
    }

    func createStatefulPod(_ workload: Workload, ordinal: Int, api: inout APIServer) {
        _ = api.createPod(name: "\(workload.name)-\(ordinal)", workload: workload.id, tolerations: admitted(workload.tolerations))
    }

    /// DaemonSet and static pods are bound to their node directly, never through the scheduler.
    func createNodePod(_ workload: Workload, on node: NodeID, now: SimTime, api: inout APIServer) {
        let tolerations = workload.kind == .staticPod
            ? [Toleration.everything] + workload.tolerations
            : Self.daemonSetTolerations + workload.tolerations
        let pod = api.createPod(name: "\(workload.name)-\(api.nodes[node.index].name)", workload: workload.id, tolerations: tolerations)
        api.bind(pod, to: node, now: now)
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
