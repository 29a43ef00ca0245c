/// One run: the network, the API server, every kubelet and every cloud controller, driven by
/// one event queue. Agents and controllers never touch each other's state: kubelets reach the
/// API server only through messages on the network, and controllers react only to what the
/// API server holds, in the order it changed.
public final class World {
    /// Everything that can happen, as data (no closures): printable, cheap, deterministic.
    enum Event {
        case kubeletLeaseTick(NodeID, life: UInt32)
        case kubeletStatusTick(NodeID, life: UInt32)
        /// A kubelet request reaches the API server.
        case kubeletRequestArrives(NodeID, KubeletRequest, life: UInt32)
        case nodeMonitorPass(term: UInt32)
        case noExecuteTaintingPass(term: UInt32)
        case evictionDue(PodID, generation: UInt64)
        case faultStarts(Int)
        case faultEnds(Int)
        case flapToggle(Int, down: Bool)
        case edgeHealthCheck(NodeID, life: UInt32)
        case edgeHealthCheckReturns(NodeID, life: UInt32)
        case edgeHealthCommunicate(NodeID, life: UInt32)
        case edgeHealthVote(NodeID, life: UInt32)
        /// A voter's annotation patch reaches the API server.
        case annotationPatchArrives(NodeID, unhealthy: Bool)
        /// OpenYurt: YurtHub, its pool's coordinator and the leader's duties (World+OpenYurt).
        case yurt(YurtEvent)
    }

    public let compiled: CompiledScenario
    public var settings: SimulationSettings { compiled.settings }
    public private(set) var now = SimTime.zero
    public internal(set) var api = APIServer()
    public internal(set) var network: Network
    public internal(set) var kubelets: [Kubelet]
    /// SuperEdge edge-health daemons, one per node, in `superedge` mode only.
    public internal(set) var edgeHealth: [EdgeHealthAgent] = []
    /// OpenYurt's cloud-edge parts, in `openyurt` mode only.
    public internal(set) var yurt: OpenYurtParts?
    public private(set) var nodeLifecycle: NodeLifecycleController
    public private(set) var taintEviction: TaintEvictionController
    private let endpoints = EndpointsController()
    private let scheduler = Scheduler()
    private var workloadController: WorkloadController
    var queue = EventQueue<Event>()
    /// Kubelet lease renewals lost or refused, on the straightforward path (on demand, the
    /// API server's renewal streams count them).
    private var leaseRenewalsDropped = 0, leaseRenewalsLost = 0
    /// Every distinct renewal route seen, so streams share them (see `renewalRoute`).
    private var renewalRoutes: Set<RouteProfile> = []
    /// The controller-manager's leadership term; bumped when it loses its lease.
    private var controllerTerm: UInt32 = 0
    /// When this term's passes started: tainting passes fall every 100 ms from it.
    private var controllerTermStart = SimTime.zero
    /// The tainting pass is not in the queue because every zone queue was empty.
    private var taintingPassAsleep = false
    private var apiServerDownSince: SimTime?
    /// When the API server last went down: renewals sent before it never land.
    private var apiServerLastDown: SimTime?
    /// Flapping faults still active, by fault index.
    private var flapping: Set<Int> = []
    private var observedTimeline = 0
    public private(set) var eventsProcessed = 0
    public private(set) var unnecessaryEvictions = 0
    /// Whether invariants are checked after every event; off only for benchmarks.
    public let checksInvariants: Bool
    private var invariants: Invariants
    private let stepBudget: Invariants.StepBudget
    /// The first broken invariant; the run stops there.
    public private(set) var violation: InvariantViolation?
    /// Every time a node actually lost or regained power, in order: observed for reports
    /// (time to evict a dead node), never read by the simulation.
    public private(set) var powerChanges: [PowerChange] = []

