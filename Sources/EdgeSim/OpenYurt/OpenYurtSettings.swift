/// The OpenYurt generation modelled (setting `openyurt-version`).
public enum YurtVersion: String, Sendable, Equatable, CaseIterable {
    /// v1.2–v1.6: the pool coordinator, hubs electing a leader in it, delegated heartbeats.
    case v1_6 = "1.6"
    /// v1.7+: no coordinator, no delegation; yurt-manager elects leader hubs among Ready nodes.
    case v1_7 = "1.7"
}

/// How yurt-manager's HubLeaderController picks leaders (NodePool `leaderElectionStrategy`).
public enum LeaderElectionStrategy: String, Sendable, Equatable, CaseIterable {
    /// Any Ready node of the pool.
    case random
    /// Ready nodes carrying the `leaderNodeLabelSelector` labels.
    case mark
}

/// OpenYurt's knobs, named after YurtHub's flags, NodePool fields and the constants they stand
/// for (see shared/reference/openyurt-yurthub-coordinator.md and openyurt-1.7.md).
public struct OpenYurtSettings: Sendable, Equatable {
    /// `openyurt-version`: which generation runs (v1.7 by default).
    public var version = YurtVersion.v1_7

    // MARK: - v1.7 leader hubs (NodePool v1beta2 spec, pkg/apis/apps/v1beta2/nodepool_types.go)

    /// NodePool `enableLeaderElection` (upstream default false: no leaders, every hub reads the cloud).
    public var enableLeaderElection = false
    /// NodePool `leaderElectionStrategy`.
    public var leaderElectionStrategy = LeaderElectionStrategy.random
    /// NodePool `leaderReplicas` (default 1).
    public var leaderReplicas = 1
    /// NodePool `leaderNodeLabelSelector` for the `mark` strategy: every pair must match.
    public var leaderNodeLabelSelector: [Label] = []
    /// The follower's leader health check: a TCP dial of each leader's multiplexer this often
    /// (openyurt: healthchecker/leaderhub leaderHubHealthChecker, every 20 s).
    public var leaderHubCheckInterval = SimTime.seconds(20)
    /// `pingServer`'s `net.DialTimeout(..., 2*time.Second)`.
    public var leaderHubDialTimeout = SimTime.seconds(2)

    // MARK: - v1.2–v1.6 pool coordinator

    /// YurtHub `--enable-coordinator`: whether hubs use their pool's coordinator at all.
    public var poolCoordinator = true
    /// YurtHub `--heartbeat-interval-seconds`: both probers renew a lease this often.
    public var heartbeatInterval = SimTime.seconds(10)
    /// YurtHub `--heartbeat-timeout-seconds`: one probe attempt's client timeout.
    public var heartbeatTimeout = SimTime.seconds(2)
    /// YurtHub `--heartbeat-failed-retry`: attempts after the first within one probe.
    public var heartbeatRetries = 3
    /// YurtHub `--heartbeat-healthy-threshold`: consecutive successes that make a server healthy.
    public var healthyThreshold = 2
    /// YurtHub `KubeletHealthGracePeriod`: silence after which the hub stops renewing for the kubelet.
    public var kubeletHealthGracePeriod = SimTime.seconds(40)
    /// YurtHub `--leader-elect-lease-duration`.
    public var leaseDuration = SimTime.seconds(15)
    /// YurtHub `--leader-elect-renew-deadline`.
    public var renewDeadline = SimTime.seconds(10)
    /// YurtHub `--leader-elect-retry-period`.
    public var retryPeriod = SimTime.seconds(2)
    /// The coordinator loop's period (yurthub coordinator.go: `time.NewTicker(5 * time.Second)`),
    /// also how often pool-scope watches are re-routed.
    public var electorLoopPeriod = SimTime.seconds(5)
    /// `defaultPoolCacheStaleDuration`: a sync lease older than this makes the coordinator not Ready.
    public var poolCacheStaleDuration = SimTime.seconds(30)
    /// The leader's `leader-informer-sync` lease renewal period.
    public var syncLeaseRenewInterval = SimTime.seconds(10)
    /// delegatelease `LeaseDelegationThreshold`.
    public var delegationThreshold = 4
    /// v1.6 `node.openyurt.io/autonomy-duration` applied to every node that does not say
    /// otherwise; nil: only nodes marked in the scenario are autonomous.
    public var autonomyDuration: SimTime?
    /// v1.6 Endpoints/EndpointSlice mutating webhooks (false: v1.2–v1.5, issue #1426).
    public var endpointsWebhook = true

    // MARK: - Workload churn and object sizes (bandwidth accounting)

    /// Services (each with one Endpoints and one EndpointSlice) every node's components list and watch.
    public var churnServices = 100
    /// Endpoints changes per second across those services, in millionths.
    public var endpointsChurnMicro: Int64 = 3_000_000
    /// Bytes one Endpoints change puts on one watch.
    public var endpointsObjectBytes: Int64 = 1_000
    /// Bytes one EndpointSlice change puts on one node's EndpointSlice watches.
    public var endpointSliceObjectBytes: Int64 = 4_800
    public var serviceObjectBytes: Int64 = 500
    public var podObjectBytes: Int64 = 3_000
    public var nodeObjectBytes: Int64 = 4_000
    public var leaseObjectBytes: Int64 = 350

    public init() {}

    /// Bytes of one Endpoints plus one EndpointSlice change: what one churn event costs one watcher.
    public var poolScopeChangeBytes: Int64 { endpointsObjectBytes + endpointSliceObjectBytes }
}

/// OpenYurt's names on nodes and leases (openyurt pkg/projectinfo, pkg/controller/.../constant).
public enum OpenYurtNames {
    /// ≤ v1.5 autonomy annotation: `"true"` means tolerate forever.
    public static let autonomy = "node.beta.openyurt.io/autonomy"
    /// v1.6 autonomy annotation: a Go duration; `0` means forever.
    public static let autonomyDuration = "node.openyurt.io/autonomy-duration"
    /// The delegatelease controller's taint key (`NodeNotSchedulableTaint`).
    public static let unschedulableKey = "node.openyurt.io/unschedulable"
    public static let unschedulableNoSchedule = Taint(key: unschedulableKey, effect: .noSchedule)
}
