/// One run of a cluster under one control plane: the shared model, the plane's extension, and
/// the loop that hands each event to whichever owns it. After every event the API changes it
/// caused reach the informers until quiet, then the invariants are checked (the kernel's
/// `settle` hook).
///
/// A struct driven by the kernel's `mutating` loop: every access to the run's state is checked
/// for exclusivity at compile time, none at run time.
struct ClusterRun<Plane: ControlPlane>: SimulationModel {
    typealias Event = Cluster<Plane.Event>.Event

    var cluster: Cluster<Plane.Event>
    var plane: Plane
    /// Whether invariants are checked after every event; off only for benchmarks.
    let checksInvariants: Bool
    private var invariants: Invariants
    private let stepBudget: Invariants.StepBudget
    /// The first broken invariant; the run stops there.
    private(set) var violation: InvariantViolation?
    /// The run's events and timeline lines may not pass `maxEvents`, nor its timeline
    /// `maxTimelineLines` (`RunBudget`).
    private let maxEvents: Int64
    private let maxTimelineLines: Int64
    private let maxPodObjects: Int64
    /// When the run went past `maxEvents`; the run stops there.
    private(set) var overBudgetAt: SimTime?

    var simulation: Simulation<Event> {
        get { cluster.simulation }
        _modify { yield &cluster.simulation }
    }

    init(_ compiled: CompiledScenario, options: World.Options, stream: (any TimelineStream)? = nil) {
        checksInvariants = options.checkInvariants
        maxEvents = options.maxEvents
        maxTimelineLines = options.maxTimelineLines
        maxPodObjects = options.maxPodObjects
        invariants = Invariants(endpointRule: Plane.endpointRule)
        stepBudget = Invariants.StepBudget(desiredPods: compiled.workloads.reduce(0) { $0 + $1.replicas }, nodes: compiled.nodes.count)
        cluster = Cluster(compiled, options: options, stream: stream, kubeletLeasesReachAPIServer: Plane.kubeletLeasesReachAPIServer,
                          kubeletSyncsEveryPeriod: Plane.kubeletSyncsEveryPeriod,
                          kubeletReportsMayRunOnDemand: Plane.kubeletReportsMayRunOnDemand)
        plane = Plane(compiled, cluster: &cluster)
        converge()
        checkInvariants()
        handOverTimeline(force: false)
    }

    /// The run starts from a converged cluster (`Cluster.createObjects`); then every loop starts
    /// with its own phase: kubelets, the control plane's agents, the controller-manager.
    private mutating func converge() {
        cluster.createObjects()
        drainChanges()
        cluster.startKubelets()
        plane.start(&cluster)
        cluster.startControllersAndFaults()
    }

    var isStopped: Bool { violation != nil || overBudgetAt != nil }

    mutating func settle() -> Bool {
        drainChanges()
        plane.settled(&cluster)
        checkInvariants()
        let lines = Int64(cluster.timeline.count)
        // Only a held timeline's lines count against memory (`RunBudget.maxTimelineLines`).
        if Int64(simulation.eventsProcessed) + lines > maxEvents || (cluster.timeline.holdsTimeline && lines > maxTimelineLines)
            || Int64(cluster.api.pods.count) > maxPodObjects {
            overBudgetAt = cluster.now
        }
        handOverTimeline(force: false)
        return !isStopped
    }

    /// Hands the settled batch to the timeline's stream, if any; `force` at the end of a run
    /// (or a pause), when every event recorded is settled. Never after a broken invariant: the
    /// run's report is thrown away then.
    mutating func handOverTimeline(force: Bool) {
        guard violation == nil, cluster.timeline.wantsHandOver(force: force) else { return }
        cluster.handOverTimeline(force: force)
        invariants.batchHandedOver()
    }

    private mutating func checkInvariants() {
        cluster.timeline.take(from: &cluster.api)
        guard checksInvariants, violation == nil, invariants.hasWork(batchCount: cluster.timeline.events.count) else { return }
        violation = invariants.check(cluster.api, batch: cluster.timeline.events, now: cluster.now, seed: cluster.compiled.seed)
    }

    /// Applies `mutation` to the API server as if an event did it now, then drains and checks
    /// invariants like any event: the seam through which tests break a rule on purpose.
    mutating func injectForTesting(_ mutation: (inout APIServer, SimTime) -> Void) {
        mutation(&cluster.api, cluster.now)
        drainChanges()
        checkInvariants()
    }