    /// How long the controller-manager keeps leading without the API server
    /// (k8s: kube-controller-manager `--leader-elect-renew-deadline`, 10 s).
    static let leaderRenewDeadline = SimTime.seconds(10)

    /// How a run is carried out, not what it models: every option gives the same timeline.
    public struct Options: Sendable {
        /// Kubelets sleep while they have nothing to sync (false: tick every period, the
        /// straightforward path the equivalence test compares against).
        public var lazyKubeletStatus = true
        /// Kubelet lease renewals are worked out when the Lease is read, from each kubelet's
        /// renewal schedule and route (false: a tick event and an arrival event per renewal).
        public var leasesOnDemand = true
        /// Node lifecycle passes read only the nodes that are not quiet or whose deadline is due
        /// (false: every node on every pass).
        public var lazyMonitorPass = true
        /// The NoExecute tainting pass sleeps while no zone queue holds a node (false: it runs
        /// every 100 ms whatever the queues hold).
        public var lazyTaintingPass = true
        /// Invariants checked after every event (off for benchmarks: about 3 % of a large run).
        public var checkInvariants = true
        public init() {}

        /// Every optimisation off: the path the equivalence tests compare against.
        public static var straightforward: Options {
            var options = Options()
            options.lazyKubeletStatus = false
            options.leasesOnDemand = false
            options.lazyMonitorPass = false
            options.lazyTaintingPass = false
            return options
        }
    }

    public let options: Options

    public convenience init(_ compiled: CompiledScenario, checkingInvariants: Bool) {
        var options = Options()
        options.checkInvariants = checkingInvariants
        self.init(compiled, options: options)
    }

    public init(_ compiled: CompiledScenario, options: Options = Options()) {
        self.compiled = compiled
        self.options = options
        checksInvariants = options.checkInvariants
        invariants = Invariants(mode: compiled.scenario.mode)
        stepBudget = Invariants.StepBudget(desiredPods: compiled.workloads.reduce(0) { $0 + $1.replicas }, nodes: compiled.nodes.count)
        network = Network(topology: compiled.topology)
        kubelets = compiled.nodes.map {
            Kubelet(node: $0.id, host: $0.host, random: SeededRandom(seed: compiled.seed, stream: "kubelet/" + $0.name),
                    statusRandom: SeededRandom(seed: compiled.seed, stream: "kubelet-status/" + $0.name),
                    leaseRandom: CounterRandom(seed: compiled.seed, stream: "kubelet-lease/" + $0.name))
        }
        nodeLifecycle = NodeLifecycleController(settings: compiled.settings.nodeLifecycle, nodes: compiled.nodes,
                                                lazy: options.lazyMonitorPass)
        taintEviction = TaintEvictionController(nodeCount: compiled.nodes.count)
        workloadController = WorkloadController(workloadCount: compiled.workloads.count,
                                                defaultNotReadySeconds: compiled.settings.defaultNotReadyTolerationSeconds,
                                                defaultUnreachableSeconds: compiled.settings.defaultUnreachableTolerationSeconds)
        if compiled.scenario.mode == .superedge {
            api.edgeHealthAdmission = EdgeHealthAdmission(available: compiled.settings.edgeHealth.admissionAvailable,
                                                          alwaysReachable: compiled.settings.edgeHealth.alwaysReachable)
            edgeHealth = compiled.nodes.map {
                EdgeHealthAgent(node: $0.id, host: $0.host, nodeCount: compiled.nodes.count,
                                random: SeededRandom(seed: compiled.seed, stream: "edge-health/" + $0.name))
            }
        }
        if compiled.scenario.mode == .openyurt { installOpenYurt() }
        converge()
        checkInvariants()
    }

