/// The node lifecycle controller's knobs, named after the kube-controller-manager flags.
public struct NodeLifecycleSettings: Sendable, Equatable {
    /// `--node-monitor-period`
    public var monitorPeriod = SimTime.seconds(5)
    /// How long one pass of either node lifecycle loop takes. Not an upstream flag: both loops
    /// run under `wait.UntilWithContext`, a sliding period whose next wait starts when the pass
    /// returns, so passes drift by their own duration (k8s: nodelifecycle.Controller.Run).
    /// Measured against a release-1.29 kube-controller-manager (6 nodes): 8 passes after the one
    /// that saw the last renewal came 40.008825 s later, about 1.1 ms per pass.
    public var passDuration = SimTime.microseconds(1_100)
    /// How much longer a monitor pass takes for each node it turns Unknown: each is a node
    /// status UPDATE through the controller's rate-limited client (k8s: tryUpdateNodeHealth →
    /// UpdateStatus; client QPS 20, so about 50 ms a write once the burst is spent, plus the
    /// round trip). Measured against the release-1.29 zone-outage run: the two passes that turned
    /// about 8 and 32 nodes Unknown pushed the next pass back by 0.46 s and 1.76 s, 55 ms a node.
    public var passDurationPerUpdate = SimTime.milliseconds(55)
    /// When the first monitor pass runs after the start (`node-monitor-phase`); nil: drawn per
    /// seed from the run's `controller-manager/phase` stream, as a real controller-manager's
    /// loops start at no particular offset from anything a scenario schedules.
    public var phase: SimTime?
    /// The release modelled: it sets the grace period's default and when a node is queued for
    /// its NoExecute taint.
    public var kubernetesVersion: KubernetesVersion
    /// `--node-monitor-grace-period` when set; else the version's default.
    private var explicitGracePeriod: SimTime?
    /// `--node-monitor-grace-period`: 40 s up to Kubernetes 1.31, 50 s from 1.32 unless set.
    public var gracePeriod: SimTime {
        get { explicitGracePeriod ?? kubernetesVersion.defaultGracePeriod }
        set { explicitGracePeriod = newValue }
    }
    /// `--node-startup-grace-period`
    public var startupGracePeriod = SimTime.seconds(60)
    /// `--node-eviction-rate`, in millionths of a node per second.
    public var evictionRateMicro: Int64 = 100_000
    /// `--secondary-node-eviction-rate`, in millionths of a node per second.
    public var secondaryEvictionRateMicro: Int64 = 10_000
    /// `--unhealthy-zone-threshold`, in millionths.
    public var unhealthyZoneThresholdPPM: Int64 = 550_000
    /// `--large-cluster-size-threshold`
    public var largeClusterSizeThreshold = 50

    public init(kubernetesVersion: KubernetesVersion = .newest) {
        self.kubernetesVersion = kubernetesVersion
    }

    // k8s: nodelifecycle.Controller.Run — both loops run under wait.UntilWithContext, a
    // sliding period: the next wait starts when the pass returns.
    /// From the start of one monitor pass to the start of the next.
    public var monitorStep: SimTime { monitorPeriod + passDuration }
    /// How much a pass that turned `updates` nodes Unknown delays the next one beyond `monitorStep`.
    public func extraPassDuration(updates: Int) -> SimTime {
        SimTime(microseconds: passDurationPerUpdate.microseconds.multipliedReportingOverflow(by: Int64(updates)).partialValue)
    }
    /// From the start of one NoExecute tainting pass to the start of the next.
    public var taintingStep: SimTime { NodeLifecycleController.taintingPassPeriod + passDuration }
}

/// Upstream's node lifecycle controller: watches leases and Ready heartbeats, turns silent
/// nodes Unknown, marks their pods not ready, and taints them through per-zone rate-limited
/// queues whose rates follow each zone's disruption state.
/// (k8s: pkg/controller/nodelifecycle/node_lifecycle_controller.go)
public struct NodeLifecycleController: Sendable {
    /// `nodeHealthData`: what the controller last saw of a node, stamped with its own clock.
    struct NodeHealth: Sendable {
        var probeTimestamp: SimTime
        var readyTransitionTimestamp: SimTime
        var savedReady: ConditionStatus?
        var savedHeartbeat: SimTime
        var savedTransition: SimTime
        var savedLease: SimTime?
    }

