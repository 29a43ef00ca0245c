/// What the fault verbs do to KubeEdge's parts: restarts and power.
extension KubeEdge {
    /// `restart-edge`: edgecore restarts. Its WebSocket closes (a clean close, which CloudHub
    /// sees if the path is open) and EdgeHub dials at once; containers keep running. This is
    /// the clean reset: a half-open connection ends here, as users end it by hand.
    mutating func edgeRestarted(_ nodes: [NodeID], _ cluster: inout Shared) {
        for node in nodes where cluster.kubelets[node.index].powered {
            disconnect(node, reason: "edgecore restart", &cluster)
            scheduleDial(node, starting: true, &cluster)
        }
    }

    mutating func nodePoweredOff(_ node: NodeID, _ cluster: inout Shared) {
        if hubs[node.index].state == .connected {
            cluster.record(TimelineEvent(time: cluster.now, kind: .edgeHubDisconnected(reason: "power-off"), node: node))
        }
        hubs[node.index].powerOff()
        scheduleKeepaliveCheck(node, &cluster)
    }

    // kubeedge: edge autonomy — edged restarts the pods MetaManager keeps in its local database
    // (edgecore.db) without the cloud; deletions decided meanwhile reach it after the reconnect.
    mutating func nodePoweredOn(_ node: NodeID, _ cluster: inout Shared) {
        for pod in cluster.api.podsOnNode[node.index]
        where !cluster.api.pods[pod.index].deleted && !cluster.kubelets[node.index].isRunning(pod) {
            cluster.kubelets[node.index].start(pod)
            cluster.record(TimelineEvent(time: cluster.now, kind: .podRestarted, node: node, pod: pod))
        }
        hubs[node.index].disconnect(now: cluster.now)
        scheduleDial(node, starting: true, &cluster)
    }
}