    /// The run starts from a converged cluster: nodes Ready with fresh leases, pods placed,
    /// running and in their Services' endpoints. Placement is in the timeline at +0.
    private func converge() {
        api.reserveCapacity(nodes: compiled.nodes.count)
        for node in compiled.nodes {
            api.register(node)
            api.renewLease(node.id, at: .zero, arrivedAt: .zero)
        }
        for workload in compiled.workloads { api.addWorkload(workload) }
        for service in compiled.services { api.addService(service) }
        workloadController.createInitialPods(now: .zero, api: &api)
        scheduler.schedulePending(now: .zero, api: &api)
        for index in kubelets.indices {
            _ = kubelets[index].completeStatusSync(now: .zero, settings: settings.kubelet, api: &api)
        }
        drainChanges()
        for index in kubelets.indices { startKubelet(NodeID(index), firstTickWithin: true) }
        if renewsOnDemand {
            api.startRenewalStreams(kubelets.map {
                LeaseRenewalStream(random: $0.leaseRandom, period: settings.kubelet.leaseRenewInterval, origin: $0.leaseOrigin,
                                   life: $0.life, route: sharedRenewalRoute($0.node))
            })
        }
        for index in edgeHealth.indices { startEdgeHealth(NodeID(index), randomPhase: true) }
        if yurt != nil { startOpenYurt() }
        push(.nodeMonitorPass(term: controllerTerm), at: .zero)
        push(.noExecuteTaintingPass(term: controllerTerm), at: .zero)
        for (index, fault) in compiled.faults.enumerated() {
            push(.faultStarts(index), at: fault.at)
            if let until = fault.until { push(.faultEnds(index), at: until) }
        }
    }

    func push(_ event: Event, at time: SimTime, late: Bool = false) { queue.push(event, at: time, late: late) }

    /// Runs to the scenario's end (events at exactly `duration` included).
    public func run() {
        run(until: compiled.duration)
    }

    /// Runs every event up to `end`, or until an invariant breaks (see `violation`).
    public func run(until end: SimTime) {
        while violation == nil, let next = queue.nextTime, next <= end {
            let entry = queue.pop()!
            precondition(entry.time >= now, "simulated time never goes backwards")
            now = entry.time
            handle(entry.event)
            drainChanges()
            eventsProcessed += 1
            checkInvariants()
        }
        if violation == nil { now = max(now, end) }
    }

    private func checkInvariants() {
        guard checksInvariants, violation == nil, invariants.hasWork(timelineCount: api.timeline.count) else { return }
        violation = invariants.check(api, now: now, seed: compiled.seed)
    }

    /// Applies `mutation` to the API server as if an event did it now, then drains and checks
    /// invariants like any event: the seam through which tests break a rule on purpose.
    func injectForTesting(_ mutation: (inout APIServer, SimTime) -> Void) {
        mutation(&api, now)
        drainChanges()
        checkInvariants()
    }

    // MARK: - Events

