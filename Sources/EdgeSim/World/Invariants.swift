/// Rules every run must keep, checked after each event once its API changes are drained
/// (TigerBeetle's simulator checks its invariants while it runs, not after).
///
/// The checker reads only what changed: the API server's timeline is its audit log, so each
/// check walks the events recorded since the last one and looks at the few objects they name.
/// From those events it keeps a small shadow of its own (when each pod was bound, since when
/// each node carries a NoExecute taint, which StatefulSet ordinals are bound), so a rule is
/// judged against an independent record, not against the controller that might be wrong.
/// Cost per check: O(new events × objects they touch), so a 10,000-node run stays fast.
public struct Invariants: Sendable {
    /// The invariants by name, as a violation reports them.
    public enum Name: String, Sendable, CaseIterable {
        /// Timeline stamps never go backwards and never run ahead of the clock.
        case timeMonotonic = "time-monotonic"
        /// A pod is bound at most once, and listed under at most one node (`podsOnNode`).
        case podBoundOnce = "pod-bound-once"
        /// A pod is evicted only for a NoExecute taint it does not tolerate, or once a
        /// toleration's `tolerationSeconds` has run out since its timer could have started.
        case evictionJustified = "eviction-justified"
        /// Service endpoints list only pods that are ready and active (in the strict modes, on no
        /// node the node lifecycle controller turned from True to Unknown).
        case endpointsReady = "endpoints-ready"
        /// A StatefulSet never runs more pods (active and bound) than its replicas.
        case statefulSetReplicas = "statefulset-replicas"
        /// No StatefulSet ordinal is bound twice (a Terminating pod still holds its ordinal).
        case statefulSetOrdinal = "statefulset-ordinal"
        /// One event's consequences settle: controllers reacting to each other within one
        /// instant create at most twice the pods the workloads ask for and make a bounded number
        /// of changes. Without it a controller loop hangs the run instead of failing it.
        case stepSettles = "step-settles"
    }

    /// How far one event's drain may go before it counts as a loop that never settles.
    public struct StepBudget: Sendable {
        public let podsCreated: Int
        public let changes: Int

        /// Twice every workload's desired pods (a whole cluster evicted and replaced at once
        /// stays within it) and 64 changes per object.
        public init(desiredPods: Int, nodes: Int) {
            podsCreated = 2 * desiredPods + 16
            changes = 64 * (2 * desiredPods + nodes) + 1_024
        }

        /// `podObjects`: the pods created before the event began (a bound on those the API server
        /// holds). One event may touch each of them — PodGC force-deleting every Terminating pod
        /// of an out-of-service node after a hot eviction loop piled them up — so each adds 64
        /// changes to the budget.
        public func exceeded(podsCreated: Int, changes: Int, podObjects: Int = 0) -> Bool {
            podsCreated > self.podsCreated || changes > self.changes + 64 * podObjects
        }
    }

    public let endpointRule: EndpointRule
    private var cursor = 0
    private var lastCheck = SimTime.zero
    private var lastEvent = SimTime.zero
    /// When each pod was bound, by pod index; nil while unbound.
    private var boundAt: [SimTime?] = []
    /// The shortest NoExecute tolerationSeconds each pod has had since it was bound (OpenYurt's
    /// podbinding rewrites them), by pod index: a timer kept from before a rewrite used it.
    private var shortestToleration: [Int64?] = []
    /// Whether a StatefulSet pod counts as running (bound and not yet evicted or deleted).
    private var countedRunning: [Bool] = []
    /// Since when each node has carried at least one NoExecute taint, as of the last check.
    private var noExecuteSince: [SimTime?] = []
    /// Running pods per StatefulSet, by workload index.
    private var running: [Int] = []
    /// For each StatefulSet, the pod holding each ordinal (pod names are `<set>-<ordinal>`),
    /// from its binding until the object is deleted. Looked up, never iterated.
    private var ordinalHolder: [[String: PodID]] = []

    public init(endpointRule: EndpointRule) {
        self.endpointRule = endpointRule
    }

    /// Whether anything was recorded since the last check. Most events (lease renewals, status
    /// posts that change nothing) record nothing; asking this first spares them even the cost
    /// of handing over the API server.
    @inline(__always)
    public func hasWork(batchCount: Int) -> Bool { batchCount > cursor }

    /// The recorder handed its batch (all of it checked) to its stream: the next starts at 0.
    public mutating func batchHandedOver() { cursor = 0 }

