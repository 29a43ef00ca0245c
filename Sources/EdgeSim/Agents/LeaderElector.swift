/// The `kube-system/yurthub` Lease as the coordinator's API server stores it.
public struct ElectionLease: Sendable, Equatable {
    public var holder: NodeID
    public var acquireTime: SimTime
    public var renewTime: SimTime
    public var transitions: Int
}

/// One hub's client-go leader elector: it only ever sees the lease through its own reads, and
/// judges expiry by when *it* last saw the record change, not by the record's renew time.
/// (k8s: client-go tools/leaderelection LeaderElector.tryAcquireOrRenew; openyurt
/// pkg/yurthub/poolcoordinator/leader_election.go HubElector, ReleaseOnCancel unset)
public struct LeaderElector: Sendable, Equatable {
    public let identity: NodeID
    private var observed: ElectionLease?
    private var observedTime = SimTime.zero
    /// Whether this elector currently believes it leads.
    public private(set) var isLeader = false
    /// The last successful acquire or renew while leading.
    public private(set) var lastRenew = SimTime.zero

    public init(identity: NodeID) { self.identity = identity }

    /// One attempt against the lease held in the coordinator. Returns true if this hub holds
    /// the lease afterwards (acquired or renewed).
    public mutating func tryAcquireOrRenew(_ lease: inout ElectionLease?, now: SimTime, leaseDuration: SimTime) -> Bool {
        guard let current = lease else {
            lease = ElectionLease(holder: identity, acquireTime: now, renewTime: now, transitions: 0)
            return took(lease!, now: now)
        }
        if observed != current {
            observed = current
            observedTime = now
        }
        if current.holder != identity && observedTime + leaseDuration > now { return false }
        var next = current
        if current.holder != identity {
            next.holder = identity
            next.acquireTime = now
            next.transitions += 1
        }
        next.renewTime = now
        lease = next
        return took(next, now: now)
    }

    private mutating func took(_ lease: ElectionLease, now: SimTime) -> Bool {
        observed = lease
        observedTime = now
        isLeader = true
        lastRenew = now
        return true
    }

    /// client-go `renew`: a leader that has not renewed within the renew deadline gives up.
    public func missedRenewDeadline(now: SimTime, renewDeadline: SimTime) -> Bool {
        isLeader && now - lastRenew >= renewDeadline
    }

    /// OnStoppedLeading: cancelled or deadline missed. The lease is left as it is.
    public mutating func stopLeading() { isLeader = false }

    /// A restarted hub remembers nothing it observed.
    public mutating func reset() { self = LeaderElector(identity: identity) }
}
