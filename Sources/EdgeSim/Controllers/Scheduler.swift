/// Places pending pods on schedulable nodes: Ready, and no NoSchedule or NoExecute taint the
/// pod does not tolerate (k8s: scheduler TaintToleration filter + NLC's NoSchedule taints).
/// Among feasible nodes it spreads: fewest pods of the same workload, then fewest pods, then
/// the node's order — a deterministic stand-in for the default score plugins.
public struct Scheduler: Sendable {
    public init() {}

    public func schedulePending(now: SimTime, api: inout APIServer) {
        for id in api.unboundPods {
            let pod = api.pods[id.index]
            guard pod.node == nil, pod.isActive, let node = bestNode(for: pod, api: api) else { continue }
            api.bind(id, to: node, now: now)
        }
        api.compactUnbound()
    }

    public func isSchedulable(_ node: NodeObject, for pod: PodObject) -> Bool {
        guard node.isReady else { return false }
        return node.taints.allSatisfy { taint in
            taint.effect == .preferNoSchedule || pod.tolerations.contains { $0.tolerates(taint) }
        }
    }

    func bestNode(for pod: PodObject, api: APIServer) -> NodeID? {
        let workload = api.workloads[pod.workload.index]
        var best: (same: Int, total: Int, node: NodeID)?
        func consider(_ id: NodeID) {
            let candidate = (same: api.activePods(of: workload.id, on: id), total: api.activePodsOnNode[id.index], node: id)
            if let current = best, (current.same, current.total, current.node.index) <= (candidate.same, candidate.total, id.index) { return }
            guard isSchedulable(api.nodes[id.index], for: pod) else { return }
            best = candidate
        }
        if let eligible = workload.eligibleNodes {
            for id in eligible { consider(id) }
        } else {
            for index in api.nodes.indices { consider(NodeID(index)) }
        }
        return best?.node
    }
}
