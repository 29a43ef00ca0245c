/// What every run shares, whatever its control plane: the kernel's clock and queue, the
/// network, the API server, the kubelets, vanilla Kubernetes' cloud controllers and the
/// timeline. A control plane extension (`ControlPlane`) reaches all of it through `inout`
/// access and schedules its own events as `.plane(...)`.
///
/// Agents and controllers never touch each other's state: kubelets reach the API server only
/// through messages on the network, and controllers react only to what the API server holds,
/// in the order it changed.
public struct Cluster<PlaneEvent: Sendable> {
    /// Everything that can happen in the shared model, as data (no closures); a control plane's
    /// own events travel as `.plane`.
    enum Event: Sendable {
        case kubeletLeaseTick(NodeID, life: UInt32)
        /// The kubelet's lease request got its answer or timed out (renewals that slide).
        case kubeletLeaseReturns(NodeID, life: UInt32)
        case kubeletStatusTick(NodeID, life: UInt32)
        /// A kubelet request reaches the API server.
        case kubeletRequestArrives(NodeID, KubeletRequest, life: UInt32)
        case nodeMonitorPass(term: UInt32)
        case noExecuteTaintingPass(term: UInt32)
        case podGCPass(term: UInt32)
        case evictionDue(PodID, generation: UInt64)
        /// A workload controller's worker takes up a workload it queued.
        case workloadSync(WorkloadID)
        case faultStarts(Int)
        case faultEnds(Int)
        case flapToggle(Int, down: Bool)
        case plane(PlaneEvent)
    }

    public let compiled: CompiledScenario
    public var settings: SimulationSettings { compiled.settings }
    var simulation = Simulation<Event>()
    public var now: SimTime { simulation.now }
    public internal(set) var api = APIServer()
    public internal(set) var network: Network
    public internal(set) var kubelets: [Kubelet]
    public internal(set) var timeline: TimelineRecorder
    var nodeLifecycle: NodeLifecycleController
    var taintEviction: TaintEvictionController
    let endpoints = EndpointsController()
    let scheduler: Scheduler
    var podGC = PodGCController()
    var workloadController: WorkloadController
    /// How the run is carried out (which optimisations are on).
    let options: World.Options
    /// Whether kubelet lease renewals are worked out when the Lease is read rather than sent as
    /// events: off when the control plane takes the kubelet's lease PUT itself.
    let renewsOnDemand: Bool
    /// Whether a kubelet with nothing to sync sleeps: off when the control plane wants a sync
    /// every period.
    let lazyStatus: Bool
    /// Whether the kubelet syncs at every status tick, needed or not.
    let syncsEveryPeriod: Bool
    /// Whether a steady kubelet's periodic status reports are worked out when the heartbeat is
    /// read (`StatusReportChain`): only where reports go to the API server themselves and
    /// renewals are worked out on demand too.
    let reportsOnDemand: Bool
    /// Whether status ticks and syncs are late events (run after every ordinary event of their
    /// instant), so that a reader at an instant sees exactly the reports that landed strictly
    /// before it, worked out on demand or not. Fixed per control plane, not per optimisation:
    /// both paths of the equivalence tests order events alike.
    let statusSyncsLate: Bool
    /// Kubelet lease renewals lost or refused, on the straightforward path (on demand, the
    /// lease oracle counts them).
    var leaseRenewalsDropped = 0, leaseRenewalsLost = 0
    /// Every distinct renewal route seen, so streams share them (see `sharedRoute`).
    var renewalRoutes: Set<RouteProfile> = []
    /// The nodes whose route to the API server crosses each link (built on the first reroute).
    var nodesRoutedOver: ClientsByLink?
    var controllerManager = ControllerManagerLeadership()
    /// Flapping faults still active, and those whose link is down now, by fault index.
    var flapping: Set<Int> = [], flapDown: Set<Int> = []
    /// The event being settled is a scripted fault. Faults are queued at the start, before any
    /// status tick, so a tick due at a fault's instant still comes after it: a kubelet woken by
    /// the fault's changes may take that tick (`Kubelet.wake`), as ticking every period would.
    var settlingAFault = false
    /// How far `observeEvictions` has read the recorder's batch.
    var observedTimeline = 0
    /// The pods evicted while their node was powered and running them, in eviction order.
    public internal(set) var unnecessaryEvictionPods: [PodID] = []
    public var unnecessaryEvictions: Int { unnecessaryEvictionPods.count }
    /// Every time a node actually lost or regained power, in order: observed for reports
    /// (time to evict a dead node), never read by the simulation.
    public internal(set) var powerChanges: [PowerChange] = []

