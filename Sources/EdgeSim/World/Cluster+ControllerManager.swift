/// kube-controller-manager in the run: its two node lifecycle loops, the taint eviction
/// timers, its leadership across API server outages, and the informer fan-out to the vanilla
/// controllers.
struct ControllerManagerLeadership: Sendable {
    /// The leadership term; bumped when the controller-manager loses its lease and restarts, so
    /// the previous term's passes are ignored.
    var term: UInt32 = 0
    /// When this term started: PodGC passes fall every 20 s from it.
    var termStart = SimTime.zero
    /// This term's first tainting pass: tainting passes fall every `taintingStep` from it.
    var taintingOrigin = SimTime.zero
    /// The tainting pass is not in the queue because every zone queue was empty.
    var taintingPassAsleep = false
    /// PodGC's pass is not in the queue because no node carries the out-of-service taint and
    /// no pod is bound to a deleted node (a pass would find nothing to do).
    var podGCAsleep = true
    var apiServerDownSince: SimTime?
    /// Workloads a controller could not sync while the API server was down.
    var requeuedWorkloads: [WorkloadID] = []
    /// When the API server last went down: renewals sent before it never land.
    var apiServerLastDown: SimTime?

    /// How long the controller-manager keeps leading without the API server
    /// (k8s: kube-controller-manager `--leader-elect-renew-deadline`, 10 s).
    static let renewDeadline = SimTime.seconds(10)
}

extension Cluster {
    mutating func startControllerManager() {
        let phases = ControllerManagerPhases(settings.nodeLifecycle, seed: compiled.seed, term: controllerManager.term)
        controllerManager.taintingOrigin = now + phases.tainting
        schedule(.nodeMonitorPass(term: controllerManager.term), at: now + phases.monitor)
        schedule(.noExecuteTaintingPass(term: controllerManager.term), at: now + phases.tainting)
        wakePodGC()
    }

    // k8s: nodelifecycle.Controller.Run — wait.UntilWithContext(monitorNodeHealth,
    // --node-monitor-period): the next wait starts when the pass returns, and a pass that
    // writes many Unknown updates returns late (`node-monitor-update-duration`).
    mutating func nodeMonitorPass(term: UInt32) {
        guard term == controllerManager.term else { return }
        var updates = 0
        if api.isAvailable { updates = nodeLifecycle.monitorNodeHealth(now: now, api: &api) }
        let extra = settings.nodeLifecycle.extraPassDuration(updates: updates)
        schedule(.nodeMonitorPass(term: term), at: now + settings.nodeLifecycle.monitorStep + extra)
        wakeTaintingPass()
    }

    // k8s: nodelifecycle.Controller.Run — wait.UntilWithContext(doNoExecuteTaintingPass, 100 ms),
    // sliding like the monitor loop.
    mutating func noExecuteTaintingPass(term: UInt32) {
        guard term == controllerManager.term else { return }
        if api.isAvailable { nodeLifecycle.doNoExecuteTaintingPass(now: now, api: &api) }
        // A pass over empty queues does nothing; only a monitor pass queues nodes.
        if options.lazyTaintingPass && !nodeLifecycle.hasQueuedNodes {
            controllerManager.taintingPassAsleep = true
            return
        }
        schedule(.noExecuteTaintingPass(term: term), at: now + settings.nodeLifecycle.taintingStep)
    }

    /// Puts a sleeping tainting pass back on its grid once a monitor pass queued a node: at
    /// this very instant if it is on the grid (the pass would have run after the monitor pass,
    /// which was queued first), else at the next grid point.
    private mutating func wakeTaintingPass() {
        guard controllerManager.taintingPassAsleep, nodeLifecycle.hasQueuedNodes else { return }
        controllerManager.taintingPassAsleep = false
        let period = settings.nodeLifecycle.taintingStep.microseconds
        let start = controllerManager.taintingOrigin
        let steps = ((now - start).microseconds + period - 1) / period
        schedule(.noExecuteTaintingPass(term: controllerManager.term), at: start + SimTime(microseconds: steps * period))
    }

    // k8s: podgc.PodGCController.Run — gc every 20 s. Asleep while it has nothing to do.
    mutating func podGCPass(term: UInt32) {
        guard term == controllerManager.term else { return }
        if api.isAvailable { podGC.gc(now: now, api: &api) }
        guard PodGCController.hasWork(api, podGC) else {
            controllerManager.podGCAsleep = true
            return
        }
        schedule(.podGCPass(term: term), at: now + PodGCController.period)
    }

