/// OpenYurt as an extension of vanilla Kubernetes: a YurtHub per node, its podbinding controller
/// and Endpoints webhook, and the bytes counted on the cloud-edge links. `openyurt-version`
/// picks the generation: v1.2–v1.6 add a pool coordinator per NodePool, the hubs' election in
/// it and the delegatelease controller; v1.7+ has none of them but yurt-manager's
/// HubLeaderController, whose leader hubs serve their pool's list/watch (`OpenYurt+LeaderHubs`).
struct OpenYurt: ControlPlane {
    /// YurtHub's two probers, its 5 s coordinator loop and elector, its pool-scope routing, the
    /// leader's duties, and the workload churn.
    enum Event: Sendable {
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
        /// v1.7: a follower's TCP check of its pool's leader hubs.
        case leaderHubCheck(NodeID, life: UInt32)
        case leaderInformerSync(NodeID, life: UInt32, term: UInt32)
        case syncLeaseTick(NodeID, life: UInt32, term: UInt32)
        case coordinatorStaleCheck(pool: Int, life: UInt32)
        case churnTick
    }

    let config: OpenYurtSettings
    /// One hub per node, by node index.
    var hubs: [YurtHub]
    /// Indexed like `pools`; empty in v1.7+.
    var coordinators: [PoolCoordinator]
    let pools: [CompiledScenario.Pool]
    var cloudEdgeTraffic = CloudEdgeTraffic()
    /// v1.2–v1.6 only (v1.7 removed delegated heartbeats, openyurt #2308).
    var delegateLeaseController: DelegateLeaseController?
    /// v1.7+: yurt-manager's leader hubs; used only when `electsLeaderHubs`.
    var hubLeaders: HubLeaderController
    let electsLeaderHubs: Bool
    var podBinding: PodBindingController
    /// Endpoints changes owed but not yet whole, in millionths (the churn model's remainder).
    var churnCarryMicro: Int64 = 0
    /// Which hubs can reach the API server, for the churn tick (see `ReachabilityMemo`).
    var cloudReach = ReachabilityMemo()

    // openyurt: yurthub handleKubeletLease — the kubelet's lease PUT stops at YurtHub, which
    // renews the node Lease in the cloud itself (see `cloudProbe`).
    static var kubeletLeasesReachAPIServer: Bool { false }
    /// Every sync's Node GET goes through the hub and is cloud-edge traffic it counts.
    static var kubeletSyncsEveryPeriod: Bool { true }
    static var endpointRule: EndpointRule { .podReadyOnly }
    var traffic: CloudEdgeTraffic? { cloudEdgeTraffic }

    init(_ compiled: CompiledScenario, cluster: inout Shared) {
        config = compiled.settings.openYurt
        var poolOfNode = Array(repeating: 0, count: compiled.nodes.count)
        for (index, pool) in compiled.pools.enumerated() {
            for member in pool.members { poolOfNode[member.index] = index }
        }
        hubs = compiled.nodes.map {
            YurtHub(node: $0.id, host: $0.host, pool: poolOfNode[$0.id.index],
                    random: SeededRandom(seed: compiled.seed, stream: "yurthub/" + $0.name))
        }
        pools = compiled.pools
        let coordinatorGeneration = config.version == .v1_6
        coordinators = coordinatorGeneration
            ? compiled.pools.enumerated().map { PoolCoordinator(pool: $0.offset, host: $0.element.coordinatorHost) } : []
        delegateLeaseController = coordinatorGeneration
            ? DelegateLeaseController(nodeCount: compiled.nodes.count, threshold: config.delegationThreshold) : nil
        hubLeaders = HubLeaderController(pools: compiled.pools.map(\.name), seed: compiled.seed, settings: config)
        electsLeaderHubs = !coordinatorGeneration && config.enableLeaderElection
        podBinding = PodBindingController(defaultAutonomy: config.autonomyDuration)
        cluster.api.watchesLeases = coordinatorGeneration
        if config.endpointsWebhook {
            cluster.api.admissionPlugins.append(YurtEndpointsAdmission(defaultAutonomy: config.autonomyDuration))
        }
    }