    // MARK: - Events

    mutating func handle(_ event: Event) {
        switch event {
        case .kubeletLeaseTick(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            if cluster.settings.kubelet.leaseRenewalsSlide {
                if Plane.kubeletLeasesReachAPIServer { cluster.sendLeaseRequest(node) } else {
                    plane.kubeletRenewedLease(node, &cluster)
                    cluster.leaseAnsweredLocally(node)
                }
                return
            }
            if Plane.kubeletLeasesReachAPIServer { cluster.sendLeaseRenewal(node) } else { plane.kubeletRenewedLease(node, &cluster) }
            cluster.scheduleKubelet(.kubeletLeaseTick(node, life: life), at: cluster.now + cluster.settings.kubelet.leaseRenewInterval, .leaseTick, node)
        case .kubeletLeaseReturns(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            cluster.leaseRequestReturns(node)
        case .kubeletStatusTick(let node, let life):
            guard let tick = cluster.kubeletStatusTick(node, life: life) else { break }
            // A steady kubelet's report: the chain sends it and the ones after, as events would.
            if tick.sync && Plane.kubeletStatusReachesAPIServer && cluster.startStatusChain(node) { break }
            if tick.sync {
                if Plane.kubeletStatusReachesAPIServer { cluster.sendStatusSync(from: node) } else { plane.kubeletSentStatus(node, &cluster) }
            }
            cluster.bookStatusTick(node, life: life, tick)
        case .kubeletRequestArrives(let node, .renewLease(let renewTime), _):
            cluster.leaseRenewalArrives(node, renewTime: renewTime)
        case .kubeletRequestArrives(let node, .syncStatus, let life):
            if cluster.statusSyncArrives(node, life: life) { plane.kubeletSyncedStatus(node, &cluster) }
        case .nodeMonitorPass(let term):
            cluster.nodeMonitorPass(term: term)
        case .noExecuteTaintingPass(let term):
            cluster.noExecuteTaintingPass(term: term)
        case .podGCPass(let term):
            cluster.podGCPass(term: term)
        case .evictionDue(let pod, let generation):
            cluster.evictionDue(pod, generation: generation)
        case .workloadSync(let workload):
            cluster.workloadSync(workload)
        case .faultStarts(let index):
            cluster.endStatusChains(before: cluster.now)
            cluster.settlingAFault = true
            startFault(index)
        case .faultEnds(let index):
            cluster.endStatusChains(before: cluster.now)
            cluster.settlingAFault = true
            endFault(index)
        case .flapToggle(let index, let down):
            cluster.endStatusChains(before: cluster.now)
            cluster.flap(index, down: down)
        case .plane(let event):
            plane.handle(event, &cluster)
        }
    }

    // MARK: - Informers

    /// Hands every API change to the controllers that watch it, in order, until quiet.
    private mutating func drainChanges() {
        let podsBefore = cluster.api.pods.count
        var changes = 0
        while let change = cluster.api.nextChange() {
            changes += 1
            if checksInvariants, violation == nil, stepBudget.exceeded(podsCreated: cluster.api.pods.count - podsBefore, changes: changes,
                                                                                   podObjects: podsBefore) {
                violation = stepRunsAway(podsCreated: cluster.api.pods.count - podsBefore, changes: changes)
                return
            }
            guard cluster.api.isAvailable else { continue }
            cluster.informControllers(of: change)
            plane.observe(change, &cluster)
            cluster.schedulePendingPods()
        }
        cluster.timeline.take(from: &cluster.api)
        cluster.observeEvictions()
        cluster.settlingAFault = false
    }

    /// Names the workload that grew the most in the runaway step, to point a reader at the loop.
    private func stepRunsAway(podsCreated: Int, changes: Int) -> InvariantViolation {
        let api = cluster.api
        var created = Array(repeating: 0, count: api.workloads.count)
        for pod in api.pods.suffix(podsCreated) { created[pod.workload.index] += 1 }
        let busiest = created.indices.max { created[$0] < created[$1] }
        let culprit = busiest.map { " (\(created[$0]) of them for \(api.workloads[$0].kind.rawValue) \(api.workloads[$0].name))" } ?? ""
        return InvariantViolation(invariant: Invariants.Name.stepSettles.rawValue, time: cluster.now, seed: cluster.compiled.seed,
                                  detail: "one event led to \(changes) API changes and \(podsCreated) new pods\(culprit) without settling")
    }
}
