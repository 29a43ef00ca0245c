/// Places pending pods on schedulable nodes: no NoSchedule or NoExecute taint the pod does not
/// tolerate (k8s: scheduler TaintToleration filter + NLC's NoSchedule taints). The Ready
/// condition itself is no filter: kube-scheduler dropped its CheckNodeCondition predicate in
/// 1.17 (k/k PR #82703) and relies on the not-ready/unreachable NoSchedule taints, so a pod
/// tolerating them is bound to a NotReady or Unknown node.
/// Among feasible nodes it spreads: fewest pods of the same workload, then fewest pods, then
/// the node's order — a deterministic stand-in for the default score plugins.
public struct Scheduler: Sendable {
    public init() {}

    public func schedulePending(now: SimTime, api: inout APIServer) {
        // Within one call no node changes feasibility (binding touches no taint or condition),
        // so pods sharing a workload and tolerations share one ranking of their feasible nodes.
        var rankings: [Int: SpreadRanking] = [:]
        for id in api.unboundPods {
            let pod = api.pods[id.index]
            guard pod.node == nil, pod.isActive else { continue }
            let workload = pod.workload.index
            if rankings[workload].map({ $0.tolerations != pod.tolerations }) ?? true {
                rankings[workload] = SpreadRanking(for: pod, scheduler: self, api: api)
            }
            guard let node = rankings[workload]!.best(api: api) else { continue }
            api.bind(id, to: node, now: now)
        }
        api.compactUnbound()
    }

    public func isSchedulable(_ node: NodeObject, for pod: PodObject) -> Bool {
        // k8s: scheduler plugin nodeunschedulable.Filter — spec.unschedulable unless tolerated.
        if node.unschedulable && !pod.tolerations.contains(where: { $0.tolerates(.unschedulableNoSchedule) }) { return false }
        // k8s: scheduler plugins tainttoleration.Filter (NoSchedule, NoExecute).
        return node.taints.allSatisfy { taint in
            taint.effect == .preferNoSchedule || pod.tolerations.contains { $0.tolerates(taint) }
        }
    }
}

/// The feasible nodes of one workload ranked by (pods of the workload, pods, node order), kept in a heap whose keys are refreshed when popped: binds only
/// ever raise a node's counts, so the first popped node whose key is still current is the best.
/// This turns placing P pods on N nodes from P × N into P × log N.
struct SpreadRanking {
    let workload: WorkloadID
    let tolerations: [Toleration]
    private var heap: [UInt64] = []

    init(for pod: PodObject, scheduler: Scheduler, api: borrowing APIServer) {
        workload = pod.workload
        tolerations = pod.tolerations
        let candidates = api.workloads[pod.workload.index].eligibleNodes ?? api.nodes.map(\.id)
        for id in candidates where scheduler.isSchedulable(api.nodes[id.index], for: pod) {
            heap.append(key(id, api: api))
        }
        heap.sort()
    }

    /// Counts in 20 bits each, the node index in 24: one integer compares like the tuple.
    private func key(_ node: NodeID, api: borrowing APIServer) -> UInt64 {
        let same = UInt64(min(api.activePods(of: workload, on: node), 0xFFFFF))
        let total = UInt64(min(api.activePodsOnNode[node.index], 0xFFFFF))
        return same << 44 | total << 24 | UInt64(node.index)
    }

    /// The best node, left in the ranking with the key it will have once the caller binds to it.
    mutating func best(api: borrowing APIServer) -> NodeID? {
        while let top = heap.first {
            let node = NodeID(Int(top & 0xFFFFFF))
            let current = key(node, api: api)
            if current == top {
                // The caller binds here: the key grows by one pod of the workload and one pod.
                replaceTop(top + (1 << 44) + (1 << 24))
                return node
            }
            replaceTop(current)
        }
        return nil
    }

    private mutating func replaceTop(_ value: UInt64) {
        heap[0] = value
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            let child = right < heap.count && heap[right] < heap[left] ? right : left
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            parent = child
        }
    }
}