    public let settings: NodeLifecycleSettings
    var health: [NodeHealth?]
    /// Zone keys in sorted order; every per-zone array below is indexed the same way.
    public let zoneKeys: [String]
    let zoneOfNode: [Int]
    public private(set) var zoneStates: [ZoneState?]
    var tainters: [RateLimitedTimedQueue?]

    /// The tainting pass's period (upstream `doNoExecuteTaintingPass` runs every 100 ms).
    public static let taintingPassPeriod = SimTime.milliseconds(100)
    /// `retry in 50 millisecond` when a queued node has no Ready condition.
    static let missingReadyRetry = SimTime.milliseconds(50)

    /// Quiet nodes — Ready, seen, no NoExecute taint, not queued — are not read on every pass:
    /// their probe time follows from their last signal, and each waits in the bucket of the
    /// pass where it would turn Unknown if nothing more arrived. A pass reads the due bucket and
    /// the other nodes, so the timeline is exactly that of reading every node every pass.
    let lazy: Bool
    var quiet: [Bool]
    /// How far ahead each quiet node is looked at, as a doubling of `firstLookAhead`: the
    /// whole hour until something wakes the node, then a minute, twice as far at each revisit
    /// that finds it quiet — so a node a flapping link keeps waking costs little each time.
    var lookAheadLevel: [UInt8]
    var quietCountByZone: [Int]
    var deadlineBuckets: [Int64: [Int32]] = [:]
    /// Passes fall every `monitorStep` from here: the first pass of this controller's life,
    /// moved on by the extra time of every pass that wrote updates (`shiftPassGrid`).
    var passOrigin: SimTime?
    /// Nodes this pass turned Unknown: each is a status write that makes the pass longer.
    var updatesThisPass = 0
    /// When the last monitor pass read the nodes: a quiet node woken later has had every signal
    /// that arrived before it seen, and none since (`wake`).
    var lastPassRead: SimTime?
    /// Each node's key for its rank among the nodes queued for tainting in the same pass
    /// (`taint-queue/<node>` streams; empty: insertion order, for hand-built tests).
    let taintQueueKeys: [UInt64]

    public init(settings: NodeLifecycleSettings, nodes: [NodeObject], lazy: Bool = false, seed: UInt64? = nil) {
        self.settings = settings
        self.lazy = lazy
        taintQueueKeys = seed.map { seed in nodes.map { CounterRandom(seed: seed, stream: "taint-queue/" + $0.name).key } } ?? []
        quiet = Array(repeating: false, count: nodes.count)
        lookAheadLevel = Array(repeating: Self.fullLookAheadLevel, count: nodes.count)
        zoneKeys = Array(Set(nodes.map(\.zoneKey))).sorted()
        let zoneIndex = Dictionary(uniqueKeysWithValues: zoneKeys.enumerated().map { ($1, $0) })
        zoneOfNode = nodes.map { zoneIndex[$0.zoneKey]! }
        health = Array(repeating: nil, count: nodes.count)
        zoneStates = Array(repeating: nil, count: zoneKeys.count)
        tainters = Array(repeating: nil, count: zoneKeys.count)
        quietCountByZone = Array(repeating: 0, count: zoneKeys.count)
    }

    /// The zone state as people read it, for tests and reports.
    public func zoneState(_ key: String) -> ZoneState? {
        zoneKeys.firstIndex(of: key).flatMap { zoneStates[$0] }
    }

    // MARK: - monitorNodeHealth