    private func handle(_ event: Event) {
        switch event {
        case .kubeletLeaseTick(let node, let life):
            guard kubelets[node.index].life == life else { return }
            kubeletLeaseTick(node)
            push(.kubeletLeaseTick(node, life: life), at: now + settings.kubelet.leaseRenewInterval, late: true)
        case .kubeletStatusTick(let node, let life):
            guard kubelets[node.index].life == life else { return }
            kubeletStatusTick(node, life: life)
        case .kubeletRequestArrives(let node, let request, let life):
            guard api.isAvailable else { return }
            switch request {
            case .renewLease(let renewTime):
                // The connection it went over died with the API server.
                if let down = apiServerLastDown, down > renewTime { return }
                api.renewLease(node, at: renewTime, arrivedAt: now)
            case .syncStatus:
                // The reply carries the node's pods back; a rebooted or powered-off kubelet
                // never sees it.
                guard kubelets[node.index].life == life, kubelets[node.index].powered else { return }
                if yurt != nil { countStatusSync(node) }
                let restarted = kubelets[node.index].completeStatusSync(now: now, settings: settings.kubelet, api: &api)
                for pod in restarted { api.record(TimelineEvent(time: now, kind: .podRestarted, node: node, pod: pod)) }
            }
        case .nodeMonitorPass(let term):
            guard term == controllerTerm else { return }
            if api.isAvailable { nodeLifecycle.monitorNodeHealth(now: now, api: &api) }
            push(.nodeMonitorPass(term: term), at: now + settings.nodeLifecycle.monitorPeriod)
            wakeTaintingPass()
        case .noExecuteTaintingPass(let term):
            guard term == controllerTerm else { return }
            if api.isAvailable { nodeLifecycle.doNoExecuteTaintingPass(now: now, api: &api) }
            // A pass over empty queues does nothing; only a monitor pass queues nodes.
            if options.lazyTaintingPass && !nodeLifecycle.hasQueuedNodes {
                taintingPassAsleep = true
                return
            }
            push(.noExecuteTaintingPass(term: term), at: now + NodeLifecycleController.taintingPassPeriod)
        case .evictionDue(let pod, let generation):
            if api.isAvailable { taintEviction.fire(pod, generation: generation, now: now, api: &api) }
        case .faultStarts(let index):
            startFault(index)
        case .faultEnds(let index):
            endFault(index)
        case .flapToggle(let index, let down):
            flap(index, down: down)
        case .edgeHealthCheck(let node, let life):
            guard kubelets[node.index].life == life else { return }
            edgeHealthCheck(node, life: life)
        case .edgeHealthCheckReturns(let node, let life):
            guard kubelets[node.index].life == life else { return }
            edgeHealth[node.index].commitCheck()
            push(.edgeHealthCheck(node, life: life), at: now + settings.edgeHealth.checkPeriod)
        case .edgeHealthCommunicate(let node, let life):
            guard kubelets[node.index].life == life else { return }
            edgeHealthCommunicate(node, life: life)
        case .edgeHealthVote(let node, let life):
            guard kubelets[node.index].life == life else { return }
            edgeHealthVote(node)
            push(.edgeHealthVote(node, life: life), at: now + settings.edgeHealth.votePeriod)
        case .annotationPatchArrives(let node, let unhealthy):
            guard api.isAvailable else { return }
            api.setAnnotation(node, key: EdgeHealthSettings.annotation, value: unhealthy ? "yes" : nil, now: now)
        case .yurt(let event):
            handleYurt(event)
        }
    }

    /// Puts a sleeping tainting pass back on its grid once a monitor pass queued a node: at
    /// this very instant if it is on the grid (the pass would have run after the monitor pass,
    /// which was queued first), else at the next grid point.
    private func wakeTaintingPass() {
        guard taintingPassAsleep, nodeLifecycle.hasQueuedNodes else { return }
        taintingPassAsleep = false
        let period = NodeLifecycleController.taintingPassPeriod.microseconds
        let steps = ((now - controllerTermStart).microseconds + period - 1) / period
        push(.noExecuteTaintingPass(term: controllerTerm), at: controllerTermStart + SimTime(microseconds: steps * period))
    }

    /// A lease tick as an event: the straightforward path, and OpenYurt's, where the kubelet's
    /// lease PUT stops at YurtHub (handleKubeletLease).
    private func kubeletLeaseTick(_ node: NodeID) {
        if yurt != nil {
            yurt!.hubs[node.index].kubeletLeaseSeen = now
            return
        }
        let kubelet = kubelets[node.index]
        guard let route = renewalRoute(node) else {
            leaseRenewalsDropped += 1
            return
        }
        let index = (now - kubelet.leaseOrigin).microseconds / settings.kubelet.leaseRenewInterval.microseconds
        guard let delay = route.delay(of: LeaseRenewalStream.counter(life: kubelet.life, index: index), kubelet.leaseRandom) else {
            leaseRenewalsLost += 1
            return
        }
        // Late, like a renewal worked out on demand: a pass at the instant it lands misses it.
        push(.kubeletRequestArrives(node, .renewLease(now), life: kubelet.life), at: now + delay, late: true)
    }

