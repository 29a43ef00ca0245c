/// A change a controller's informer would see, delivered in the order it happened.
public enum APIChange: Sendable, Equatable {
    case node(NodeID)
    case pod(PodID)
    /// A node Lease update; only fed when a controller watches leases (OpenYurt's delegatelease).
    case lease(NodeID)
}

/// The API server's state: every object controllers and kubelets read and write, and the
/// audit log of what changed. Controllers only know what is here; nothing reaches into a
/// kubelet, which is what makes a partition meaningful.
///
/// Every mutation that a person would want to see appends a `TimelineEvent` to the audit log
/// and queues an `APIChange`: the audit log is exactly the sequence of writes. A run's
/// `TimelineRecorder` takes the entries from it in order, between its own records.
public struct APIServer: Sendable {
    public internal(set) var nodes: [NodeObject] = []
    /// `kube-node-lease/<node>` RenewTime; nil until the first renewal.
    public internal(set) var leaseRenewTime: [SimTime?] = []
    /// When the stored renewal reached the API server: the node lifecycle controller's lazy
    /// pass derives a quiet node's probe time from it.
    public private(set) var leaseArrival: [SimTime] = []
    /// Whether the last update of each node's Lease carried `openyurt.io/delegate-heartbeat`.
    public internal(set) var leaseDelegated: [Bool] = []
    /// Whether lease updates reach the change feed (only a mode with a lease-watching controller
    /// turns this on, so other modes' informers see exactly what they always saw).
    public internal(set) var watchesLeases = false
    public internal(set) var pods: [PodObject] = []
    /// Pods bound to each node and not yet deleted, in creation order (the pod indexer).
    public internal(set) var podsOnNode: [[PodID]] = []
    /// Pods created but not bound yet, in creation order: the scheduler's queue. Bound and
    /// deleted pods are dropped lazily by `compactUnbound`, so a bind costs O(1).
    public internal(set) var unboundPods: [PodID] = []
    /// How many pods in `unboundPods` are really still unbound and not deleted.
    public internal(set) var unboundCount = 0
    /// Active pods (neither Terminating nor deleted) per workload, per node, and per workload
    /// on each node (allocated for a workload the first time one of its pods is bound): the
    /// counters the workload controllers and the scheduler decide by, kept in O(1) per change.
    public internal(set) var activePodsOfWorkload: [Int] = []
    public internal(set) var activePodsOnNode: [Int] = []
    private var activeOfWorkloadOnNode: [[Int32]] = []
    /// Every pod object ever created for each workload, in creation order.
    public internal(set) var podsOfWorkload: [[PodID]] = []
    public internal(set) var workloads: [Workload] = []
    public internal(set) var services: [ServiceObject] = []
    /// Writes not yet taken by a recorder, in order (`TimelineRecorder.take(from:)`).
    public internal(set) var auditLog: [TimelineEvent] = []
    /// Every event's timeline index and the events later ones point back to (`Cause`).
    public internal(set) var causes = CauseBook()
    /// Whether the API server answers; controllers and kubelets get nothing while it is down.
    public internal(set) var isAvailable = true
    /// The mutating webhooks a control plane installed, in the order they run.
    public internal(set) var admissionPlugins: [any AdmissionPlugin] = []
    /// Bumped on every label change, so agents can cache what they derive from labels.
    public internal(set) var labelGeneration = 0
    /// Each node's zone domain as a number, for the scheduler's spreading (see `ZoneDomains`).
    private(set) var zoneDomains = ZoneDomains()
    private(set) var pendingChanges: [APIChange] = []
    /// The most entries the audit log and the change queue keep room for once emptied: an
    /// event's writes reuse it; the initial placement's (two per pod) is given back.
    static let keptCapacity = 4096

    /// The zone domains as the labels stand now: worked out again only after a label changed
    /// (the scheduler's spreading read two string-keyed lookups per node per call before).
    mutating func refreshZoneDomains() {
        guard !zoneDomains.isCurrent(self) else { return }
        zoneDomains = ZoneDomains(nodes, generation: labelGeneration)
    }
    private var changeCursor = 0

    public init() {}

    // MARK: - Informer feed

