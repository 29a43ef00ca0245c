/// yurt-manager's HubLeaderController (OpenYurt v1.7+): in the cloud, it keeps `leaderReplicas`
/// leader hubs per NodePool among the pool's Ready nodes and publishes them (NodePool status
/// `leaderEndpoints`, ConfigMap `leader-hub-<pool>`). It replaces the v1.2–v1.6 election among
/// hubs in the pool coordinator: leadership follows the cloud's view of node readiness, not
/// the hubs' own reachability.
/// (openyurt pkg/yurtmanager/controller/hubleader/hubleader_controller.go)
public struct HubLeaderController: Sendable {
    public let strategy: LeaderElectionStrategy
    public let replicas: Int
    public let selector: [Label]
    /// Leaders by pool index, in the order they were elected.
    public private(set) var leaders: [[NodeID]]
    /// One stream per pool (`hubleader/<pool>`): upstream picks by Go map iteration order, which
    /// edgesim reproduces as a seeded draw so one pool's elections never shift another's.
    var random: [SeededRandom]

    public init(pools: [String], seed: UInt64, settings: OpenYurtSettings) {
        strategy = settings.leaderElectionStrategy
        replicas = settings.leaderReplicas
        selector = settings.leaderNodeLabelSelector
        leaders = Array(repeating: [], count: pools.count)
        random = pools.map { SeededRandom(seed: seed, stream: "hubleader/" + $0) }
    }

    /// What one reconcile changed in a pool.
    public struct Change: Sendable, Equatable {
        public var removed: [NodeID] = []
        public var elected: [NodeID] = []
        public var isEmpty: Bool { removed.isEmpty && elected.isEmpty }
    }

    // openyurt: hubleader reconcileHubLeader — candidates are the pool's nodes (with the mark
    // strategy only those matching leaderNodeLabelSelector) whose Ready condition is True;
    // leaders no longer among them are dropped, then electNLeaders tops the list up to
    // leaderReplicas (fewer if candidates run out), and extra leaders are cut from the end.
    public mutating func reconcile(pool: Int, members: [NodeID], nodes: [NodeObject]) -> Change {
        let candidates = members.filter { isCandidate(nodes[$0.index]) }
        var change = Change()
        var kept: [NodeID] = []
        for leader in leaders[pool] {
            if candidates.contains(leader) && kept.count < replicas { kept.append(leader) } else { change.removed.append(leader) }
        }
        var free = candidates.filter { !kept.contains($0) }
        while kept.count < replicas && !free.isEmpty {
            let pick = Int(random[pool].uniform(below: UInt64(free.count)))
            let leader = free.remove(at: pick)
            kept.append(leader)
            change.elected.append(leader)
        }
        leaders[pool] = kept
        return change
    }

    /// Ready (condition True, so Unknown is out) and, for `mark`, labelled as the selector says.
    // openyurt: hubleader reconcileHubLeader (MatchingLabels, nodeutil.IsNodeReady)
    func isCandidate(_ node: NodeObject) -> Bool {
        guard node.isReady else { return false }
        guard strategy == .mark else { return true }
        return selector.allSatisfy { node.labels[$0.key] == $0.value }
    }
}
