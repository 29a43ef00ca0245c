/// OpenYurt's moving parts in one run: a YurtHub per node, a coordinator per pool, the two
/// cloud controllers it adds, and the bytes counted on the cloud-edge links.
public struct OpenYurtParts: Sendable {
    public internal(set) var hubs: [YurtHub]
    /// Indexed like `pools`.
    public internal(set) var coordinators: [PoolCoordinator]
    public let pools: [CompiledScenario.Pool]
    public internal(set) var traffic = CloudEdgeTraffic()
    var delegateLease: DelegateLeaseController
    var podBinding: PodBindingController
    /// Endpoints changes owed but not yet whole, in millionths (the churn model's remainder).
    var churnCarryMicro: Int64 = 0
}

/// OpenYurt's events (World+OpenYurt): the hub's two probers, its 5 s coordinator loop and
/// elector, its pool-scope routing, the leader's duties, and the workload churn.
enum YurtEvent: Sendable {
    case cloudProbe(NodeID, life: UInt32)
    case cloudProbeDone(NodeID, life: UInt32, success: Bool)
    /// The hub's own renewal of the node's Lease reaches the API server.
    case cloudLeaseArrives(NodeID, renewTime: SimTime)
    case coordinatorProbe(NodeID, life: UInt32)
    case coordinatorProbeDone(NodeID, life: UInt32, success: Bool)
    /// The hub's copy of its node Lease reaches the coordinator.
    case coordinatorLeaseArrives(NodeID, renewTime: SimTime, delegate: Bool, coordinatorLife: UInt32)
    /// The leader's copy of a delegated Lease reaches the API server.
    case delegatedLeaseArrives(NodeID, renewTime: SimTime)
    case electorLoop(NodeID, life: UInt32)
    case electionTick(NodeID, life: UInt32, run: UInt32)
    case routeCheck(NodeID, life: UInt32)
    case leaderInformerSync(NodeID, life: UInt32, term: UInt32)
    case syncLeaseTick(NodeID, life: UInt32, term: UInt32)
    case coordinatorStaleCheck(pool: Int, life: UInt32)
    case churnTick
}
