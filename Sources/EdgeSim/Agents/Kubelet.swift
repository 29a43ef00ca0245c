/// The kubelet's knobs, named after its flags.
public struct KubeletSettings: Sendable, Equatable {
    /// `--node-status-update-frequency`: how often it computes node status.
    public var statusUpdateFrequency = SimTime.seconds(10)
    /// `nodeStatusReportFrequency`: how often it posts an unchanged status (5 m upstream).
    public var statusReportFrequency = SimTime.minutes(5)
    /// `nodeLeaseDurationSeconds`; the lease is renewed every quarter of it
    /// (k8s: pkg/kubelet/kubelet.go nodeLeaseRenewIntervalFraction = 0.25).
    public var leaseDuration = SimTime.seconds(40)

    public var leaseRenewInterval: SimTime { SimTime(microseconds: leaseDuration.microseconds / 4) }
    /// `lease-renew-jitter`, in parts per million of the renew interval: the lease controller
    /// waits renew interval + U(0, jitter × interval) after each sync returned (k8s:
    /// component-helpers lease controller `Run`, `wait.JitterUntil(sync, renewInterval, 0.04,
    /// sliding)`), and retries a failed renewal (`KubeletLeaseLoop`). 0 keeps the exact grid
    /// of renewals sent every interval whatever became of the last (the SimPy model's).
    public var leaseRenewJitterPPM: Int64 = 40_000
    /// Whether renewals follow the upstream lease controller (jittered, sliding, retried)
    /// rather than the exact grid.
    public var leaseRenewalsSlide: Bool { leaseRenewJitterPPM > 0 }
    /// The heartbeat client's request timeout: the lesser of the status update frequency and
    /// the lease duration (k8s: cmd/kubelet/app/server.go, `heartbeatClientConfig.Timeout`).
    public var heartbeatTimeout: SimTime { min(statusUpdateFrequency, leaseDuration) }

    public init() {}
}

/// What a kubelet asks of the API server.
public enum KubeletRequest: Sendable, Equatable {
    /// A Lease update carrying the kubelet's own clock as RenewTime.
    case renewLease(SimTime)
    /// `syncNodeStatus` plus the pod workers' and status manager's reconciliation.
    case syncStatus
}

/// The node side of a node: the kubelet and the containers it runs. Pods keep running while
/// the node is cut off — edge autonomy on the node side is the default — and only a power
/// loss stops them.
public struct Kubelet: Sendable {
    public let node: NodeID
    public let host: HostID
    public private(set) var powered = true
    /// The kubelet process runs (`kubelet-stop` stops it with the node powered; a boot starts
    /// it). Its containers run on either way: the runtime is its own process.
    public private(set) var processRunning = true
    /// The node has joined the cluster (its kubelet has the credentials `kubeadm join` gives
    /// it): false for a node added during the run until `add-node`. Until then its kubelet
    /// does not run, at boot or by `kubelet-start`.
    public private(set) var joined = true
    // k8s: kubelet registrationCompleted — set once registerWithAPIServer succeeds and never
    // cleared while the process lives: a kubelet whose Node object is deleted under it does not
    // register it again (its status updates fail with NotFound) until it restarts.
    /// This process life has registered the Node object (or found it there).
    public internal(set) var registrationCompleted = true
    /// The Ready status the kubelet computes: False while its runtime is down (`not-ready`).
    // k8s: kubelet nodestatus.ReadyCondition — False when a runtime or PLEG check fails.
    public var computedReady = ConditionStatus.true
    /// Pods whose containers run here, sorted.
    public private(set) var running: [PodID] = []
    /// Pods that were running when the power went; their start after boot is a restart.
    private var stoppedByPowerLoss: [PodID] = []
    /// The kubelet's own record of its last successful status post (at the start of a run, a
    /// random instant of the past report period: see `startLoops`).
    public internal(set) var lastStatusReport = SimTime.zero
    /// The origin of this life's status-sync grid: ticks fall at `statusOrigin + k × period`.
    var statusOrigin = SimTime.zero
    /// The status tick currently in the event queue, if any (lazy ticking).
    var statusScheduled: SimTime?
    /// Bumped on every power change so the previous life's timers are ignored.
    public private(set) var life: UInt32 = 0
    /// The node's own stream: its timers' phases.
    public var random: SeededRandom
    /// Status syncs draw from their own stream, so skipping idle ones shifts nothing else.
    public var statusRandom: SeededRandom
    /// Lease renewals' draws, addressed by life and renewal number (see `LeaseRenewalStream`).
    public let leaseRandom: CounterRandom
    /// This life's first lease renewal: on the exact grid, renewal k goes at
    /// `leaseOrigin + k × renew interval`.
    var leaseOrigin = SimTime.zero
    /// The lease controller's next request, and the exchange of the one it waits on, when
    /// renewals slide and go as events (the straightforward path; on demand the lease oracle
    /// steps the same loop).
    var leaseLoop = KubeletLeaseLoop.start(at: .zero, booted: false)
    var leaseExchange: KubeletLeaseLoop.Exchange?