    /// The next unseen change, if any, in the order they happened.
    mutating func nextChange() -> APIChange? {
        guard changeCursor < pendingChanges.count else {
            // Capacity is kept for the next event's few changes, not the converge step's millions.
            if !pendingChanges.isEmpty { pendingChanges.removeAll(keepingCapacity: pendingChanges.count <= Self.keptCapacity); changeCursor = 0 }
            return nil
        }
        defer { changeCursor += 1 }
        return pendingChanges[changeCursor]
    }

    /// Writes an event to the audit log: the API server's own writes, and Events a controller posts.
    mutating func record(_ event: TimelineEvent) {
        var event = event
        causes.note(&event)
        auditLog.append(event)
    }

    mutating func compactUnbound() {
        unboundPods.removeAll { pods[$0.index].node != nil || pods[$0.index].deleted }
    }

    // MARK: - Nodes

    /// Sizes the per-node arrays up front: growing them by doubling left up to half of each
    /// unused. (Pods are not reserved: the first replacement would double an exact fit.)
    mutating func reserveCapacity(nodes nodeCount: Int) {
        nodes.reserveCapacity(nodeCount)
        leaseRenewTime.reserveCapacity(nodeCount)
        leaseArrival.reserveCapacity(nodeCount)
        leaseDelegated.reserveCapacity(nodeCount)
        podsOnNode.reserveCapacity(nodeCount)
        activePodsOnNode.reserveCapacity(nodeCount)
    }

    mutating func register(_ node: NodeObject) {
        nodes.append(node)
        leaseRenewTime.append(nil)
        leaseArrival.append(.zero)
        leaseDelegated.append(false)
        podsOnNode.append([])
        activePodsOnNode.append(0)
        causes.register()
    }

    // k8s: kubelet registerWithAPIServer → tryRegisterWithAPIServer — the kubelet creates its
    // Node object from its own initial status (labels from its flags, no taints, no conditions
    // until its first status update, which follows in the same sync here).
    /// A kubelet registers its node: the object is created afresh from `template` (what the
    /// scenario declares), stamped with its creation time.
    mutating func registerNode(_ id: NodeID, template: NodeObject, now: SimTime) {
        guard !nodes[id.index].registered else { return }
        var node = template
        node.registered = true
        node.ready = nil
        node.previousReady = nil
        node.taints = []
        node.creation = now
        node.readyHeartbeat = now
        node.readyTransition = now
        nodes[id.index] = node
        labelGeneration += 1
        record(TimelineEvent(time: now, kind: .nodeRegistered, node: id))
        pendingChanges.append(.node(id))
    }

    // k8s: `kubectl delete node` — the object goes with its labels, taints and conditions; its
    // pods stay bound to the name until PodGC deletes them (`PodGCController.gcOrphaned`).
    /// The Node object is deleted: what stays in its slot is the scenario's declaration, marked
    /// unregistered, which every controller skips and every write to it refuses.
    mutating func deleteNode(_ id: NodeID, template: NodeObject) {
        guard nodes[id.index].registered else { return }
        var node = template
        node.registered = false
        node.ready = nil
        node.previousReady = nil
        node.taints = []
        nodes[id.index] = node
        labelGeneration += 1
        pendingChanges.append(.node(id))
    }

    /// The kubelet's lease update: only "did RenewTime advance" matters to the controller.
    mutating func renewLease(_ node: NodeID, at time: SimTime, arrivedAt arrival: SimTime) {
        if let current = leaseRenewTime[node.index], current >= time { return }
        leaseRenewTime[node.index] = time
        leaseArrival[node.index] = arrival
    }

    /// Each node's kubelet renewals while they are worked out on read (see `LeaseRenewalStream`),
    /// empty when the world sends them as events instead. Nothing watches kubelet leases but
    /// the node lifecycle controller's pass, which reads them through `observeLease` and
    /// `forEachRecentRenewal`, so a renewal need not exist before somebody reads the Lease.
    var renewalStreams: [LeaseRenewalStream] = []
    /// The steady kubelets' status reports while they are worked out on read (see
    /// `StatusReportChain`), in no order; a kubelet whose syncs are events has none. Only the node lifecycle
    /// controller reads the Ready heartbeat, through `observeHeartbeat`.
    var statusChains: [StatusReportChain] = []
    /// Each node's place in `statusChains`, -1 for none (empty until the first chain starts):
    /// a dense array read in place, where an array of optionals copied the chain out per read.
    var statusChainSlot: [Int32] = []