    // k8s: nodelifecycle.Controller.monitorNodeHealth
    /// One pass every `monitorStep`, longer by `passDurationPerUpdate` for each node it turns
    /// Unknown. Returns how many it turned Unknown.
    ///
    /// Upstream walks `nodeLister.List()`, a map's order, different on every pass. That order
    /// reaches outcomes only through the tainting queue (which node of a pass is tainted first),
    /// so edgesim draws that (`taintQueueRank`) and reads nodes in index order, which keeps the
    /// timeline's order of simultaneous writes stable.
    @discardableResult
    public mutating func monitorNodeHealth(now: SimTime, api: inout APIServer) -> Int {
        updatesThisPass = 0
        var zoneReady = Array(repeating: 0, count: zoneKeys.count)
        var zoneNotReady = Array(repeating: 0, count: zoneKeys.count)
        var zoneSeen = Array(repeating: false, count: zoneKeys.count)
        if passOrigin == nil { passOrigin = now }
        lastPassRead = now
        if lazy { wakeDueNodes(now: now, api: &api) }
        // Nodes asleep through this pass count as Ready; those falling asleep below were counted
        // when read.
        let sleeping = quietCountByZone
        for index in api.nodes.indices {
            if quiet[index] { continue }
            let id = NodeID(index)
            guard api.nodes[index].registered else {
                if health[index] != nil { forget(id) }
                continue
            }
            let zone = zoneOfNode[index]
            // k8s: addPodEvictorForNewZone — a new zone starts Initial with a full 0.1/s bucket.
            if tainters[zone] == nil {
                tainters[zone] = RateLimitedTimedQueue(qpsMicro: settings.evictionRateMicro, now: now)
                zoneStates[zone] = .initial
            }
            // k8s: monitorNodeHealth treats every newly observed node as reachable, so after a
            // controller restart existing NoExecute taints go and come back with a new TimeAdded.
            if health[index] == nil { markNodeAsReachable(id, now: now, api: &api) }
            let (observed, current) = tryUpdateNodeHealth(id, now: now, api: &api)
            if !api.nodes[index].excludedFromDisruption {
                zoneSeen[zone] = true
                if current == .true { zoneReady[zone] += 1 } else { zoneNotReady[zone] += 1 }
            }
            guard let current else { continue }
            // Up to 1.33 the taint decision reads the condition as observed before this pass, so
            // a node this pass turns Unknown is queued a pass later; from 1.34 as it now stands.
            let decided = settings.kubernetesVersion.taintsInTheUnknownPass ? current : observed
            processTaintBaseEviction(id, observed: decided, now: now, api: &api)
            // k8s: MarkPodsNotReady only when this controller itself took the node off True.
            if observed == .true && current != .true {
                let cause = Cause(.markPodsNotReady, event: api.causes.readyChange(of: id))
                for pod in api.podsOnNode[index] { api.setPodReady(pod, false, now: now, cause: cause) }
            }
            if lazy && observed == .true && current == .true { sleepIfQuiet(id, now: now, api: &api) }
        }
        for zone in zoneKeys.indices where sleeping[zone] > 0 {
            zoneSeen[zone] = true
            zoneReady[zone] += sleeping[zone]
        }
        handleDisruption(zoneSeen: zoneSeen, ready: zoneReady, notReady: zoneNotReady, now: now, api: &api)
        if updatesThisPass > 0 { shiftPassGrid(now: now, api: &api) }
        return updatesThisPass
    }

    // k8s: nodelifecycle.Controller.tryUpdateNodeHealth
    /// Returns the Ready status as read before this pass (observed; a node that never posted
    /// reads Unknown, as upstream fakes it) and after it (current; nil if still never posted).
    mutating func tryUpdateNodeHealth(_ id: NodeID, now: SimTime, api: inout APIServer) -> (observed: ConditionStatus, current: ConditionStatus?) {
        // Only the condition's scalars: copying the whole NodeObject (labels, taints) per node
        // per pass was a visible share of a 10,000-node run.
        let node = (ready: api.nodes[id.index].ready, readyHeartbeat: api.observeHeartbeat(id, now: now),
                    readyTransition: api.nodes[id.index].readyTransition, creation: api.nodes[id.index].creation)
        let observed = node.ready ?? .unknown
        let grace = node.ready == nil ? settings.startupGracePeriod : settings.gracePeriod
        var saved: NodeHealth
        if let previous = health[id.index] {
            saved = previous
            if previous.savedReady == nil && node.ready != nil {
                // A first Ready condition: start counting from now.
                saved = NodeHealth(probeTimestamp: now, readyTransitionTimestamp: now, savedReady: node.ready,
                                   savedHeartbeat: node.readyHeartbeat, savedTransition: node.readyTransition, savedLease: previous.savedLease)
            } else if node.ready != nil && previous.savedHeartbeat != node.readyHeartbeat {
                saved.probeTimestamp = now
                if previous.savedTransition != node.readyTransition { saved.readyTransitionTimestamp = now }
                saved.savedReady = node.ready
                saved.savedHeartbeat = node.readyHeartbeat
                saved.savedTransition = node.readyTransition
            }
        } else {
            // First sighting: assume now (no instant Unknown); never posted: count from creation.
            let start = node.ready == nil ? node.creation : now
            saved = NodeHealth(probeTimestamp: start, readyTransitionTimestamp: start, savedReady: node.ready,
                               savedHeartbeat: node.readyHeartbeat, savedTransition: node.readyTransition, savedLease: nil)
        }
        // Always update the probe time if the node lease is renewed.
        if let lease = api.observeLease(id, now: now), saved.savedLease.map({ $0 < lease }) ?? true {
            saved.savedLease = lease
            saved.probeTimestamp = now
        }
        var current = node.ready
        if now > saved.probeTimestamp + grace, node.ready != .unknown {
            api.setReady(id, .unknown, heartbeat: nil, now: now,
                         cause: Cause(.graceExpired, event: api.causes.fault(of: id), value: saved.probeTimestamp.microseconds,
                                      extra: Int32(clamping: grace.microseconds / 1_000_000)))
            updatesThisPass += 1
            current = .unknown
            saved.readyTransitionTimestamp = now
            saved.savedReady = .unknown
            saved.savedTransition = now
        }
        health[id.index] = saved
        return (observed, current)
    }