    /// The route of a node's lease renewals to the API server now.
    private func renewalRoute(_ node: NodeID) -> RouteProfile? {
        network.route(client: kubelets[node.index].host, server: .cloud, port: Port.apiServer)
    }

    /// The same, for a renewal stream to keep.
    private func sharedRenewalRoute(_ node: NodeID) -> RouteProfile? { shared(renewalRoute(node)) }

    /// Equal routes share one array: 10,000 streams holding 10,000 equal copies cost 100 bytes
    /// a node.
    private func shared(_ route: RouteProfile?) -> RouteProfile? {
        route.map { renewalRoutes.insert($0).memberAfterInsert }
    }

    /// Whether lease renewals are worked out on read rather than ticked (not in OpenYurt mode,
    /// whose YurtHub answers the kubelet's lease PUT and keeps its own timers).
    private var renewsOnDemand: Bool { options.leasesOnDemand && yurt == nil }

    /// The network just changed (only `link`, if given): renewals sent from now on take the
    /// new routes. A link change concerns only the nodes routed over it.
    private func rerouteRenewals(over link: LinkID? = nil) {
        guard renewsOnDemand else { return }
        let nodes = link.map { nodesRoutedOver[$0].map { NodeID(Int($0)) } } ?? kubelets.map(\.node)
        let routes = network.routes(clients: nodes.map { kubelets[$0.index].host }, server: .cloud, port: Port.apiServer)
        for (node, route) in zip(nodes, routes) where kubelets[node.index].powered && api.renewalRoute(node) != route {
            api.rerouteRenewals(node, shared(route), at: now)
            // Its quiet-node deadline assumed the old route's renewals.
            nodeLifecycle.nodeChanged(node, now: now, api: &api)
        }
    }

    /// Reroutes the nodes a fault can concern: those routed over its link; none for power
    /// (a node's own renewals stop and restart with it) or labels; every node otherwise.
    private func rerouteRenewals(after action: CompiledScenario.Action) {
        switch action {
        case .cut(let link), .heal(let link), .loss(let link, _), .latency(let link, _, _), .flap(let link, _, _):
            rerouteRenewals(over: link)
        case .powerOff, .powerOn, .label:
            break
        default:
            rerouteRenewals()
        }
    }

    /// The nodes whose route to the API server crosses each link.
    private lazy var nodesRoutedOver = ClientsByLink(topology: network.topology, clients: kubelets.map(\.host), server: .cloud)

    /// Lease renewals and kubelet requests the network refused, and those it lost, so far.
    public func messageCounts() -> (dropped: Int, lost: Int) {
        let renewals = renewsOnDemand ? api.renewalMessageCounts(through: now) : (dropped: leaseRenewalsDropped, lost: leaseRenewalsLost)
        return (network.droppedMessages + renewals.dropped, network.lostMessages + renewals.lost)
    }

    /// A kubelet status sync over the node's connection to the API server.
    private func sendStatusSync(from node: NodeID) {
        let host = kubelets[node.index].host
        guard let delay = network.transmit(client: host, server: .cloud, port: Port.apiServer, from: host, to: .cloud,
                                           random: &kubelets[node.index].statusRandom) else { return }
        push(.kubeletRequestArrives(node, .syncStatus, life: kubelets[node.index].life), at: now + delay)
    }

