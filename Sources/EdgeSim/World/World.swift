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
    }

    public let compiled: CompiledScenario
    public var settings: SimulationSettings { compiled.settings }
    public private(set) var now = SimTime.zero
    public private(set) var api = APIServer()
    public private(set) var network: Network
    public private(set) var kubelets: [Kubelet]
    public private(set) var nodeLifecycle: NodeLifecycleController
    public private(set) var taintEviction: TaintEvictionController
    private let endpoints = EndpointsController()
    private let scheduler = Scheduler()
    private var workloadController: WorkloadController
    private var queue = EventQueue<Event>()
    /// The controller-manager's leadership term; bumped when it loses its lease.
    private var controllerTerm: UInt32 = 0
    private var apiServerDownSince: SimTime?
    /// Flapping faults still active, by fault index.
    private var flapping: Set<Int> = []
    private var observedTimeline = 0
    public private(set) var eventsProcessed = 0
    public private(set) var unnecessaryEvictions = 0
    /// Every time a node actually lost or regained power, in order: observed for reports
    /// (time to evict a dead node), never read by the simulation.
    public private(set) var powerChanges: [PowerChange] = []

    /// How long the controller-manager keeps leading without the API server
    /// (k8s: kube-controller-manager `--leader-elect-renew-deadline`, 10 s).
    static let leaderRenewDeadline = SimTime.seconds(10)

    public init(_ compiled: CompiledScenario) {
        self.compiled = compiled
        network = Network(topology: compiled.topology)
        kubelets = compiled.nodes.map {
            Kubelet(node: $0.id, host: $0.host, random: SeededRandom(seed: compiled.seed, stream: "kubelet", index: $0.id.index))
        }
        nodeLifecycle = NodeLifecycleController(settings: compiled.settings.nodeLifecycle, nodes: compiled.nodes)
        taintEviction = TaintEvictionController(nodeCount: compiled.nodes.count)
        workloadController = WorkloadController(workloadCount: compiled.workloads.count,
                                                defaultNotReadySeconds: compiled.settings.defaultNotReadyTolerationSeconds,
                                                defaultUnreachableSeconds: compiled.settings.defaultUnreachableTolerationSeconds)
        converge()
    }

    /// The run starts from a converged cluster: nodes Ready with fresh leases, pods placed,
    /// running and in their Services' endpoints. Placement is in the timeline at +0.
    private func converge() {
        for node in compiled.nodes {
            api.register(node)
            api.renewLease(node.id, at: .zero)
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
        push(.nodeMonitorPass(term: controllerTerm), at: .zero)
        push(.noExecuteTaintingPass(term: controllerTerm), at: .zero)
        for (index, fault) in compiled.faults.enumerated() {
            push(.faultStarts(index), at: fault.at)
            if let until = fault.until { push(.faultEnds(index), at: until) }
        }
    }

    private func push(_ event: Event, at time: SimTime) { queue.push(event, at: time) }

    /// Runs to the scenario's end (events at exactly `duration` included).
    public func run() {
        run(until: compiled.duration)
    }

    public func run(until end: SimTime) {
        while let next = queue.nextTime, next <= end {
            let entry = queue.pop()!
            precondition(entry.time >= now, "simulated time never goes backwards")
            now = entry.time
            handle(entry.event)
            drainChanges()
            eventsProcessed += 1
        }
        now = max(now, end)
    }

    // MARK: - Events

    private func handle(_ event: Event) {
        switch event {
        case .kubeletLeaseTick(let node, let life):
            guard kubelets[node.index].life == life else { return }
            send(from: node, .renewLease(now))
            push(.kubeletLeaseTick(node, life: life), at: now + settings.kubelet.leaseRenewInterval)
        case .kubeletStatusTick(let node, let life):
            guard kubelets[node.index].life == life else { return }
            send(from: node, .syncStatus)
            push(.kubeletStatusTick(node, life: life), at: now + settings.kubelet.statusUpdateFrequency)
        case .kubeletRequestArrives(let node, let request, let life):
            guard api.isAvailable else { return }
            switch request {
            case .renewLease(let renewTime):
                api.renewLease(node, at: renewTime)
            case .syncStatus:
                // The reply carries the node's pods back; a rebooted or powered-off kubelet
                // never sees it.
                guard kubelets[node.index].life == life, kubelets[node.index].powered else { return }
                let restarted = kubelets[node.index].completeStatusSync(now: now, settings: settings.kubelet, api: &api)
                for pod in restarted { api.record(TimelineEvent(time: now, kind: .podRestarted, node: node, pod: pod)) }
            }
        case .nodeMonitorPass(let term):
            guard term == controllerTerm else { return }
            if api.isAvailable { nodeLifecycle.monitorNodeHealth(now: now, api: &api) }
            push(.nodeMonitorPass(term: term), at: now + settings.nodeLifecycle.monitorPeriod)
        case .noExecuteTaintingPass(let term):
            guard term == controllerTerm else { return }
            if api.isAvailable { nodeLifecycle.doNoExecuteTaintingPass(now: now, api: &api) }
            push(.noExecuteTaintingPass(term: term), at: now + NodeLifecycleController.taintingPassPeriod)
        case .evictionDue(let pod, let generation):
            if api.isAvailable { taintEviction.fire(pod, generation: generation, now: now, api: &api) }
        case .faultStarts(let index):
            startFault(index)
        case .faultEnds(let index):
            endFault(index)
        case .flapToggle(let index, let down):
            flap(index, down: down)
        }
    }

    /// A kubelet request over the node's connection to the API server.
    private func send(from node: NodeID, _ request: KubeletRequest) {
        let host = kubelets[node.index].host
        guard let delay = network.transmit(client: host, server: .cloud, port: Port.apiServer, from: host, to: .cloud,
                                           random: &kubelets[node.index].random) else { return }
        push(.kubeletRequestArrives(node, request, life: kubelets[node.index].life), at: now + delay)
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
        push(.kubeletLeaseTick(node, life: life), at: leaseAt)
        push(.kubeletStatusTick(node, life: life), at: statusAt)
    }

    // MARK: - Informers

    /// Hands every API change to the controllers that watch it, in order, until quiet.
    private func drainChanges() {
        while let change = api.nextChange() {
            guard api.isAvailable else { continue }
            switch change {
            case .node(let id):
                nodeLifecycle.doNoScheduleTaintingPass(id, now: now, api: &api)
                schedule(taintEviction.nodeUpdated(id, now: now, api: &api))
            case .pod(let id):
                endpoints.podChanged(id, now: now, api: &api)
                workloadController.podChanged(id, now: now, api: &api)
                schedule(taintEviction.podUpdated(id, now: now, api: &api))
            }
            if !api.unboundPods.isEmpty { scheduler.schedulePending(now: now, api: &api) }
        }
        observeEvictions()
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
        case .heal, .undrop, .powerOn, .apiServerUp: record(index, .end)
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
        case .powerOff(let node): powerOff(node)
        case .powerOn(let node): powerOn(node)
        case .apiServerDown: apiServerDown()
        case .apiServerUp: apiServerUp()
        }
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
        case .powerOff(let node): powerOn(node)
        case .apiServerDown: apiServerUp()
        case .heal, .undrop, .powerOn, .apiServerUp: break
        }
    }

    private var flapDown: Set<Int> = []

    /// A flapping link: down for the rest of each period after its up share, starting down.
    private func flap(_ index: Int, down: Bool) {
        guard flapping.contains(index), case .flap(let link, let period, let upPercent) = compiled.faults[index].action else { return }
        let upTime = SimTime(microseconds: period.microseconds * Int64(upPercent) / 100)
        if down {
            if !flapDown.contains(index) { network.cut(link); flapDown.insert(index) }
            push(.flapToggle(index, down: false), at: now + (period - upTime))
        } else {
            if flapDown.contains(index) { network.heal(link); flapDown.remove(index) }
            push(.flapToggle(index, down: true), at: now + upTime)
        }
    }

    private func powerOff(_ node: NodeID) {
        guard kubelets[node.index].powered else { return }
        kubelets[node.index].powerOff()
        network.setPowered(kubelets[node.index].host, false)
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
    }

    private func apiServerDown() {
        guard api.isAvailable else { return }
        api.setAvailable(false)
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
            nodeLifecycle.restart()
            schedule(taintEviction.restart(now: now, api: &api))
            push(.nodeMonitorPass(term: controllerTerm), at: now)
            push(.noExecuteTaintingPass(term: controllerTerm), at: now)
        }
        apiServerDownSince = nil
    }
}
