/// Where a hub sends its clients' list/watch requests for pool-scope resources (endpoints,
/// endpointslices).
public enum PoolScopeRoute: Sendable, Equatable {
    case coordinator
    case cloud
    case local

    // openyurt: yurthub proxy.go — pool-scope requests go to the coordinator when it is Ready,
    // else to the cloud when healthy, else the local cache. The leader's own `leader-yurthub`
    // informer is not routed here: it always reads the cloud.
    public static func decide(coordinatorReady: Bool, cloudHealthy: Bool) -> PoolScopeRoute {
        if coordinatorReady { return .coordinator }
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