    /// Puts a sleeping PodGC pass back on its 20 s grid from the term's start once a node
    /// carries the out-of-service taint or is deleted with pods bound to it.
    mutating func wakePodGC() {
        guard controllerManager.podGCAsleep, PodGCController.hasWork(api, podGC) else { return }
        controllerManager.podGCAsleep = false
        let period = PodGCController.period.microseconds
        let steps = (now - controllerManager.termStart).microseconds / period + 1
        schedule(.podGCPass(term: controllerManager.term), at: controllerManager.termStart + SimTime(microseconds: steps * period))
    }

    mutating func evictionDue(_ pod: PodID, generation: UInt64) {
        if api.isAvailable { taintEviction.fire(pod, generation: generation, now: now, api: &api) }
    }

    /// A workload controller's worker takes up a queued workload. With the API server down its
    /// create calls fail and the key waits until the server answers.
    mutating func workloadSync(_ workload: WorkloadID) {
        guard api.isAvailable else {
            controllerManager.requeuedWorkloads.append(workload)
            return
        }
        workloadController.sync(workload, now: now, api: &api)
    }

    mutating func scheduleEvictions(_ timers: [TaintEvictionController.Timer]) {
        for timer in timers { schedule(.evictionDue(timer.pod, generation: timer.generation), at: timer.time) }
    }

    /// One API change reaches the vanilla controllers' informers, in the order they registered.
    mutating func informControllers(of change: APIChange) {
        switch change {
        case .node(let id):
            wakeKubelet(id)
            if !api.nodes[id.index].registered || api.nodes[id.index].taints.contains(where: { $0.key == Taint.outOfServiceKey }) {
                wakePodGC()
            }
            nodeLifecycle.nodeChanged(id, now: now, api: &api)
            nodeLifecycle.doNoScheduleTaintingPass(id, now: now, api: &api)
            scheduleEvictions(taintEviction.nodeUpdated(id, now: now, api: &api))
            for workload in workloadController.enqueueDaemonSets(for: id, api: api) { queueWorkloadSync(workload) }
        case .pod(let id):
            if let node = api.pods[id.index].node { wakeKubelet(node) }
            endpoints.podChanged(id, now: now, api: &api)
            if let workload = workloadController.enqueue(id, api: api) { queueWorkloadSync(workload) }
            scheduleEvictions(taintEviction.podUpdated(id, now: now, api: &api))
        case .lease:
            break
        }
    }

    /// A workload controller's worker takes up a workload it queued, one reaction latency later.
    private mutating func queueWorkloadSync(_ workload: WorkloadID) {
        if settings.workloadControllerLatency == .zero {
            // The zero-time model: the sync happens within this drain, so a loop of reactions
            // stays in one instant and the step-settles invariant stops it.
            workloadController.sync(workload, now: now, api: &api)
        } else {
            schedule(.workloadSync(workload), at: now + settings.workloadControllerLatency)
        }
    }

    /// Places pending pods once the controllers reacted to a change.
    mutating func schedulePendingPods() {
        if api.unboundCount > 0 { scheduler.schedulePending(now: now, api: &api) }
    }

    // MARK: - API server outages

    mutating func apiServerDown() {
        guard api.isAvailable else { return }
        api.setAvailable(false)
        nodeLifecycle.wakeAll(now: now, api: &api)
        api.dropRenewalsInFlight(at: now)
        controllerManager.apiServerLastDown = now
        network.setPowered(.cloud, false)
        controllerManager.apiServerDownSince = now
    }

    /// The API server is back. A controller-manager that could not renew its leader lease for
    /// longer than the renew deadline lost it and restarted: its node health memory, zone
    /// states and eviction timers start from nothing, as after any restart.
    mutating func apiServerUp() {
        guard !api.isAvailable else { return }
        api.setAvailable(true)
        network.setPowered(.cloud, true)
        if let since = controllerManager.apiServerDownSince, now - since >= ControllerManagerLeadership.renewDeadline {
            controllerManager.term &+= 1
            controllerManager.termStart = now
            controllerManager.taintingPassAsleep = false
            controllerManager.podGCAsleep = true
            podGC = PodGCController()
            nodeLifecycle.restart()
            scheduleEvictions(taintEviction.restart(now: now, api: &api))
            startControllerManager()
        }
        controllerManager.apiServerDownSince = nil
        for workload in controllerManager.requeuedWorkloads {
            schedule(.workloadSync(workload), at: now + settings.workloadControllerLatency)
        }
        controllerManager.requeuedWorkloads.removeAll()
    }
}
