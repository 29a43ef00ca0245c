/// What a run's timeline says about each pod, by pod index: the node it was bound to (a pod is
/// bound once) and when it was scheduled, evicted and deleted. Read once per metrics pass.
struct PodHistory {
    var node: [NodeID?]
    var scheduled: [SimTime?]
    var evicted: [SimTime?]
    var deleted: [SimTime?]
    /// The pods ever bound to each node, in pod order.
    var podsOfNode: [[PodID]]

    init(_ report: RunReport) {
        let count = report.podNames.count
        node = Array(repeating: nil, count: count)
        scheduled = Array(repeating: nil, count: count)
        evicted = Array(repeating: nil, count: count)
        deleted = Array(repeating: nil, count: count)
        podsOfNode = Array(repeating: [], count: report.nodeNames.count)
        for event in report.timeline {
            guard let pod = event.pod?.index else { continue }
            switch event.kind {
            case .podScheduled where scheduled[pod] == nil:
                scheduled[pod] = event.time
                node[pod] = event.node
                if let bound = event.node { podsOfNode[bound.index].append(PodID(pod)) }
            // A drain moves pods off as an eviction does.
            case .podEvicted where evicted[pod] == nil, .podDrained where evicted[pod] == nil: evicted[pod] = event.time
            case .podDeleted where deleted[pod] == nil: deleted[pod] = event.time
            default: break
            }
        }
        for index in podsOfNode.indices { podsOfNode[index].sort() }
    }

    /// The pods bound to `node` and neither evicted nor deleted before `time`.
    func activePods(on node: NodeID, at time: SimTime) -> [PodID] {
        podsOfNode[node.index].filter { pod in
            scheduled[pod.index].map { $0 <= time } ?? false && evicted[pod.index].map { $0 >= time } ?? true
                && deleted[pod.index].map { $0 >= time } ?? true
        }
    }

    /// Whether a control plane is meant to move the pod off a dead node: Deployment and
    /// StatefulSet pods. DaemonSet pods tolerate unreachable forever (k8s:
    /// daemon/util.AddOrUpdateDaemonPodTolerations) and static pods belong to their kubelet.
    static func isMovable(_ pod: PodID, _ report: RunReport) -> Bool {
        switch report.workloads[report.podWorkloadIndex[pod.index]].kind {
        case .deployment, .statefulSet: true
        case .daemonSet, .staticPod: false
        }
    }
}
