/// YurtHub on one edge node: the node's proxy to the cloud. It judges the cloud (and its pool's
/// coordinator) healthy from its own lease renewals, serves reads from its local cache while
/// the cloud is unhealthy so the kubelet keeps its pods, renews the node's Lease in the cloud
/// itself (the kubelet's lease PUTs are answered locally), and in a pool takes part in leader
/// election (v1.2–v1.6) or follows the leader hubs yurt-manager elected (v1.7+).
/// (openyurt pkg/yurthub: healthchecker, proxy, poolcoordinator/coordinator.go, multiplexer)
public struct YurtHub: Sendable {
    /// coordinator.go's states.
    public enum State: Sendable, Equatable {
        /// The coordinator is unhealthy: no election, no pool cache.
        case pending
        case follower
        case leader
    }

    public let node: NodeID
    public let host: HostID
    /// Index into the world's pools.
    public let pool: Int
    public var cloud = HealthChecker(healthy: true)
    public var coordinator = HealthChecker(healthy: true)
    public var state = State.follower
    public var elector: LeaderElector
    /// Whether the elector goroutine runs (only while both servers are healthy).
    public var electing = false
    /// Bumped whenever the elector starts or stops, so a stopped elector's ticks are skipped.
    public var electorRun: UInt32 = 0
    /// Bumped whenever this hub starts or stops leading: the leader's informer and sync-lease
    /// timers carry it.
    public var leaderTerm: UInt32 = 0
    /// The leader's pool-scope informer (`leader-yurthub`) has listed from the cloud.
    public var leaderInformerSynced = false
    public var route = PoolScopeRoute.cloud
    /// v1.7: the pool's leaders as this hub last read them from the cloud (ConfigMap
    /// `leader-hub-<pool>`); kept while the cloud is out of reach.
    public var knownLeaders: [NodeID] = []
    /// v1.7: the leader whose multiplexer answered the last TCP check; nil: none did.
    public var healthyLeader: NodeID?
    /// v1.7: yurt-manager lists this hub among its pool's leaders.
    public var isLeaderHub = false
    /// When the kubelet last sent its lease PUT (answered locally).
    public var kubeletLeaseSeen = SimTime.zero
    public var random: SeededRandom

    public init(node: NodeID, host: HostID, pool: Int, random: SeededRandom) {
        self.node = node; self.host = host; self.pool = pool; self.random = random
        elector = LeaderElector(identity: node)
    }

    /// What the 5 s coordinator loop does next.
    public enum LoopDecision: Sendable, Equatable {
        case pending, follower, elect
    }

    // openyurt: coordinator.go Run — coordinator unhealthy: stop electing, Pending; cloud
    // unhealthy: stop electing, Follower; both healthy: run the elector. So only hubs that can
    // reach the cloud ever lead.
    public static func loopDecision(coordinatorHealthy: Bool, cloudHealthy: Bool) -> LoopDecision {
        if !coordinatorHealthy { return .pending }
        return cloudHealthy ? .elect : .follower
    }

    /// Whether the hub still renews the node's cloud Lease for the kubelet
    /// (openyurt: handleKubeletLease / KubeletHealthGracePeriod).
    public func renewsForKubelet(now: SimTime, grace: SimTime) -> Bool { now - kubeletLeaseSeen <= grace }

    /// A boot: nothing in memory survives; the disk cache does (not modelled: reads need no bytes).
    mutating func reset() {
        cloud = HealthChecker(healthy: true)
        coordinator = HealthChecker(healthy: true)
        state = .follower
        elector.reset()
        electing = false
        electorRun &+= 1
        leaderTerm &+= 1
        leaderInformerSynced = false
        route = .local
        healthyLeader = nil
    }
}