    /// Walks the events recorded since the last check; returns the first broken rule.
    public mutating func check(_ api: APIServer, batch timeline: [TimelineEvent], now: SimTime, seed: UInt64) -> InvariantViolation? {
        func violation(_ name: Name, _ detail: String) -> InvariantViolation {
            InvariantViolation(invariant: name.rawValue, time: now, seed: seed, detail: detail)
        }
        if now < lastCheck {
            return violation(.timeMonotonic, "the clock went from \(lastCheck.clock) back to \(now.clock)")
        }
        lastCheck = now
        grow(api)
        guard cursor < timeline.count else { return nil }
        var touchedNodes: [NodeID] = []
        var endpointSuspects: [PodID] = []
        func pod(_ id: PodID) -> String { api.pods[id.index].name }
        func node(_ id: NodeID?) -> String { id.map { api.nodes[$0.index].name } ?? "no node" }

        while cursor < timeline.count {
            let event = timeline[cursor]
            cursor += 1
            if event.time < lastEvent || event.time > now {
                return violation(.timeMonotonic, "a \(event.name) event stamped \(event.time.clock) after one at \(lastEvent.clock)")
            }
            lastEvent = event.time
            switch event.kind {
            case .podScheduled:
                guard let id = event.pod, let target = event.node else { continue }
                if let earlier = boundAt[id.index] {
                    return violation(.podBoundOnce, "pod \(pod(id)) bound to \(node(target)) after being bound at \(earlier.clock)")
                }
                if api.pods[id.index].node != target {
                    return violation(.podBoundOnce, "pod \(pod(id)) scheduled to \(node(target)) but bound to \(node(api.pods[id.index].node))")
                }
                boundAt[id.index] = event.time
                shortestToleration[id.index] = Self.shortestNoExecuteToleration(api.pods[id.index])
                touchedNodes.append(target)
                if let broken = statefulSetBound(id, api: api, now: now, seed: seed) { return broken }
            case .tolerationsChanged:
                guard let id = event.pod, boundAt[id.index] != nil else { continue }
                let now = Self.shortestNoExecuteToleration(api.pods[id.index])
                shortestToleration[id.index] = [shortestToleration[id.index], now].compactMap { $0 }.min()
            case .podEvicted:
                guard let id = event.pod else { continue }
                if let broken = evictionRule(id, node: event.node, api: api, now: now, seed: seed) { return broken }
                stopCounting(id, api: api)
                endpointSuspects.append(id)
            case .podDeleted:
                guard let id = event.pod else { continue }
                stopCounting(id, api: api)
                let workload = api.pods[id.index].workload.index
                if ordinalHolder[workload][pod(id)] == id { ordinalHolder[workload][pod(id)] = nil }
                if let target = event.node { touchedNodes.append(target) }
                endpointSuspects.append(id)
            case .podNotReady, .endpointAdded:
                if let id = event.pod { endpointSuspects.append(id) }
            // An endpoints webhook (SuperEdge, OpenYurt) judges addresses only when the Endpoints
            // object is updated: a node leaving Unknown for False (its kubelet back, its runtime
            // down, so no pod turns ready) keeps an address the webhook kept until that update.
            case .nodeReadyChanged(let status) where status == .unknown || (status == .false && endpointRule == .strict):
                if let target = event.node { endpointSuspects += api.podsOnNode[target.index] }
            case .taintAdded, .taintRemoved:
                if let target = event.node { touchedNodes.append(target) }
            default:
                break
            }
        }

        // The rest judges the state the step ended in: within one step a pod may leave the
        // endpoints a moment after it stopped being ready, as upstream's informers do.
        for id in endpointSuspects {
            if let broken = endpointRule(id, api: api, now: now, seed: seed) { return broken }
        }
        for id in touchedNodes {
            let listed = api.podsOnNode[id.index]
            for p in listed where api.pods[p.index].node != id || api.pods[p.index].deleted {
                return violation(.podBoundOnce, "node \(node(id)) lists pod \(pod(p)), which is \(api.pods[p.index].deleted ? "deleted" : "bound to \(node(api.pods[p.index].node))")")
            }
            if Set(listed).count != listed.count {
                return violation(.podBoundOnce, "node \(node(id)) lists a pod twice")
            }
            noExecuteSince[id.index] = api.nodes[id.index].taints.noExecute.isEmpty ? nil : (noExecuteSince[id.index] ?? now)
        }
        return nil
    }

    /// Keeps the per-object arrays as long as the API server's lists.
    private mutating func grow(_ api: APIServer) {
        if boundAt.count < api.pods.count {
            boundAt += Array(repeating: nil, count: api.pods.count - boundAt.count)
            shortestToleration += Array(repeating: nil, count: api.pods.count - shortestToleration.count)
            countedRunning += Array(repeating: false, count: api.pods.count - countedRunning.count)
        }
        if noExecuteSince.count < api.nodes.count {
            noExecuteSince += Array(repeating: nil, count: api.nodes.count - noExecuteSince.count)
        }
        if running.count < api.workloads.count {
            running += Array(repeating: 0, count: api.workloads.count - running.count)
            ordinalHolder += Array(repeating: [:], count: api.workloads.count - ordinalHolder.count)
        }
    }

    // MARK: - StatefulSets