    /// A status tick: sync if anything would change. Ticking lazily, a kubelet with nothing to
    /// do sleeps until its next report is due or an API change about its node wakes it — the
    /// same syncs at the same instants as ticking every period, for a fraction of the events.
    /// OpenYurt mode ticks every period: each sync's Node GET is cloud-edge traffic it counts.
    private func kubeletStatusTick(_ node: NodeID, life: UInt32) {
        let period = settings.kubelet.statusUpdateFrequency
        if lazyStatus {
            guard kubelets[node.index].statusScheduled == now else { return }  // superseded by an earlier wake
            kubelets[node.index].statusScheduled = nil
        }
        let needed = kubelets[node.index].reportDue(now: now, settings: settings.kubelet)
            || kubelets[node.index].needsStatusSync(now: now, settings: settings.kubelet, nodeReady: api.nodes[node.index].ready,
                                                    podsBoundHere: api.podsOnNode[node.index], pods: api.pods)
        if needed || yurt != nil { sendStatusSync(from: node) }
        guard lazyStatus else {
            push(.kubeletStatusTick(node, life: life), at: now + period)
            return
        }
        let report = kubelets[node.index].lastStatusReport + settings.kubelet.statusReportFrequency
        scheduleStatusTick(node, at: needed ? now + period : kubelets[node.index].nextStatusTick(atOrAfter: max(report, now + period), period: period))
    }

    /// OpenYurt counts every sync's Node GET as cloud-edge traffic, so its kubelets never sleep.
    private var lazyStatus: Bool { options.lazyKubeletStatus && yurt == nil }

    private func scheduleStatusTick(_ node: NodeID, at time: SimTime) {
        if let scheduled = kubelets[node.index].statusScheduled, scheduled <= time { return }
        kubelets[node.index].statusScheduled = time
        push(.kubeletStatusTick(node, life: kubelets[node.index].life), at: time)
    }

    /// An API change about a node reaches its kubelet's informer: a sleeping kubelet looks at
    /// it on its next tick.
    private func wakeKubelet(_ node: NodeID) {
        guard lazyStatus, kubelets[node.index].powered else { return }
        let period = settings.kubelet.statusUpdateFrequency
        scheduleStatusTick(node, at: kubelets[node.index].nextStatusTick(atOrAfter: now + .microseconds(1), period: period))
    }

    /// Schedules a kubelet's periodic work: with a random phase at the start of the run, at
    /// once after a boot.
    private func startKubelet(_ node: NodeID, firstTickWithin random: Bool) {
        let life = kubelets[node.index].life
        var leaseAt = now, statusAt = now
        if random {
            leaseAt = now + kubelets[node.index].random.duration(upTo: settings.kubelet.leaseRenewInterval - .microseconds(1))
            statusAt = now + kubelets[node.index].random.duration(upTo: settings.kubelet.statusUpdateFrequency - .microseconds(1))
        }
        kubelets[node.index].leaseOrigin = leaseAt
        if !renewsOnDemand {
            push(.kubeletLeaseTick(node, life: life), at: leaseAt, late: true)
        } else if !random {
            // A boot; at the start of the run the streams are built once every kubelet started.
            api.restartRenewals(node, at: leaseAt, life: life, route: sharedRenewalRoute(node))
        }
        kubelets[node.index].statusOrigin = statusAt
        kubelets[node.index].statusScheduled = nil
        if lazyStatus { scheduleStatusTick(node, at: statusAt) } else { push(.kubeletStatusTick(node, life: life), at: statusAt) }
    }

    // MARK: - Informers

    /// Hands every API change to the controllers that watch it, in order, until quiet.
    private func drainChanges() {
        let podsBefore = api.pods.count
        var changes = 0
        while let change = api.nextChange() {
            changes += 1
            if checksInvariants, violation == nil, stepBudget.exceeded(podsCreated: api.pods.count - podsBefore, changes: changes) {
                violation = stepRunsAway(podsCreated: api.pods.count - podsBefore, changes: changes)
                return
            }
            guard api.isAvailable else { continue }
            switch change {
            case .node(let id):
                wakeKubelet(id)
                nodeLifecycle.nodeChanged(id, now: now, api: &api)
                nodeLifecycle.doNoScheduleTaintingPass(id, now: now, api: &api)
                schedule(taintEviction.nodeUpdated(id, now: now, api: &api))
                yurt?.podBinding.nodeChanged(id, now: now, api: &api)
            case .pod(let id):
                if let node = api.pods[id.index].node { wakeKubelet(node) }
                endpoints.podChanged(id, now: now, api: &api)
                workloadController.podChanged(id, now: now, api: &api)
                schedule(taintEviction.podUpdated(id, now: now, api: &api))
                yurt?.podBinding.podChanged(id, now: now, api: &api)
            case .lease(let id):
                yurt?.delegateLease.leaseUpdated(id, now: now, api: &api)
            }
            if api.unboundCount > 0 { scheduler.schedulePending(now: now, api: &api) }
        }
        observeEvictions()
    }

