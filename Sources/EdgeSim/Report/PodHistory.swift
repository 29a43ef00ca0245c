/// What a run's timeline says about each pod, by pod index: the node it was bound to (a pod is
/// bound once) and when it was scheduled, evicted and deleted. Read once per metrics pass.
struct PodHistory {
    var node: [NodeID?]
    var scheduled: [SimTime?]
    var evicted: [SimTime?]
    var deleted: [SimTime?]
    /// The pods ever bound to each node, in pod order.
    var podsOfNode: [[PodID]]

    /// Read from a held timeline.
    init(_ report: RunReport) {
        self.init(podCount: report.podNames.count, nodeCount: report.nodeNames.count)
        for event in report.timeline { record(event) }
        finish(podCount: report.podNames.count)
    }

    /// Empty, to be fed event by event (`record`) and then `finish`ed.
    init(podCount: Int, nodeCount: Int) {
        node = Array(repeating: nil, count: podCount)
        scheduled = Array(repeating: nil, count: podCount)
        evicted = Array(repeating: nil, count: podCount)
        deleted = Array(repeating: nil, count: podCount)
        podsOfNode = Array(repeating: [], count: nodeCount)
    }

    mutating func record(_ event: TimelineEvent) {
        guard let pod = event.pod?.index else { return }
        if pod >= node.count { grow(to: pod + 1) }
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

    /// Every pod of the run has a slot (pods created late may have no event); each node's
    /// pods are in pod order.
    mutating func finish(podCount: Int) {
        if podCount > node.count { grow(to: podCount) }
        for index in podsOfNode.indices { podsOfNode[index].sort() }
    }

    private mutating func grow(to count: Int) {
        let more = count - node.count
        node += Array(repeating: nil, count: more)
        scheduled += Array(repeating: nil, count: more)
        evicted += Array(repeating: nil, count: more)
        deleted += Array(repeating: nil, count: more)
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