    // MARK: - NoExecute tainting

    // k8s: nodelifecycle.Controller.processTaintBaseEviction
    mutating func processTaintBaseEviction(_ id: NodeID, observed: ConditionStatus, now: SimTime, api: inout APIServer) {
        let cause = Cause(.swapNoExecuteTaint, event: api.causes.readyChange(of: id))
        switch observed {
        case .false:
            if api.nodes[id.index].taints.contains(Taint.unreachableNoExecute) {
                api.swapTaint(id, add: .notReadyNoExecute, remove: .unreachableNoExecute, now: now, cause: cause)
            } else {
                markNodeForTainting(id, lacking: .notReadyNoExecute, now: now, api: api)
            }
        case .unknown:
            if api.nodes[id.index].taints.contains(Taint.notReadyNoExecute) {
                api.swapTaint(id, add: .unreachableNoExecute, remove: .notReadyNoExecute, now: now, cause: cause)
            } else {
                markNodeForTainting(id, lacking: .unreachableNoExecute, now: now, api: api)
            }
        case .true:
            markNodeAsReachable(id, now: now, api: &api)
        }
    }

    // k8s: nodelifecycle.Controller.markNodeForTainting — an untainted node is re-queued
    // (Remove then Add) on every pass, so its processAt is always the latest pass.
    mutating func markNodeForTainting(_ id: NodeID, lacking taint: Taint, now: SimTime, api: borrowing APIServer) {
        let zone = zoneOfNode[id.index]
        if !api.nodes[id.index].taints.contains(taint) { tainters[zone]?.remove(id) }
        let rank = taintQueueRank(id, now: now)
        tainters[zone]?.add(id, now: now, rank: rank)
    }

    /// Where the node stands among the nodes queued in this pass: upstream's queue takes them in
    /// the order the pass met them, the node lister's map order, new on every pass
    /// (k8s: RateLimitedTimedQueue.Add stamps time.Now(); cache.threadSafeMap.List ranges a map).
    /// A hash of the node's `taint-queue/<node>` key and the pass time: a fresh uniform
    /// permutation each pass, and a node added elsewhere leaves the others' order alone.
    func taintQueueRank(_ id: NodeID, now: SimTime) -> UInt64 {
        guard !taintQueueKeys.isEmpty else { return 0 }
        return CounterRandom.mix(taintQueueKeys[id.index] &+ UInt64(bitPattern: now.microseconds) &* 0x9e37_79b9_7f4a_7c15)
    }

    // k8s: nodelifecycle monitorNodeHealth — classifyNodes lists a node gone from the lister
    // as deleted: it leaves knownNodeSet and nodeHealthMap, and so its zone's counts. A node
    // not registered yet is not listed at all: it has no health, so it cannot go Unknown, and
    // its zone has no state until its first node is seen (addPodEvictorForNewZone).
    /// A deleted node: no health record, no place in its zone's tainting queue.
    mutating func forget(_ id: NodeID) {
        health[id.index] = nil
        let zone = zoneOfNode[id.index]
        if tainters[zone]?.isEmpty == false { tainters[zone]!.remove(id) }
    }