    /// Names the workload that grew the most in the runaway step, to point a reader at the loop.
    private func stepRunsAway(podsCreated: Int, changes: Int) -> InvariantViolation {
        var created = Array(repeating: 0, count: api.workloads.count)
        for pod in api.pods.suffix(podsCreated) { created[pod.workload.index] += 1 }
        let busiest = created.indices.max { created[$0] < created[$1] }
        let culprit = busiest.map { " (\(created[$0]) of them for \(api.workloads[$0].kind.rawValue) \(api.workloads[$0].name))" } ?? ""
        return InvariantViolation(invariant: Invariants.Name.stepSettles.rawValue, time: now, seed: compiled.seed,
                                  detail: "one event led to \(changes) API changes and \(podsCreated) new pods\(culprit) without settling")
    }

    private func schedule(_ timers: [TaintEvictionController.Timer]) {
        for timer in timers { push(.evictionDue(timer.pod, generation: timer.generation), at: timer.time) }
    }

    /// Counts evictions of pods whose node was powered and running them: the evictions a
    /// better control plane would have avoided.
    private func observeEvictions() {
        let timeline = api.timeline
        while observedTimeline < timeline.count {
            let event = timeline[observedTimeline]
            observedTimeline += 1
            guard case .podEvicted = event.kind, let node = event.node, let pod = event.pod else { continue }
            if kubelets[node.index].powered && kubelets[node.index].isRunning(pod) { unnecessaryEvictions += 1 }
        }
    }

    // MARK: - Faults

    private func record(_ index: Int, _ phase: FaultPhase) {
        let fault = compiled.faults[index]
        api.record(TimelineEvent(time: now, kind: .fault(subject: fault.subject, description: fault.text, phase: phase)))
    }

    private func startFault(_ index: Int) {
        let fault = compiled.faults[index]
        switch fault.action {
        case .heal, .undrop, .powerOn, .apiServerUp, .coordinatorPower(_, on: true): record(index, .end)
        default: record(index, .start)
        }
        switch fault.action {
        case .cut(let link): network.cut(link)
        case .heal(let link): network.heal(link)
        case .drop(let rule): network.addDrop(rule, owner: index)
        case .undrop(let rule): network.removeDrop(rule)
        case .loss(let link, let ppm): network.setLoss(link, ppm: ppm, owner: index)
        case .latency(let link, let latency, let jitter): network.setLatency(link, latency: latency, jitter: jitter, owner: index)
        case .flap:
            flapping.insert(index)
            flap(index, down: true)
        case .partition(let partition): network.partition(partition, owner: index)
        case .label(let node, let key, let value): api.setLabel(node, key: key, value: value)
        case .powerOff(let node): powerOff(node)
        case .powerOn(let node): powerOn(node)
        case .apiServerDown: apiServerDown()
        case .apiServerUp: apiServerUp()
        case .coordinatorPower(let host, let on): setCoordinatorPower(host, on: on)
        case .restartEdge(let nodes): restartEdge(nodes)
        }
        rerouteRenewals(after: fault.action)
    }