    /// A Lease UPDATE that may carry the delegate-heartbeat annotation (OpenYurt): the renewal
    /// as above, plus an informer event for lease watchers.
    mutating func updateLease(_ node: NodeID, renewTime: SimTime, delegated: Bool, now: SimTime) {
        renewLease(node, at: renewTime, arrivedAt: now)
        leaseDelegated[node.index] = delegated
        if watchesLeases { pendingChanges.append(.lease(node)) }
    }

    mutating func setReady(_ id: NodeID, _ status: ConditionStatus, heartbeat: SimTime?, now: SimTime, cause: Cause = .none) {
        // In place: copying the NodeObject out and back retains its labels and taints.
        guard nodes[id.index].registered else { return }  // NotFound
        if let heartbeat { nodes[id.index].readyHeartbeat = heartbeat }
        let changed = nodes[id.index].ready != status
        if changed {
            nodes[id.index].previousReady = nodes[id.index].ready
            nodes[id.index].ready = status
            nodes[id.index].readyTransition = now
            record(TimelineEvent(time: now, kind: .nodeReadyChanged(status), node: id, cause: cause))
            pendingChanges.append(.node(id))
        }
    }

    /// A metadata update (`kubectl label`): no timeline line of its own, the fault says it.
    mutating func setLabel(_ id: NodeID, key: String, value: String?) {
        guard nodes[id.index].registered, nodes[id.index].labels[key] != value else { return }
        nodes[id.index].labels[key] = value
        labelGeneration += 1
        nodeUpdated(id, now: nil)
    }

    /// `kubectl cordon` / `uncordon`: a spec update; the node lifecycle controller turns it into
    /// the unschedulable taint.
    mutating func setUnschedulable(_ id: NodeID, _ unschedulable: Bool) {
        guard nodes[id.index].registered, nodes[id.index].unschedulable != unschedulable else { return }
        nodes[id.index].unschedulable = unschedulable
        nodeUpdated(id, now: nil)
    }

    /// The NetworkUnavailable condition as the CNI or the route controller patches it: a status
    /// update, no timeline line of its own (the fault says it, the taint follows).
    mutating func setNetworkUnavailable(_ id: NodeID, _ unavailable: Bool) {
        guard nodes[id.index].registered, nodes[id.index].networkUnavailable != unavailable else { return }
        nodes[id.index].networkUnavailable = unavailable
        pendingChanges.append(.node(id))
    }

    /// A node annotation patch (SuperEdge's `nodeunhealth`).
    mutating func setAnnotation(_ id: NodeID, key: String, value: String?, now: SimTime) {
        guard nodes[id.index].registered, nodes[id.index].annotations[key] != value else { return }
        nodes[id.index].annotations[key] = value
        record(TimelineEvent(time: now, kind: value == nil ? .annotationRemoved(key) : .annotationAdded("\(key)=\(value!)"), node: id))
        nodeUpdated(id, now: now)
    }

    /// Every node UPDATE (not status) passes the mutating webhooks, then reaches the informers.
    private mutating func nodeUpdated(_ id: NodeID, now: SimTime?) {
        if let now, admissionPlugins.stripUnreachableNoExecute(nodes[id.index]),
           nodes[id.index].taints.contains(Taint.unreachableNoExecute) {
            nodes[id.index].taints.removeAll { $0.matches(Taint.unreachableNoExecute) }
            record(TimelineEvent(time: now, kind: .taintRemoved(Taint.unreachableNoExecute.description), node: id,
                                 cause: Cause(.admissionStripped, event: causes.readyChange(of: id))))
        }
        pendingChanges.append(.node(id))
    }

