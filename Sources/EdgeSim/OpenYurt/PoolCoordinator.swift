/// A NodePool's coordinator (v1.2–v1.3 Pool-Coordinator, v1.4–v1.6 yurt-coordinator): a
/// kube-apiserver with a memory-only etcd, one per pool, no HA. It holds the hubs' election
/// lease, the leader's `leader-informer-sync` lease and the pool-scope cache; a restart loses
/// all of it. (openyurt charts/pool-coordinator, pkg/yurthub/poolcoordinator)
public struct PoolCoordinator: Sendable {
    public let pool: Int
    public let host: HostID
    public private(set) var running = true
    /// Bumped when it dies or boots, so messages to the previous incarnation are ignored.
    public private(set) var life: UInt32 = 0
    /// `kube-system/yurthub`.
    public var electionLease: ElectionLease?
    /// `kube-system/leader-informer-sync` RenewTime; nil while absent.
    public var syncLeaseRenew: SimTime?
    /// The readiness last written to the timeline.
    var reportedReady = false

    public init(pool: Int, host: HostID) { self.pool = pool; self.host = host }

    /// Ready as every hub would judge it with a healthy connection: running and the sync lease
    /// fresher than the stale duration.
    public func isReady(now: SimTime, staleDuration: SimTime) -> Bool {
        running && PoolScopeRoute.coordinatorReady(healthy: true, syncLeaseRenew: syncLeaseRenew, now: now, staleDuration: staleDuration)
    }

    /// Power loss: etcd is memory-only, so every lease and the pool cache are gone.
    mutating func crash() {
        running = false
        life &+= 1
        electionLease = nil
        syncLeaseRenew = nil
    }

    mutating func boot() {
        running = true
        life &+= 1
    }
}