    public init(node: NodeID, host: HostID, random: SeededRandom, statusRandom: SeededRandom, leaseRandom: CounterRandom) {
        self.node = node; self.host = host; self.random = random; self.statusRandom = statusRandom; self.leaseRandom = leaseRandom
    }

    // MARK: - The kubelet's loops

    // k8s: kubelet.Run — the node lease controller and syncNodeStatus each run on their own
    // period from the kubelet's start.
    /// Starts this life's two loops: at a random phase within a period at the start of the run,
    /// at once after a boot. Returns when the first lease renewal and status tick fall.
    mutating func startLoops(now: SimTime, randomPhase: Bool, settings: KubeletSettings) -> (lease: SimTime, status: SimTime) {
        var leaseAt = now, statusAt = now
        if randomPhase {
            leaseAt = now + random.duration(upTo: settings.leaseRenewInterval - .microseconds(1))
            statusAt = now + random.duration(upTo: settings.statusUpdateFrequency - .microseconds(1))
            // k8s: kubelet tryUpdateNodeStatus reports an unchanged status once
            // nodeStatusReportFrequency has passed since its own last report, so each kubelet's
            // 5-minute reports keep the phase of its start. A converged cluster's kubelets
            // started at unrelated times: the last report lies anywhere in the past period,
            // drawn after the loop phases so those stay as they were.
            lastStatusReport = now - random.duration(upTo: settings.statusReportFrequency - .microseconds(1))
        }
        leaseOrigin = leaseAt
        leaseLoop = KubeletLeaseLoop.start(at: leaseAt, booted: !randomPhase)
        leaseExchange = nil
        statusOrigin = statusAt
        statusScheduled = nil
        return (leaseAt, statusAt)
    }

    /// What a status tick decided: whether to sync with the API server, and when to tick next
    /// (nil: a sleeping kubelet's tick that an earlier wake superseded, or no next tick to book).
    struct StatusTick: Sendable {
        var sync: Bool
        var next: SimTime?
    }

    /// A status tick: sync if anything would change (or at every tick, when `everyPeriod`).
    /// Ticking lazily, a kubelet with nothing to do sleeps until its next report is due or an
    /// API change about its node wakes it — the same syncs at the same instants as ticking
    /// every period, for a fraction of the events.
    mutating func statusTick(now: SimTime, settings: KubeletSettings, lazy: Bool, everyPeriod: Bool,
                             api: borrowing APIServer) -> StatusTick {
        let period = settings.statusUpdateFrequency
        if lazy {
            guard statusScheduled == now else { return StatusTick(sync: false, next: nil) }  // superseded by an earlier wake
            statusScheduled = nil
        }
        let needed = reportDue(now: now, settings: settings)
            || needsStatusSync(now: now, settings: settings, nodeReady: api.nodes[node.index].ready,
                               podsBoundHere: api.podsOnNode[node.index], pods: api.pods)
        guard lazy else { return StatusTick(sync: needed || everyPeriod, next: now + period) }
        let report = lastStatusReport + settings.statusReportFrequency
        let next = needed ? now + period : nextStatusTick(atOrAfter: max(report, now + period), period: period)
        return StatusTick(sync: needed || everyPeriod, next: claimStatusTick(at: next) ? next : nil)
    }

    /// Books a status tick at `time` unless one is booked earlier; whether it was booked.
    mutating func claimStatusTick(at time: SimTime) -> Bool {
        if let scheduled = statusScheduled, scheduled <= time { return false }
        statusScheduled = time
        return true
    }

    /// An API change about this node reached the kubelet's informer: a sleeping kubelet looks
    /// at it on its next tick. Returns the tick to book, if it is earlier than the booked one.
    /// `includingNow`: a tick falling at this very instant has not run yet (a fault's change:
    /// faults are queued before any tick, so a tick at the fault's instant comes after it).
    mutating func wake(now: SimTime, settings: KubeletSettings, includingNow: Bool = false) -> SimTime? {
        guard powered, processRunning else { return nil }
        let tick = nextStatusTick(atOrAfter: includingNow ? now : now + .microseconds(1), period: settings.statusUpdateFrequency)
        return claimStatusTick(at: tick) ? tick : nil
    }

    /// The number of the lease renewal due at `now` in this life.
    func leaseRenewalIndex(at now: SimTime, settings: KubeletSettings) -> Int64 {
        (now - leaseOrigin).microseconds / settings.leaseRenewInterval.microseconds
    }

    /// The first status tick at or after `time` on this life's grid.
    func nextStatusTick(atOrAfter time: SimTime, period: SimTime) -> SimTime {
        guard time > statusOrigin else { return statusOrigin }
        let elapsed = (time - statusOrigin).microseconds
        let steps = (elapsed + period.microseconds - 1) / period.microseconds
        return statusOrigin + SimTime(microseconds: steps * period.microseconds)
    }