    mutating func addTaint(_ id: NodeID, _ taint: Taint, now: SimTime, cause: Cause = .none) {
        guard nodes[id.index].registered, !nodes[id.index].taints.contains(taint) else { return }
        // The webhook patches the taint out of the update before it is stored.
        if taint.matches(Taint.unreachableNoExecute), admissionPlugins.stripUnreachableNoExecute(nodes[id.index]) {
            let readyChange = causes.readyChange(of: id)
            causes.hold(CauseHold(time: now, rule: .taintStripped, node: id, pod: nil, event: readyChange, value: 0))
            nodeUpdated(id, now: now)
            return
        }
        var added = taint
        if taint.effect == .noExecute { added.timeAdded = now }
        nodes[id.index].taints.append(added)
        record(TimelineEvent(time: now, kind: .taintAdded(taint.description), node: id, cause: cause))
        nodeUpdated(id, now: now)
    }

    mutating func removeTaint(_ id: NodeID, _ taint: Taint, now: SimTime, cause: Cause = .none) {
        guard nodes[id.index].taints.contains(taint) else { return }
        nodes[id.index].taints.removeAll { $0.matches(taint) }
        record(TimelineEvent(time: now, kind: .taintRemoved(taint.description), node: id, cause: cause))
        nodeUpdated(id, now: now)
    }

    // k8s: controller/util/node.SwapNodeControllerTaint — one update, remove then add.
    mutating func swapTaint(_ id: NodeID, add: Taint, remove: Taint, now: SimTime, cause: Cause = .none) {
        removeTaint(id, remove, now: now, cause: cause)
        addTaint(id, add, now: now, cause: cause)
    }

    // MARK: - Workloads, pods, services

    mutating func addWorkload(_ workload: Workload) {
        workloads.append(workload)
        podsOfWorkload.append([])
        activePodsOfWorkload.append(0)
        activeOfWorkloadOnNode.append([])
    }

    mutating func addService(_ service: ServiceObject) { services.append(service) }

    mutating func createPod(name: String, workload: WorkloadID, tolerations: [Toleration], now: SimTime) -> PodID {
        let id = PodID(pods.count)
        pods.append(PodObject(id: id, name: name, workload: workload, created: now, node: nil, tolerations: tolerations))
        podsOfWorkload[workload.index].append(id)
        activePodsOfWorkload[workload.index] += 1
        unboundPods.append(id)
        unboundCount += 1
        pendingChanges.append(.pod(id))
        return id
    }

    mutating func bind(_ id: PodID, to node: NodeID, now: SimTime) {
        precondition(pods[id.index].node == nil, "a pod is bound at most once")
        pods[id.index].node = node
        podsOnNode[node.index].append(id)
        unboundCount -= 1
        if pods[id.index].isActive { countActive(id, on: node, +1) }
        record(TimelineEvent(time: now, kind: .podScheduled, node: node, pod: id, cause: Cause(.scheduled)))
        pendingChanges.append(.pod(id))
    }

    /// A pod UPDATE that rewrites its tolerations (OpenYurt's podbinding controller).
    mutating func setTolerations(_ id: PodID, _ tolerations: [Toleration], detail: String, now: SimTime) {
        guard pods[id.index].tolerations != tolerations, pods[id.index].isActive else { return }
        pods[id.index].tolerations = tolerations
        record(TimelineEvent(time: now, kind: .tolerationsChanged(detail), node: pods[id.index].node, pod: id, cause: Cause(.podBinding)))
        pendingChanges.append(.pod(id))
    }

    /// The kubelet's status patch reports the phase Running. It carries the Ready condition in
    /// the same write, so the change reaches the informers with that condition's change.
    mutating func setPodRunning(_ id: PodID) {
        guard !pods[id.index].deleted else { return }
        pods[id.index].running = true
    }

    mutating func setPodReady(_ id: PodID, _ ready: Bool, now: SimTime, cause: Cause = .none) {
        guard pods[id.index].ready != ready, !pods[id.index].deleted else { return }
        pods[id.index].ready = ready
        record(TimelineEvent(time: now, kind: ready ? .podReady : .podNotReady, node: pods[id.index].node, pod: id, cause: cause))
        pendingChanges.append(.pod(id))
    }

    /// A graceful delete by the taint eviction controller: the pod turns Terminating.
    /// `condition` is the pod condition patched on just before (`DisruptionTarget`, 1.31+).
    mutating func evict(_ id: PodID, condition: String? = nil, now: SimTime, cause: Cause = .none) {
        beginDeletion(id, .podEvicted(condition), now: now, cause: cause)
    }