    init(_ compiled: CompiledScenario, options: World.Options, stream: (any TimelineStream)?, kubeletLeasesReachAPIServer: Bool,
         kubeletSyncsEveryPeriod: Bool, kubeletReportsMayRunOnDemand: Bool) {
        self.compiled = compiled
        timeline = TimelineRecorder(stream: stream)
        // The why-not facts are read with the whole timeline (explain); a streamed run drops them.
        api.causes.keepsHolds = stream == nil
        self.options = options
        renewsOnDemand = options.leasesOnDemand && kubeletLeasesReachAPIServer
        lazyStatus = options.lazyKubeletStatus && !kubeletSyncsEveryPeriod
        syncsEveryPeriod = kubeletSyncsEveryPeriod
        reportsOnDemand = options.statusReportsOnDemand && kubeletReportsMayRunOnDemand && lazyStatus && renewsOnDemand
        statusSyncsLate = kubeletReportsMayRunOnDemand
        network = Network(topology: compiled.topology)
        kubelets = compiled.nodes.map {
            Kubelet(node: $0.id, host: $0.host, random: SeededRandom(seed: compiled.seed, stream: "kubelet/" + $0.name),
                    statusRandom: SeededRandom(seed: compiled.seed, stream: "kubelet-status/" + $0.name),
                    leaseRandom: CounterRandom(seed: compiled.seed, stream: "kubelet-lease/" + $0.name))
        }
        for node in compiled.nodes where !node.registered { kubelets[node.id.index].awaitJoin() }
        scheduler = Scheduler(seed: compiled.seed)
        nodeLifecycle = NodeLifecycleController(settings: compiled.settings.nodeLifecycle, nodes: compiled.nodes,
                                                lazy: options.lazyMonitorPass, seed: compiled.seed)
        taintEviction = TaintEvictionController(nodeCount: compiled.nodes.count,
                                                evictionCondition: compiled.settings.kubernetesVersion.taintEvictionDetail)
        workloadController = WorkloadController(workloadCount: compiled.workloads.count,
                                                defaultNotReadySeconds: compiled.settings.defaultNotReadyTolerationSeconds,
                                                defaultUnreachableSeconds: compiled.settings.defaultUnreachableTolerationSeconds)
    }

    mutating func schedule(_ event: Event, at time: SimTime) { simulation.schedule(event, at: time) }
    mutating func schedule(_ event: Event, at time: SimTime, rank: UInt32) { simulation.schedule(event, at: time, rank: rank) }

    /// A kubelet's lease and status events, in the order they run among an instant's late events.
    enum KubeletEventKind: Int {
        case leaseTick, leaseArrives, leaseReturns, statusTick, statusArrives
    }

    /// A kubelet's event, ranked by kind, then node, so that an instant's kubelet events run in
    /// one order whenever each was booked (a kubelet woken from sleep books its tick later than
    /// one that ticked all along): late, or in the ranked band when `late` is false (status
    /// events where reports are never worked out on demand), above the ranks control planes
    /// give their own loops (`kubeletRankBase`).
    mutating func scheduleKubelet(_ event: Event, at time: SimTime, _ kind: KubeletEventKind, _ node: NodeID, late: Bool = true) {
        let rank = UInt32(kind.rawValue * kubelets.count + node.index)
        simulation.schedule(event, at: time, rank: late ? rank : Self.kubeletRankBase + rank, late: late)
    }

    /// Where kubelets' ranks start in the ranked band: control planes rank their own loops below.
    static var kubeletRankBase: UInt32 { 1 << 29 }