    // k8s: nodelifecycle.Controller.markNodeAsReachable
    mutating func markNodeAsReachable(_ id: NodeID, now: SimTime, api: inout APIServer, rule: CauseRule = .markNodeAsReachable) {
        // Every pass calls this for every Ready node: an untainted, unqueued node costs nothing.
        if !api.nodes[id.index].taints.isEmpty {
            let cause = Cause(rule, event: api.causes.readyChange(of: id))
            api.removeTaint(id, .unreachableNoExecute, now: now, cause: cause)
            api.removeTaint(id, .notReadyNoExecute, now: now, cause: cause)
        }
        let zone = zoneOfNode[id.index]
        if tainters[zone]?.isEmpty == false { tainters[zone]!.remove(id) }
    }

    // k8s: nodelifecycle.Controller.doNoExecuteTaintingPass — zones in sorted order.
    public mutating func doNoExecuteTaintingPass(now: SimTime, api: inout APIServer) {
        for zone in tainters.indices {
            guard var tainter = tainters[zone] else { continue }
            var position: Int32 = 0
            let rate = tainter.limiter.qpsMicro
            tainter.tryProcess(now: now) { id in
                position += 1
                let cause = Cause(.noExecuteTaintingPass, event: api.causes.readyChange(of: id), value: rate, extra: position)
                switch api.nodes[id.index].ready {
                case .false:
                    api.swapTaint(id, add: .notReadyNoExecute, remove: .unreachableNoExecute, now: now, cause: cause)
                case .unknown:
                    api.swapTaint(id, add: .unreachableNoExecute, remove: .notReadyNoExecute, now: now, cause: cause)
                case .true:
                    break  // Ready again: drop the request.
                case nil:
                    return Self.missingReadyRetry
                }
                return nil
            }
            tainters[zone] = tainter
        }
    }

    /// Whether any zone has nodes waiting; lets the world skip idle tainting passes.
    public var hasQueuedNodes: Bool { tainters.contains { $0?.hasWaiting ?? false } }

    // MARK: - NoSchedule tainting

    // k8s: nodelifecycle.Controller.doNoScheduleTaintingPass — on every node update, not rate
    // limited: the Ready condition's taint, and the unschedulable taint for spec.unschedulable.
    public func doNoScheduleTaintingPass(_ id: NodeID, now: SimTime, api: inout APIServer) {
        let ready = api.nodes[id.index].ready
        let wanted: Taint? = switch ready {
        case .false: .notReadyNoSchedule
        case .unknown: .unreachableNoSchedule
        default: nil
        }
        let cause = Cause(.noScheduleTaintingPass, event: api.causes.readyChange(of: id))
        for taint in [Taint.notReadyNoSchedule, .unreachableNoSchedule] where wanted.map({ !$0.matches(taint) }) ?? true {
            api.removeTaint(id, taint, now: now, cause: cause)
        }
        if let wanted { api.addTaint(id, wanted, now: now, cause: cause) }
        // k8s: nodelifecycle nodeConditionToTaintKeyStatusMap — NetworkUnavailable=True.
        if api.nodes[id.index].networkUnavailable {
            api.addTaint(id, .networkUnavailableNoSchedule, now: now)
        } else {
            api.removeTaint(id, .networkUnavailableNoSchedule, now: now)
        }
        if api.nodes[id.index].unschedulable {
            api.addTaint(id, .unschedulableNoSchedule, now: now)
        } else {
            api.removeTaint(id, .unschedulableNoSchedule, now: now)
        }
    }

    // MARK: - Zones

