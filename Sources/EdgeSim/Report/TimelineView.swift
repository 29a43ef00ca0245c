/// Which of a run's events a timeline shows, and how (`run --events --nodes --since --until
/// --initial`). The golden reports are the whole view; metrics are always of the whole run.
public struct TimelineView: Sendable {
    /// Event names to show (nil: all).
    public var events: Set<String>?
    /// Node names to show events of (a fault shows when it hits one of them); nil: all.
    public var nodes: Set<String>?
    public var since: SimTime?
    public var until: SimTime?
    /// Whether the initial placement (pods scheduled, ready and listed at +0) prints as one
    /// line per workload rather than one per event. Only without filters: a filtered timeline
    /// shows the lines it keeps.
    public var summarisesInitialPlacement = false

    public init(events: Set<String>? = nil, nodes: Set<String>? = nil, since: SimTime? = nil, until: SimTime? = nil,
                summarisesInitialPlacement: Bool = false) {
        self.events = events; self.nodes = nodes; self.since = since; self.until = until
        self.summarisesInitialPlacement = summarisesInitialPlacement
    }

    /// Every event, one line each: the golden format.
    public static let whole = TimelineView()

    public var filters: Bool { events != nil || nodes != nil || since != nil || until != nil }
    var summarises: Bool { summarisesInitialPlacement && !filters }

    public func shows<Names: TimelineNames>(_ event: TimelineEvent, _ report: Names) -> Bool {
        if let since, event.time < since { return false }
        if let until, event.time > until { return false }
        if let events, !events.contains(event.name) { return false }
        if let nodes {
            let subject: String? = if case .fault(let s, _, _) = event.kind { s } else { nil }
            guard report.nodeName(event.node).map(nodes.contains) ?? false || subject.map(nodes.contains) ?? false else { return false }
        }
        return true
    }

    /// The events shown, in timeline order.
    public func events(of report: RunReport) -> [TimelineEvent] {
        filters ? report.timeline.filter { shows($0, report) } : report.timeline
    }

    /// Whether an event is part of the initial placement that `summarisesInitialPlacement` folds.
    static func isInitialPlacement(_ event: TimelineEvent) -> Bool {
        guard event.time == .zero, event.pod != nil else { return false }
        switch event.kind {
        case .podScheduled, .podReady, .endpointAdded: return true
        default: return false
        }
    }

    /// One line per workload placed at +0, in declaration order, printed where the first
    /// placement event was (`at`): `cache`, `5 pods on 5 nodes, 5 ready, 5 endpoints`. Reads
    /// only the events at +0, which a streamed run holds until its clock moves on.
    static func initialPlacementLines<Names: TimelineNames>(of events: [TimelineEvent], _ names: Names, at time: SimTime,
                                                            width: Int) -> String {
        let workloads = names.workloadNames
        var scheduled = Array(repeating: 0, count: workloads.count)
        var ready = scheduled, listed = scheduled
        var nodes = Array(repeating: Set<Int>(), count: workloads.count)
        for event in events.prefix(while: { $0.time == .zero }) where isInitialPlacement(event) {
            let workload = names.workloadIndex(ofPod: event.pod!)
            switch event.kind {
            case .podScheduled:
                scheduled[workload] += 1
                if let node = event.node { nodes[workload].insert(node.index) }
            case .podReady: ready[workload] += 1
            default: listed[workload] += 1
            }
        }
        return workloads.indices.filter { scheduled[$0] > 0 }.map { w in
            let pods = scheduled[w] == 1 ? "1 pod" : "\(scheduled[w]) pods"
            let on = nodes[w].count == 1 ? "1 node" : "\(nodes[w].count) nodes"
            let detail = "\(pods) on \(on), \(ready[w]) ready" + (listed[w] > 0 ? ", \(listed[w]) endpoints" : "")
            return time.clock + "  " + workloads[w].padded(to: width) + "  " + "initial-placement".padded(to: 18) + "  " + detail + "\n"
        }.joined()
    }
}
