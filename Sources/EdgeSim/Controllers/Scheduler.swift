/// kube-scheduler for the pods edgesim models (ReplicaSet and StatefulSet pods with a node
/// selector at most, no resource requests, affinity or own spread constraints).
///
/// Filters: NodeUnschedulable, TaintToleration (NoSchedule and NoExecute taints, among them the
/// node lifecycle controller's not-ready/unreachable ones) and the node selector (a workload's
/// `eligibleNodes`). The Ready condition itself is no filter: kube-scheduler dropped its
/// CheckNodeCondition predicate in 1.17 (k/k PR #82703), so a pod tolerating those taints is
/// bound to a NotReady or Unknown node.
///
/// Score: PodTopologySpread's system default constraints (`TopologySpread`), the one default
/// score plugin that tells these nodes apart: edgesim models no requests or capacities
/// (NodeResourcesFit, BalancedAllocation), images, affinities, or PreferNoSchedule taints
/// (TaintToleration's score), so those plugins give every node the same score.
/// Among the best-scored nodes one is drawn at random (`selectHost`) from the pod's own
/// `scheduler/<pod>` stream.
///
/// Not modelled: `percentageOfNodesToScore` (above 100 nodes upstream scores only a share of the
/// feasible nodes, found from a rotating start), so large clusters spread here over all of them.
public struct Scheduler: Sendable {
    /// The run's seed: each pod's draw comes from `scheduler/<pod name>`, keyed by name and
    /// creation time so one pod's placement never shifts another's draws.
    let seed: UInt64

    public init(seed: UInt64 = 0) { self.seed = seed }

    // k8s: scheduler.scheduleOne — pods one at a time, in queue order; each bind ("assume")
    // counts for the pods after it.
    public func schedulePending(now: SimTime, api: inout APIServer) {
        // Within one call no node changes feasibility (binding touches no taint or condition),
        // so pods sharing a workload and tolerations share one spread state, kept up to date.
        // (Looked up by workload, never iterated.)
        var spreads: [Int: TopologySpread] = [:]
        api.refreshZoneDomains()
        for id in api.unboundPods {
            let pod = api.pods[id.index]
            guard pod.node == nil, pod.isActive else { continue }
            let workload = pod.workload.index
            if spreads[workload].map({ $0.tolerations != pod.tolerations }) ?? true {
                spreads[workload] = TopologySpread(for: pod, scheduler: self, api: api)
            }
            let ties = spreads[workload]!.bestCount
            guard ties > 0 else { continue }
            let node = spreads[workload]!.bind(choice: selectHost(pod, among: ties))
            api.bind(id, to: node, now: now)
        }
        api.compactUnbound()
    }

    // k8s: scheduler.selectHost — reservoir sampling over the nodes with the top total score:
    // each of `count` tied nodes is chosen with probability 1/count.
    /// Which of `count` tied nodes the pod goes to.
    func selectHost(_ pod: PodObject, among count: Int) -> Int {
        guard count > 1 else { return 0 }
        let random = CounterRandom(seed: seed, stream: "scheduler/" + pod.name)
        let bits = random.bits(UInt64(bitPattern: pod.created.microseconds), slot: 0)
        return Int(CounterRandom.uniform(below: UInt32(min(count, Int(UInt32.max))), bits, high: false))
    }

    public func isSchedulable(_ node: NodeObject, for pod: PodObject) -> Bool {
        // A node with no Node object is in no lister: not added yet, or deleted.
        guard node.registered else { return false }
        // k8s: scheduler plugin nodeunschedulable.Filter — spec.unschedulable unless tolerated.
        if node.unschedulable && !pod.tolerations.contains(where: { $0.tolerates(.unschedulableNoSchedule) }) { return false }
        // k8s: scheduler plugins tainttoleration.Filter (NoSchedule, NoExecute).
        return node.taints.allSatisfy { taint in
            taint.effect == .preferNoSchedule || pod.tolerations.contains { $0.tolerates(taint) }
        }
    }
}
