/// Where a hub sends its clients' list/watch requests for pool-scope resources (endpoints,
/// endpointslices).
public enum PoolScopeRoute: Sendable, Equatable {
    /// v1.2–v1.6: the pool coordinator's cache.
    case coordinator
    /// v1.7+: a leader hub's multiplexer (port 10269).
    case leaderHub
    case cloud
    case local

    // openyurt: yurthub proxy.go — pool-scope requests go to the coordinator when it is Ready,
    // else to the cloud when healthy, else the local cache. The leader's own `leader-yurthub`
    // informer is not routed here: it always reads the cloud.
    public static func decide(coordinatorReady: Bool, cloudHealthy: Bool) -> PoolScopeRoute {
        prefer(.coordinator, ready: coordinatorReady, cloudHealthy: cloudHealthy)
    }

    // openyurt v1.7: proxy.go + multiplexer — a follower sends pool-scope list/watch to a leader
    // hub that passed its last TCP check, else the cloud, else the local cache. A leader's own
    // multiplexer lists and watches the cloud, so a leader is never its own follower.
    public static func decide(leaderHealthy: Bool, cloudHealthy: Bool) -> PoolScopeRoute {
        prefer(.leaderHub, ready: leaderHealthy, cloudHealthy: cloudHealthy)
    }

    /// Both generations: the pool's own source when ready, else the cloud, else the cache.
    static func prefer(_ poolSource: PoolScopeRoute, ready: Bool, cloudHealthy: Bool) -> PoolScopeRoute {
        if ready { return poolSource }
        return cloudHealthy ? .cloud : .local
    }

    /// Whether the coordinator is Ready as one hub sees it: Healthy (its own coordinator
    /// checker; state not Pending) and the `leader-informer-sync` lease renewed within the
    /// stale duration. (openyurt: coordinator.go IsReady, defaultPoolCacheStaleDuration)
    public static func coordinatorReady(healthy: Bool, syncLeaseRenew: SimTime?, now: SimTime, staleDuration: SimTime) -> Bool {
        guard healthy, let renew = syncLeaseRenew else { return false }
        return now - renew <= staleDuration
    }
}