    private func endFault(_ index: Int) {
        record(index, .end)
        switch compiled.faults[index].action {
        case .cut(let link): network.heal(link)
        case .drop: network.removeDrop(owner: index)
        case .loss(let link, _): network.clearLoss(link, owner: index)
        case .latency(let link, _, _): network.clearLatency(link, owner: index)
        case .flap(let link, _, _):
            flapping.remove(index)
            if flapDown.contains(index) { network.heal(link) }
            flapDown.remove(index)
        case .partition: network.repair(owner: index)
        case .powerOff(let node): powerOn(node)
        case .apiServerDown: apiServerUp()
        case .coordinatorPower(let host, let on): if !on { setCoordinatorPower(host, on: true) }
        case .heal, .undrop, .powerOn, .apiServerUp, .label, .restartEdge: break
        }
        rerouteRenewals(after: compiled.faults[index].action)
    }

    private var flapDown: Set<Int> = []

    /// A flapping link: down for the rest of each period after its up share, starting down.
    private func flap(_ index: Int, down: Bool) {
        guard flapping.contains(index), case .flap(let link, let period, let upPercent) = compiled.faults[index].action else { return }
        let upTime = SimTime(microseconds: period.microseconds * Int64(upPercent) / 100)
        if down {
            if !flapDown.contains(index) { network.cut(link); flapDown.insert(index); rerouteRenewals(over: link) }
            push(.flapToggle(index, down: false), at: now + (period - upTime))
        } else {
            if flapDown.contains(index) { network.heal(link); flapDown.remove(index); rerouteRenewals(over: link) }
            push(.flapToggle(index, down: true), at: now + upTime)
        }
    }

    private func powerOff(_ node: NodeID) {
        guard kubelets[node.index].powered else { return }
        if renewsOnDemand {
            api.stopRenewals(node, at: now)
            nodeLifecycle.nodeChanged(node, now: now, api: &api)
        }
        kubelets[node.index].powerOff()
        network.setPowered(kubelets[node.index].host, false)
        if yurt != nil { yurtHostPoweredOff(node) }
        powerChanges.append(PowerChange(node: node, time: now, powered: false))
    }

    private func powerOn(_ node: NodeID) {
        guard !kubelets[node.index].powered else { return }
        powerChanges.append(PowerChange(node: node, time: now, powered: true))
        network.setPowered(kubelets[node.index].host, true)
        let staticPods = api.podsOnNode[node.index].filter { api.workloads[api.pods[$0.index].workload.index].kind == .staticPod }
        for pod in kubelets[node.index].powerOn(staticPods: staticPods) {
            api.record(TimelineEvent(time: now, kind: .podRestarted, node: node, pod: pod))
        }
        startKubelet(node, firstTickWithin: false)
        if !edgeHealth.isEmpty {
            edgeHealth[node.index].reset()
            startEdgeHealth(node, randomPhase: false)
        }
        if yurt != nil { yurtHostPoweredOn(node) }
    }

    private func apiServerDown() {
        guard api.isAvailable else { return }
        api.setAvailable(false)
        nodeLifecycle.wakeAll(now: now, api: &api)
        api.dropRenewalsInFlight(at: now)
        apiServerLastDown = now
        network.setPowered(.cloud, false)
        apiServerDownSince = now
    }

    /// The API server is back. A controller-manager that could not renew its leader lease for
    /// longer than the renew deadline lost it and restarted: its node health memory, zone
    /// states and eviction timers start from nothing, as after any restart.
    private func apiServerUp() {
        guard !api.isAvailable else { return }
        api.setAvailable(true)
        network.setPowered(.cloud, true)
        if let since = apiServerDownSince, now - since >= Self.leaderRenewDeadline {
            controllerTerm &+= 1
            controllerTermStart = now
            taintingPassAsleep = false
            nodeLifecycle.restart()
            schedule(taintEviction.restart(now: now, api: &api))
            push(.nodeMonitorPass(term: controllerTerm), at: now)
            push(.noExecuteTaintingPass(term: controllerTerm), at: now)
        }
        apiServerDownSince = nil
    }
}