    /// v1.2–v1.6 with `pool-coordinator true`: hubs probe, elect in and read from a coordinator.
    var usesCoordinator: Bool { config.version == .v1_6 && config.poolCoordinator }

    /// The run starts converged: in each pool the first node already leads and its informer
    /// has synced, so the coordinator is Ready and every hub reads pool-scope data from it
    /// (v1.7: yurt-manager has elected the leader hubs and every follower found one).
    mutating func start(_ cluster: inout Shared) {
        startLeaderHubs(&cluster)
        if usesCoordinator {
            for (index, pool) in pools.enumerated() { startLeading(pool.members[0], pool: index, &cluster) }
        }
        // YurtHub is installed by the join (`yurtadm join`): a node added later starts it then.
        for index in hubs.indices where cluster.kubelets[index].joined { startHub(NodeID(index), &cluster) }
        if config.churnServices > 0 && config.endpointsChurnMicro > 0 {
            cluster.schedule(.plane(.churnTick), at: cluster.now + .seconds(1))
        }
    }

    private mutating func startLeading(_ leader: NodeID, pool index: Int, _ cluster: inout Shared) {
        var lease = coordinators[index].electionLease
        _ = hubs[leader.index].elector.tryAcquireOrRenew(&lease, now: cluster.now, leaseDuration: config.leaseDuration)
        coordinators[index].electionLease = lease
        hubs[leader.index].state = .leader
        hubs[leader.index].leaderInformerSynced = true
        cluster.record(TimelineEvent(time: cluster.now, kind: .leaderElected(pool: pools[index].name), node: leader))
        renewSyncLease(index, &cluster)
    }

    /// A hub's loops, each with its own random phase.
    private mutating func startHub(_ node: NodeID, _ cluster: inout Shared) {
        let index = node.index
        let life = cluster.kubelets[index].life
        let now = cluster.now
        hubs[index].route = usesCoordinator ? .coordinator : hubs[index].healthyLeader != nil ? .leaderHub : .cloud
        func phase(_ period: SimTime) -> SimTime { hubs[index].random.duration(upTo: period - .microseconds(1)) }
        cluster.schedule(.plane(.cloudProbe(node, life: life)), at: now + phase(config.heartbeatInterval))
        cluster.schedule(.plane(.routeCheck(node, life: life)), at: now + phase(config.electorLoopPeriod))
        if electsLeaderHubs {
            cluster.schedule(.plane(.leaderHubCheck(node, life: life)), at: now + phase(config.leaderHubCheckInterval))
        }
        guard usesCoordinator else { return }
        hubs[index].electing = true
        let hub = hubs[index]
        cluster.schedule(.plane(.coordinatorProbe(node, life: life)), at: now + phase(config.heartbeatInterval))
        cluster.schedule(.plane(.electorLoop(node, life: life)), at: now + phase(config.electorLoopPeriod))
        cluster.schedule(.plane(.electionTick(node, life: life, run: hub.electorRun)), at: now + phase(config.retryPeriod))
        if hub.state == .leader {
            cluster.schedule(.plane(.syncLeaseTick(node, life: life, term: hub.leaderTerm)), at: now + phase(config.syncLeaseRenewInterval))
        }
    }

    mutating func kubeletRenewedLease(_ node: NodeID, _ cluster: inout Shared) {
        hubs[node.index].kubeletLeaseSeen = cluster.now
    }

    mutating func observe(_ change: APIChange, _ cluster: inout Shared) {
        switch change {
        case .node(let id):
            podBinding.nodeChanged(id, now: cluster.now, api: &cluster.api)
            reconcileHubLeaders(pool: hubs[id.index].pool, &cluster)
        case .pod(let id): podBinding.podChanged(id, now: cluster.now, api: &cluster.api)
        case .lease(let id): delegateLeaseController?.leaseUpdated(id, now: cluster.now, api: &cluster.api)
        }
    }
}
