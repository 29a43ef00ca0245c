/// Upstream's taint eviction controller (the "taint manager"): pods on a node with NoExecute
/// taints are deleted at once if a taint is not tolerated, or after the smallest
/// `tolerationSeconds` among the tolerations used; forever-tolerations never evict.
/// (k8s: pkg/controller/tainteviction/taint_eviction.go)
public struct TaintEvictionController: Sendable {
    /// A scheduled deletion, upstream's `TimedWorker`.
    public struct PendingEviction: Sendable, Equatable {
        public var createdAt: SimTime
        public var fireAt: SimTime
        public var generation: UInt64
        /// The taint-added event that started it (timeline index), for `Cause`.
        public var taintEvent: Int32 = -1
    }

    /// The NoExecute taints last seen on each node, to notice changes as `NodeUpdated` does.
    private var knownTaints: [[Taint]]
    public private(set) var pending: [PodID: PendingEviction] = [:]
    private var generation: UInt64 = 0

    /// The condition patched onto a pod before its deletion, if the release does that
    /// (`KubernetesVersion.taintEvictionDetail`).
    let evictionCondition: String?

    public init(nodeCount: Int, evictionCondition: String? = nil) {
        knownTaints = Array(repeating: [], count: nodeCount)
        self.evictionCondition = evictionCondition
    }

    /// What the world must schedule: fire `pod`'s eviction at `time` unless its generation moved on.
    public struct Timer: Sendable, Equatable {
        public var pod: PodID
        public var time: SimTime
        public var generation: UInt64
    }

    // k8s: tainteviction.Controller.NodeUpdated + handleNodeUpdate — acts only when the node's
    // NoExecute taint set changed.
    public mutating func nodeUpdated(_ id: NodeID, now: SimTime, api: inout APIServer) -> [Timer] {
        let taints = api.nodes[id.index].taints.noExecute
        let previous = knownTaints[id.index]
        guard taints.count != previous.count || !taints.allSatisfy({ previous.contains($0) }) else { return [] }
        knownTaints[id.index] = taints
        let pods = api.podsOnNode[id.index].filter { api.pods[$0.index].isActive }
        if taints.isEmpty {
            for pod in pods {
                if let cancelled = pending.removeValue(forKey: pod) {
                    let readyChange = api.causes.readyChange(of: id)
                    api.causes.hold(CauseHold(time: now, rule: .timerCancelled, node: id, pod: pod, event: readyChange,
                                              value: cancelled.fireAt.microseconds))
                }
            }
            return []
        }
        return pods.compactMap { processPod($0, taints: taints, now: now, api: &api) }
    }

    // k8s: tainteviction.Controller.PodUpdated — a pod newly bound to a tainted node.
    public mutating func podUpdated(_ id: PodID, now: SimTime, api: inout APIServer) -> [Timer] {
        let pod = api.pods[id.index]
        guard pod.isActive, let node = pod.node else {
            pending[id] = nil
            return []
        }
        let taints = knownTaints[node.index]
        guard !taints.isEmpty else { return [] }
        return processPod(id, taints: taints, now: now, api: &api).map { [$0] } ?? []
    }

    // k8s: tainteviction.Controller.processPodOnNode
    mutating func processPod(_ id: PodID, taints: [Taint], now: SimTime, api: inout APIServer) -> Timer? {
        let node = api.pods[id.index].node ?? NodeID(0)
        let taintEvent = api.causes.noExecuteTaint(of: node)
        guard let wait = Self.evictionDelay(tolerations: api.pods[id.index].tolerations, taints: taints) else {
            pending[id] = nil  // tolerated forever
            api.causes.hold(CauseHold(time: now, rule: .toleratedForever, node: node, pod: id, event: taintEvent, value: 0))
            return nil
        }
        if wait == .zero {
            pending[id] = nil
            api.evict(id, condition: evictionCondition, now: now, cause: Cause(.taintNotTolerated, event: taintEvent))
            return nil
        }
        let trigger = now + wait
        if let existing = pending[id] {
            // A running timer is kept, unless it was created in this very instant.
            if existing.createdAt + wait < trigger { return nil }
            pending[id] = nil
        }
        generation &+= 1
        pending[id] = PendingEviction(createdAt: now, fireAt: trigger, generation: generation, taintEvent: taintEvent)
        api.causes.hold(CauseHold(time: now, rule: .timerSet, node: node, pod: id, event: taintEvent, value: trigger.microseconds))
        return Timer(pod: id, time: trigger, generation: generation)
    }

    /// The timer fired: delete the pod if this timer is still the current one.
    public mutating func fire(_ id: PodID, generation: UInt64, now: SimTime, api: inout APIServer) {
        guard let entry = pending[id], entry.generation == generation else { return }
        pending[id] = nil
        api.evict(id, condition: evictionCondition, now: now,
                  cause: Cause(.tolerationExpired, event: entry.taintEvent, value: (entry.fireAt - entry.createdAt).microseconds / 1_000_000))
    }

    /// A restarted controller forgets its timers and re-reads every node, as its informers do.
    public mutating func restart(now: SimTime, api: inout APIServer) -> [Timer] {
        pending = [:]
        knownTaints = Array(repeating: [], count: knownTaints.count)
        var timers: [Timer] = []
        for index in api.nodes.indices { timers += nodeUpdated(NodeID(index), now: now, api: &api) }
        return timers
    }

    // k8s: v1helper.GetMatchingTolerations + tainteviction.getMinTolerationTime
    /// How long a pod may stay: nil = forever, zero = now (some taint is not tolerated).
    public static func evictionDelay(tolerations: [Toleration], taints: [Taint]) -> SimTime? {
        var used: [Toleration] = []
        for taint in taints {
            guard let toleration = tolerations.first(where: { $0.tolerates(taint) }) else { return .zero }
            used.append(toleration)
        }
        if used.isEmpty { return .zero }
        var minimum: Int64?
        for toleration in used {
            guard let seconds = toleration.seconds else { continue }
            if seconds <= 0 { return .zero }
            minimum = min(minimum ?? seconds, seconds)
        }
        return minimum.map { .seconds($0) }
    }
}