    /// Records what happened outside the API server (a fault, a restart, an election), after
    /// everything the API server wrote so far.
    mutating func record(_ event: TimelineEvent) { timeline.record(event, after: &api) }

    /// The run starts from a converged cluster: nodes Ready with fresh leases, pods placed,
    /// running and in their Services' endpoints. Placement is in the timeline at +0. The
    /// control plane's informer hooks see these first changes too (`ClusterRun.converge`).
    mutating func createObjects() {
        api.reserveCapacity(nodes: compiled.nodes.count)
        for node in compiled.nodes {
            api.register(node)
            // A node added later has no Lease yet and nobody listening on the kubelet's port.
            guard node.registered else {
                network.setListening(node.host, port: Port.kubelet, false)
                continue
            }
            api.renewLease(node.id, at: .zero, arrivedAt: .zero)
        }
        for workload in compiled.workloads { api.addWorkload(workload) }
        for service in compiled.services { api.addService(service) }
        workloadController.createInitialPods(now: .zero, api: &api)
        // The timeline takes each phase's lines as it goes: a million pods' lines would
        // otherwise sit in the audit log and in the timeline at once.
        timeline.take(from: &api)
        scheduler.schedulePending(now: .zero, api: &api)
        timeline.take(from: &api)
        for index in kubelets.indices where kubelets[index].processRunning {
            _ = kubelets[index].completeStatusSync(now: .zero, settings: settings.kubelet, api: &api)
        }
    }

    /// Starts every kubelet's loops, each with its own random phase.
    mutating func startKubelets() {
        for index in kubelets.indices where kubelets[index].processRunning { startKubelet(NodeID(index), randomPhase: true) }
        if renewsOnDemand {
            api.startRenewalStreams(kubelets.map {
                LeaseRenewalStream(random: $0.leaseRandom, period: settings.kubelet.leaseRenewInterval, origin: $0.leaseOrigin,
                                   life: $0.life, route: sharedRenewalRoute($0.node),
                                   loop: settings.kubelet.leaseRenewalsSlide ? $0.leaseLoop : nil, timing: KubeletLeaseLoop.Timing(settings.kubelet))
            })
            // A node added later renews nothing until its kubelet starts (`Cluster.addNode`).
            for index in kubelets.indices where !kubelets[index].processRunning { api.stopRenewals(NodeID(index), at: now) }
        }
    }

    /// Starts the controller-manager's passes and schedules the scripted faults.
    mutating func startControllersAndFaults() {
        startControllerManager()
        for (index, fault) in compiled.faults.enumerated() {
            schedule(.faultStarts(index), at: fault.at)
            if let until = fault.until { schedule(.faultEnds(index), at: until) }
        }
    }

    /// Lease renewals and kubelet requests the network refused, and those it lost, so far.
    public mutating func messageCounts() -> (dropped: Int, lost: Int) {
        endStatusChains(before: now + .microseconds(1))
        let renewals = renewsOnDemand ? api.renewalMessageCounts(through: now) : (dropped: leaseRenewalsDropped, lost: leaseRenewalsLost)
        return (network.droppedMessages + renewals.dropped, network.lostMessages + renewals.lost)
    }

    /// Notes evictions of pods whose node was powered and running them: the evictions a
    /// better control plane would have avoided.
    mutating func observeEvictions() {
        assert(observedTimeline <= timeline.events.count, "the batch was handed over before its evictions were observed")
        let events = timeline.events
        while observedTimeline < events.count {
            let event = events[observedTimeline]
            observedTimeline += 1
            guard case .podEvicted = event.kind, let node = event.node, let pod = event.pod else { continue }
            if kubelets[node.index].powered && kubelets[node.index].isRunning(pod) { unnecessaryEvictionPods.append(pod) }
        }
    }
}

extension Cluster {
    /// Hands the recorder's settled batch to its stream (when it is long enough, or `force`):
    /// only after evictions are observed and invariants checked, which read the batch.
    mutating func handOverTimeline(force: Bool) {
        guard timeline.wantsHandOver(force: force) else { return }
        timeline.handOver(SettledRun(now: now, api: api, powerChanges: powerChanges))
        observedTimeline = 0
    }
}
