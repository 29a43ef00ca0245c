/// A run's metrics worked out event by event: fed the timeline in order (held or streamed),
/// holding only per-pod, per-node and per-service state, then finished with the run's report.
/// `Metrics(report)` folds a held timeline through it; a streamed run feeds it each batch.
struct MetricsFold {
    /// Nil: the whole run (its pods are not all known while it runs).
    let scope: MetricsScope?
    private(set) var history: PodHistory
    private var evictions = 0, podsRestarted = 0, podsScheduled = 0, taintsNoExecute = 0
    private var tainted = Set<Int>()
    private var endpoints: EndpointGaps
    private var blackholes: Blackholes

    init(services: [(name: String, desired: Int)], podCount: Int, nodeCount: Int, scope: MetricsScope?) {
        self.scope = scope
        history = PodHistory(podCount: podCount, nodeCount: nodeCount)
        endpoints = EndpointGaps(services: services, counted: scope.map { $0.services ?? services.map { _ in false } })
        blackholes = Blackholes(nodeCount: nodeCount)
    }

    private func podInScope(_ pod: PodID?) -> Bool { pod.map { scope?.pods[$0.index] ?? true } ?? false }

    /// Feeds one event; `powerChanges` holds every power change up to the event's instant.
    mutating func add(_ event: TimelineEvent, powerChanges: [PowerChange]) {
        history.record(event)
        switch event.kind {
        case .podEvicted where podInScope(event.pod): evictions += 1
        case .podRestarted where podInScope(event.pod): podsRestarted += 1
        case .podScheduled where podInScope(event.pod): podsScheduled += 1
        case .taintAdded(let taint) where taint.hasSuffix(":NoExecute") && event.node.map({ scope?.nodes[$0.index] ?? true }) ?? false:
            taintsNoExecute += 1
            if let node = event.node { tainted.insert(node.index) }
        case .endpointAdded(let service), .endpointRemoved(let service):
            endpoints.change(service, added: event.isEndpointAdded, at: event.time)
        default: break
        }
        blackholes.applyPower(powerChanges, through: event.time)
        if podInScope(event.pod) { blackholes.add(event, history) }
    }

    /// The metrics, once every event is in: `report` gives what the run knows at its end.
    func finish(_ report: RunReport) -> Metrics {
        var history = history
        history.finish(podCount: report.podNames.count)
        var blackholes = blackholes
        blackholes.applyPower(report.powerChanges, through: report.duration)
        return Metrics(report, scope: scope ?? .all(report), history: history, evictions: evictions, podsRestarted: podsRestarted,
                       podsScheduled: podsScheduled, taintsNoExecute: taintsNoExecute, nodesTainted: tainted.count,
                       endpoints: endpoints.finish(at: report.duration), blackholed: blackholes.finish(at: report.duration))
    }
}

extension TimelineEvent {
    var isEndpointAdded: Bool { if case .endpointAdded = kind { true } else { false } }
}

extension MetricsFold {
    /// Summed over the counted services: time with fewer ready endpoints than replicas, and
    /// the longest such stretch.
    struct EndpointGaps {
        let desired: [Int]
        let counted: [Bool]
        let serviceIndex: [String: Int]
        var ready: [Int]
        var below: [SimTime?]
        var unavailable = SimTime.zero, longest = SimTime.zero

        /// `counted` nil: every service.
        init(services: [(name: String, desired: Int)], counted: [Bool]?) {
            let desired = services.map(\.desired), counted = counted ?? services.map { _ in true }
            self.desired = desired
            self.counted = counted
            serviceIndex = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($1.name, $0) })
            ready = Array(repeating: 0, count: services.count)
            // Services start empty at +0 and fill within the same instant: only time counts.
            below = services.indices.map { desired[$0] > 0 && counted[$0] ? .zero : nil }
        }

        mutating func change(_ service: String, added: Bool, at time: SimTime) {
            guard let s = serviceIndex[service], counted[s] else { return }
            ready[s] += added ? 1 : -1
            if ready[s] >= desired[s] { close(s, at: time) } else if below[s] == nil { below[s] = time }
        }

        private mutating func close(_ s: Int, at time: SimTime) {
            guard let start = below[s] else { return }
            unavailable += time - start
            longest = max(longest, time - start)
            below[s] = nil
        }

        func finish(at end: SimTime) -> (unavailable: SimTime, longest: SimTime) {
            var gaps = self
            for s in desired.indices { gaps.close(s, at: end) }
            return (gaps.unavailable, gaps.longest)
        }
    }

    /// Endpoint-seconds listed ready while the pod behind them could not serve: from its node's
    /// power-off until the pod restarted (or its object was deleted). Traffic sent there is lost.
    struct Blackholes {
        var listed: [Bool] = [], down: [Bool] = []
        var since: [SimTime?] = []
        var nodeOff: [Bool]
        var onNode: [[Int]]
        var nextChange = 0
        var total = SimTime.zero

        init(nodeCount: Int) {
            nodeOff = Array(repeating: false, count: nodeCount)
            onNode = Array(repeating: [], count: nodeCount)
        }

        private mutating func update(_ pod: Int, at time: SimTime) {
            let blackholed = listed[pod] && down[pod]
            if blackholed, since[pod] == nil { since[pod] = time }
            if !blackholed, let start = since[pod] { total += time - start; since[pod] = nil }
        }

        mutating func applyPower(_ changes: [PowerChange], through time: SimTime) {
            while nextChange < changes.count, changes[nextChange].time <= time {
                let change = changes[nextChange]
                nextChange += 1
                nodeOff[change.node.index] = !change.powered
                // Power returning does not bring the pods back: their restart does.
                guard !change.powered else { continue }
                for pod in onNode[change.node.index] { down[pod] = true; update(pod, at: change.time) }
            }
        }

        mutating func add(_ event: TimelineEvent, _ history: PodHistory) {
            guard let pod = event.pod?.index else { return }
            if pod >= listed.count {
                let more = pod + 1 - listed.count
                listed += Array(repeating: false, count: more)
                down += Array(repeating: false, count: more)
                since += Array(repeating: nil, count: more)
            }
            switch event.kind {
            case .podScheduled:
                guard let node = event.node?.index else { return }
                onNode[node].append(pod)
                down[pod] = nodeOff[node]
            case .podRestarted: down[pod] = false
            case .podDeleted:
                down[pod] = false
                if let node = history.node[pod]?.index { onNode[node].removeAll { $0 == pod } }
            case .endpointAdded: listed[pod] = true
            case .endpointRemoved: listed[pod] = false
            default: return
            }
            update(pod, at: event.time)
        }

        func finish(at end: SimTime) -> SimTime {
            since.reduce(total) { total, start in start.map { total + (end - $0) } ?? total }
        }
    }
}