    // k8s: nodelifecycle.Controller.handleDisruption
    mutating func handleDisruption(zoneSeen: [Bool], ready: [Int], notReady: [Int], now: SimTime, api: inout APIServer) {
        var newStates = Array(repeating: ZoneState.normal, count: zoneKeys.count)
        var allAreFullyDisrupted = true
        var anySeen = false
        for zone in zoneKeys.indices where zoneSeen[zone] {
            anySeen = true
            newStates[zone] = ZoneState.compute(ready: ready[zone], notReady: notReady[zone],
                                                unhealthyThresholdPPM: settings.unhealthyZoneThresholdPPM)
            if newStates[zone] != .fullDisruption { allAreFullyDisrupted = false }
        }
        // A zone with no counted node is forgotten, as upstream deletes it from zoneStates.
        for zone in zoneKeys.indices where !zoneSeen[zone] { zoneStates[zone] = nil }
        var allWasFullyDisrupted = true
        for zone in zoneKeys.indices where zoneSeen[zone] && zoneStates[zone] != .fullDisruption {
            allWasFullyDisrupted = false
        }
        guard anySeen, !allAreFullyDisrupted || !allWasFullyDisrupted else { return }

        if allAreFullyDisrupted {
            // Master disruption mode: every node is treated as reachable, every bucket stops.
            for index in api.nodes.indices { markNodeAsReachable(NodeID(index), now: now, api: &api, rule: .masterDisruption) }
            for zone in zoneKeys.indices where zoneSeen[zone] {
                tainters[zone]?.swapLimiter(qpsMicro: 0, now: now)
                setState(zone, .fullDisruption, now: now, api: &api,
                         cause: Cause(.masterDisruption, value: 0, extra: Self.counts(ready[zone], notReady[zone])))
            }
            return
        }
        if allWasFullyDisrupted {
            // Leaving master disruption: give every node a fresh grace period.
            for index in health.indices where health[index] != nil {
                health[index]!.probeTimestamp = now
                health[index]!.readyTransitionTimestamp = now
            }
            for zone in zoneKeys.indices where zoneSeen[zone] {
                setLimiterInZone(zone, size: ready[zone] + notReady[zone], state: newStates[zone], now: now)
                setState(zone, newStates[zone], now: now, api: &api, cause: zoneCause(zone, ready: ready[zone], notReady: notReady[zone]))
            }
            return
        }
        for zone in zoneKeys.indices where zoneSeen[zone] && zoneStates[zone] != newStates[zone] {
            setLimiterInZone(zone, size: ready[zone] + notReady[zone], state: newStates[zone], now: now)
            setState(zone, newStates[zone], now: now, api: &api, cause: zoneCause(zone, ready: ready[zone], notReady: notReady[zone]))
        }
    }

    // k8s: nodelifecycle.Controller.setLimiterInZone, ReducedQPSFunc, HealthyQPSFunc
    mutating func setLimiterInZone(_ zone: Int, size: Int, state: ZoneState, now: SimTime) {
        let qps: Int64
        switch state {
        case .normal, .initial: qps = settings.evictionRateMicro
        case .partialDisruption: qps = size > settings.largeClusterSizeThreshold ? settings.secondaryEvictionRateMicro : 0
        case .fullDisruption: qps = settings.evictionRateMicro
        }
        tainters[zone]?.swapLimiter(qpsMicro: qps, now: now)
    }

    private mutating func setState(_ zone: Int, _ state: ZoneState, now: SimTime, api: inout APIServer, cause: Cause) {
        guard zoneStates[zone] != state else { return }
        zoneStates[zone] = state
        api.record(TimelineEvent(time: now, kind: .zoneStateChanged(zone: ZoneLabels.displayName(zoneKeys[zone]), state: state), cause: cause))
    }

    /// A zone state's cause: the rate its queue now runs at and the counts it was computed from.
    private func zoneCause(_ zone: Int, ready: Int, notReady: Int) -> Cause {
        Cause(.computeZoneState, value: tainters[zone]?.limiter.qpsMicro ?? 0, extra: Self.counts(ready, notReady))
    }

    /// Not-ready nodes and nodes counted, packed for `Cause.extra` (each below 32768 in any
    /// run the node limit admits).
    static func counts(_ ready: Int, _ notReady: Int) -> Int32 {
        Int32(clamping: min(notReady, 0x7fff) << 16 | min(ready + notReady, 0xffff))
    }

    /// A restarted controller-manager starts from nothing: no saved health, zones Initial.
    public mutating func restart() {
        quiet = Array(repeating: false, count: quiet.count)
        quietCountByZone = Array(repeating: 0, count: zoneKeys.count)
        deadlineBuckets = [:]
        passOrigin = nil
        updatesThisPass = 0
        health = Array(repeating: nil, count: health.count)
        zoneStates = Array(repeating: nil, count: zoneKeys.count)
        tainters = Array(repeating: nil, count: zoneKeys.count)
    }
}