    // k8s: registry/core/pod/storage EvictionREST.Create — the Eviction API (`kubectl drain`)
    // deletes the pod gracefully, as the taint eviction controller's delete does.
    /// An eviction asked for by an operator: the pod turns Terminating. `condition` is the pod
    /// condition patched on just before (`DisruptionTarget=EvictionByEvictionAPI`, 1.31+).
    mutating func drainEvict(_ id: PodID, condition: String? = nil, now: SimTime) {
        beginDeletion(id, .podDrained(condition), now: now)
    }

    private mutating func beginDeletion(_ id: PodID, _ kind: TimelineEvent.Kind, now: SimTime, cause: Cause = .none) {
        guard pods[id.index].isActive else { return }
        countInactive(id)
        pods[id.index].deletionRequested = now
        record(TimelineEvent(time: now, kind: kind, node: pods[id.index].node, pod: id, cause: cause))
        pendingChanges.append(.pod(id))
    }

    /// The object is removed: the kubelet confirmed the containers are gone (or the pod never ran).
    mutating func finalizeDeletion(_ id: PodID, now: SimTime) {
        guard !pods[id.index].deleted else { return }
        if pods[id.index].isActive { countInactive(id) }
        pods[id.index].deleted = true
        if pods[id.index].node == nil { unboundCount -= 1 }
        if let node = pods[id.index].node {
            podsOnNode[node.index].removeAll { $0 == id }
        }
        record(TimelineEvent(time: now, kind: .podDeleted, node: pods[id.index].node, pod: id))
        pendingChanges.append(.pod(id))
    }

    /// How many active pods of `workload` are bound to `node`.
    public func activePods(of workload: WorkloadID, on node: NodeID) -> Int {
        let counts = activeOfWorkloadOnNode[workload.index]
        return counts.isEmpty ? 0 : Int(counts[node.index])
    }

    private mutating func countActive(_ id: PodID, on node: NodeID, _ delta: Int) {
        let workload = pods[id.index].workload.index
        activePodsOnNode[node.index] += delta
        if activeOfWorkloadOnNode[workload].isEmpty {
            activeOfWorkloadOnNode[workload] = Array(repeating: 0, count: nodes.count)
        }
        activeOfWorkloadOnNode[workload][node.index] += Int32(delta)
    }

    private mutating func countInactive(_ id: PodID) {
        activePodsOfWorkload[pods[id.index].workload.index] -= 1
        if let node = pods[id.index].node { countActive(id, on: node, -1) }
    }

    /// Where a pod stands in its Service's Endpoints, as the endpoints controller computes it.
    public enum EndpointMembership: Sendable { case ready, notReady, absent }

    /// One pod's place in its Service's Endpoints changed. The update passes SuperEdge's
    /// endpoints webhook, which re-reads every not-ready address of the object on every update.
    mutating func setEndpoint(_ id: ServiceID, pod: PodID, _ membership: EndpointMembership, now: SimTime) {
        var service = services[id.index]
        service.computedReady.remove(pod)
        service.computedNotReady.remove(pod)
        switch membership {
        case .ready: service.computedReady.insert(pod)
        case .notReady: service.computedNotReady.insert(pod)
        case .absent: break
        }
        var ready = service.computedReady, notReady = service.computedNotReady
        for admission in admissionPlugins {
            for kept in notReady.items where pods[kept.index].node.map({ admission.keepsAddressReady(on: nodes[$0.index]) }) ?? false {
                notReady.remove(kept)
                ready.insert(kept)
            }
        }
        let old = service.readyAddresses
        service.readyAddresses = ready
        service.notReadyAddresses = notReady
        services[id.index] = service
        // Without a webhook only `pod` can have moved; with one, compare the whole list.
        let candidates = admissionPlugins.isEmpty ? [pod] : old.items.merged(with: ready.items)
        for candidate in candidates where old.contains(candidate) != ready.contains(candidate) {
            let kind: TimelineEvent.Kind = ready.contains(candidate) ? .endpointAdded(service: service.name) : .endpointRemoved(service: service.name)
            record(TimelineEvent(time: now, kind: kind, node: pods[candidate.index].node, pod: candidate))
        }
    }

    mutating func setAvailable(_ available: Bool) { isAvailable = available }
}
