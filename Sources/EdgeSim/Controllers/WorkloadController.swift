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
        for workload in api.workloads { reconcile(workload.id, now: now, api: &api) }
    }

    public mutating func podChanged(_ id: PodID, now: SimTime, api: inout APIServer) {
        reconcile(api.pods[id.index].workload, now: now, api: &api)
    }

    mutating func reconcile(_ id: WorkloadID, now: SimTime, api: inout APIServer) {
        let workload = api.workloads[id.index]
        let pods = api.podsOfWorkload[id.index].map { api.pods[$0.index] }
        switch workload.kind {
        case .deployment:
            let active = pods.filter(\.isActive).count
            for _ in active..<max(active, workload.replicas) {
                let name = "\(workload.name)-\(nextSuffix[id.index])"
                nextSuffix[id.index] += 1
                _ = api.createPod(name: name, workload: id, tolerations: admitted(workload.tolerations))
            }
        case .statefulSet:
            for ordinal in 0..<workload.replicas {
                let name = "\(workload.name)-\(ordinal)"
                if !pods.contains(where: { !$0.deleted && $0.name == name }) {
                    _ = api.createPod(name: name, workload: id, tolerations: admitted(workload.tolerations))
                }
            }
        case .daemonSet, .staticPod:
            for node in workload.eligibleNodes ?? api.nodes.map(\.id) {
                let name = "\(workload.name)-\(api.nodes[node.index].name)"
                if !pods.contains(where: { !$0.deleted && $0.node == node }) {
                    let tolerations = workload.kind == .staticPod
                        ? [Toleration.everything] + workload.tolerations
                        : Self.daemonSetTolerations + workload.tolerations
                    let pod = api.createPod(name: name, workload: id, tolerations: tolerations)
                    api.bind(pod, to: node, now: now)
                }
            }
        }
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