    private mutating func statefulSetBound(_ id: PodID, api: APIServer, now: SimTime, seed: UInt64) -> InvariantViolation? {
        let pod = api.pods[id.index]
        let workload = api.workloads[pod.workload.index]
        guard workload.kind == .statefulSet else { return nil }
        if let holder = ordinalHolder[workload.id.index][pod.name], holder != id {
            return InvariantViolation(invariant: Name.statefulSetOrdinal.rawValue, time: now, seed: seed,
                                      detail: "\(pod.name) bound again while an earlier pod of that ordinal is not yet deleted")
        }
        ordinalHolder[workload.id.index][pod.name] = id
        countedRunning[id.index] = true
        running[workload.id.index] += 1
        if running[workload.id.index] > workload.replicas {
            return InvariantViolation(invariant: Name.statefulSetReplicas.rawValue, time: now, seed: seed,
                                      detail: "\(workload.name) runs \(running[workload.id.index]) pods, replicas \(workload.replicas)")
        }
        return nil
    }

    private mutating func stopCounting(_ id: PodID, api: APIServer) {
        guard countedRunning[id.index] else { return }
        countedRunning[id.index] = false
        running[api.pods[id.index].workload.index] -= 1
    }

    // MARK: - Evictions

    // k8s: tainteviction.Controller.processPodOnNode — the timer starts no earlier than the
    // node's NoExecute taints and the pod's binding, and waits at least the smallest
    // tolerationSeconds the pod has for NoExecute; a kept timer can only be older, a
    // restarted controller's only newer, so this bound holds either way. A timer is kept when
    // the tolerations change under it (it returns while a work item exists), so the bound is
    // the smallest tolerationSeconds the pod has had since it was bound.
    private func evictionRule(_ id: PodID, node: NodeID?, api: APIServer, now: SimTime, seed: UInt64) -> InvariantViolation? {
        let pod = api.pods[id.index]
        func violation(_ detail: String) -> InvariantViolation {
            InvariantViolation(invariant: Name.evictionJustified.rawValue, time: now, seed: seed, detail: "pod \(pod.name) \(detail)")
        }
        guard let node, pod.node == node else { return violation("evicted but not bound to the node the eviction names") }
        let nodeName = api.nodes[node.index].name
        let taints = api.nodes[node.index].taints.noExecute
        guard !taints.isEmpty else { return violation("evicted from \(nodeName), which has no NoExecute taint") }
        if taints.contains(where: { taint in !pod.tolerations.contains { $0.tolerates(taint) } }) { return nil }
        // Tolerating forever now cancels any timer, whatever it was before.
        guard let current = Self.shortestNoExecuteToleration(pod) else {
            return violation("evicted from \(nodeName) although it tolerates its NoExecute taints forever")
        }
        let shortest = min(current, shortestToleration[id.index] ?? current)
        let start = max(noExecuteSince[node.index] ?? now, boundAt[id.index] ?? now)
        let wait = SimTime.seconds(max(0, shortest))
        guard now - start >= wait else {
            return violation("evicted from \(nodeName) \((now - start).description) after its timer could start, before its shortest tolerationSeconds (\(shortest)s)")
        }
        return nil
    }

    /// The smallest finite tolerationSeconds among a pod's NoExecute tolerations; nil: none.
    static func shortestNoExecuteToleration(_ pod: PodObject) -> Int64? {
        pod.tolerations.filter { $0.effect == nil || $0.effect == .noExecute }.compactMap(\.seconds).min()
    }

    // MARK: - Endpoints

    private func endpointRule(_ id: PodID, api: APIServer, now: SimTime, seed: UInt64) -> InvariantViolation? {
        let pod = api.pods[id.index]
        guard let service = api.workloads[pod.workload.index].service else { return nil }
        let addresses = api.services[service.index].readyAddresses
        guard addresses.contains(id) else { return nil }
        let problem: String? =
            if pod.deleted { "is deleted" }
            else if pod.isTerminating { "is Terminating" }
            else if !pod.ready && !endpointRule.webhookKeeps(pod, api: api) { "is not ready" }
            else if let node = pod.node {
                endpointRule.requiresReadyNode && api.nodes[node.index].podsMarkedNotReady
                    ? "is on \(api.nodes[node.index].name), whose Ready went from True to \(api.nodes[node.index].ready?.rawValue ?? "unset")" : nil
            } else { "is not bound" }
        guard let problem else { return nil }
        return InvariantViolation(invariant: Name.endpointsReady.rawValue, time: now, seed: seed,
                                  detail: "service \(api.services[service.index].name) lists pod \(pod.name), which \(problem)")
    }
}

/// Which pods a Service's endpoints may list, as a control plane declares it
/// (`ControlPlane.endpointRule`): vanilla Kubernetes lists only ready pods, none on a node it took
/// off True (a kubelet reporting False keeps its pods listed); an
/// extension with endpoint webhooks (SuperEdge, OpenYurt) also keeps not-ready pods of nodes
/// the cloud cannot hear (Ready=Unknown) when the webhook's own rule says so.
public enum EndpointRule: Sendable, Equatable {
    case strict
    case podReadyOnly

    /// Whether a mutating endpoints webhook in the API server keeps this not-ready pod listed.
    func webhookKeeps(_ pod: PodObject, api: APIServer) -> Bool {
        guard self == .podReadyOnly, let node = pod.node else { return false }
        let object = api.nodes[node.index]
        return api.admissionPlugins.keepAddressReady(on: object)
    }

    public var requiresReadyNode: Bool { self == .strict }
}