    // k8s: kubelet tryUpdateNodeStatus skips the PATCH unless the status changed or the report
    // period passed; the pod workers and status manager act only on differences.
    /// Whether a status sync now would change anything: the API does not say the Ready status
    /// the kubelet computes, the report period passed, or a pod bound here needs starting,
    /// stopping or its Ready fixed.
    /// Takes the pieces of the API server it reads, not the whole struct: a caller holding the
    /// API server in a class would otherwise copy (retain) every one of its arrays per call.
    public func needsStatusSync(now: SimTime, settings: KubeletSettings, nodeReady: ConditionStatus?,
                                podsBoundHere: [PodID], pods: [PodObject]) -> Bool {
        if reportDue(now: now, settings: settings) || nodeReady != computedReady { return true }
        guard computedReady == .true else { return false }  // no pod work while the runtime is down
        for id in podsBoundHere {
            let pod = pods[id.index]
            if pod.isTerminating || (pod.isActive && (!pod.ready || !running.contains(id))) { return true }
        }
        return running.contains { pods[$0.index].deleted }
    }

    /// Whether the report period passed since the last status post: a sync is due whatever
    /// the API says (checked first, as it needs no look at the API server).
    public func reportDue(now: SimTime, settings: KubeletSettings) -> Bool {
        now - lastStatusReport >= settings.statusReportFrequency
    }

    public func isRunning(_ pod: PodID) -> Bool { running.contains(pod) }

    /// Pods start as the run begins in a converged cluster.
    mutating func start(_ pod: PodID) {
        guard !running.contains(pod) else { return }
        running.append(pod)
        running.sort()
    }

    mutating func stop(_ pod: PodID) { running.removeAll { $0 == pod } }

    /// Power loss: every container stops at once.
    public mutating func powerOff() {
        powered = false
        stoppedByPowerLoss = running
        running = []
        life &+= 1
    }

    /// The kubelet process stops (the node stays up): its loops' timers die with it, its
    /// containers run on.
    mutating func stopProcess() {
        processRunning = false
        life &+= 1
    }

    /// The kubelet process starts again: a new life of its loops, the same containers.
    mutating func startProcess() {
        processRunning = true
        registrationCompleted = false
        life &+= 1
    }

    /// A node added during the run: not joined, its kubelet not started.
    mutating func awaitJoin() {
        joined = false
        processRunning = false
        registrationCompleted = false
    }

    /// `add-node`: the node joins; its kubelet may start.
    mutating func join() { joined = true }

    /// Boot: static pods restart at once from their manifests on disk, without the API server
    /// (seed 003 §9.1.3). Returns them so the caller can record the restarts.
    public mutating func powerOn(staticPods: [PodID]) -> [PodID] {
        powered = true
        processRunning = joined  // systemd starts the kubelet at boot, once the node has joined
        registrationCompleted = false
        life &+= 1
        let restarted = staticPods.filter { stoppedByPowerLoss.contains($0) || !running.contains($0) }
        for pod in restarted { start(pod) }
        stoppedByPowerLoss.removeAll { restarted.contains($0) }
        return restarted
    }

    // k8s: kubelet syncNodeStatus / tryUpdateNodeStatus, pod workers and status manager.
    /// The status sync reached the API server: post the computed Ready status if the API says
    /// otherwise or the report period passed, start pods bound here, stop and confirm Terminating ones, and
    /// reconcile PodReady. Returns pods restarted after a power loss.
    mutating func completeStatusSync(now: SimTime, settings: KubeletSettings, api: inout APIServer) -> [PodID] {
        // k8s: kubelet updateNodeStatus — a deleted Node object fails the update (NotFound) and
        // the kubelet retries at its next sync; its pod workers run on.
        if api.nodes[node.index].registered,
           api.nodes[node.index].ready != computedReady || now - lastStatusReport >= settings.statusReportFrequency {
            api.setReady(node, computedReady, heartbeat: now, now: now)
            lastStatusReport = now
        }
        // k8s: kubelet.syncLoop — "skipping pod synchronization" while the runtime is down: no
        // pod starts, no deletion is confirmed, no pod status changes (pods stay Ready).
        guard computedReady == .true else { return [] }
        var restarted: [PodID] = []
        for id in api.podsOnNode[node.index] {
            let pod = api.pods[id.index]
            if pod.isTerminating {
                stop(id)
                api.finalizeDeletion(id, now: now)
            } else if pod.isActive {
                if !running.contains(id) {
                    start(id)
                    if let index = stoppedByPowerLoss.firstIndex(of: id) {
                        stoppedByPowerLoss.remove(at: index)
                        restarted.append(id)
                    }
                }
                // k8s: kubelet status manager — phase Running and PodReady in one status patch.
                api.setPodRunning(id)
                api.setPodReady(id, true, now: now)
            }
        }
        // Containers of pods the API no longer has are killed.
        running.removeAll { api.pods[$0.index].deleted }
        return restarted
    }
}
