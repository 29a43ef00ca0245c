/// A run's summary numbers: what `--format metrics` prints and sweeps compare.
public struct Metrics: Sendable, Equatable {
    /// Pods evicted by the taint eviction controller.
    public var evictions = 0
    /// Evictions of pods whose node was powered on and running them.
    public var unnecessaryEvictions = 0
    /// Summed over services: time with fewer ready endpoints than replicas.
    public var endpointUnavailable = SimTime.zero
    /// Pods restarted on their node after a power loss (static pods at boot included).
    public var podsRestarted = 0
    /// Distinct nodes that ever carried a NoExecute taint.
    public var nodesNoExecuteTainted = 0
    /// NoExecute taints added.
    public var taintsNoExecute = 0
    /// The longest single stretch a service spent below its desired endpoints.
    public var maxEndpointGap = SimTime.zero
    /// From a node's power-off to the eviction of its pods: the longest, over powered-off
    /// nodes, of (last eviction of a pod on it while it was still off − power-off). Nil when no
    /// node died or none of its pods were evicted while it was off.
    public var timeToEvictDead: SimTime?
    public var podsScheduled = 0
    /// Bytes between the cloud and the edge, both ways; nil for modes that do not count them.
    public var cloudEdgeBytes: Int64?
    public var cloudEdgeBytesDown: Int64?
    public var cloudEdgeBytesUp: Int64?
    public var eventsProcessed = 0
    public var messagesDropped = 0
    public var messagesLost = 0

    public init(_ report: RunReport) {
        var tainted = Set<Int>()
        var ready = Array(repeating: 0, count: report.services.count)
        var below = Array<SimTime?>(repeating: nil, count: report.services.count)
        let serviceIndex = Dictionary(uniqueKeysWithValues: report.services.enumerated().map { ($1.name, $0) })
        func close(_ s: Int, at time: SimTime) {
            guard let start = below[s] else { return }
            endpointUnavailable += time - start
            maxEndpointGap = max(maxEndpointGap, time - start)
            below[s] = nil
        }
        // Services start empty at +0 and fill within the same instant: only time counts.
        for s in report.services.indices where report.services[s].desired > 0 { below[s] = .zero }
        for event in report.timeline {
            switch event.kind {
            case .podEvicted: evictions += 1
            case .podRestarted: podsRestarted += 1
            case .podScheduled: podsScheduled += 1
            case .taintAdded(let taint) where taint.hasSuffix(":NoExecute"):
                taintsNoExecute += 1
                if let node = event.node { tainted.insert(node.index) }
            case .endpointAdded(let service), .endpointRemoved(let service):
                guard let s = serviceIndex[service] else { break }
                if case .endpointAdded = event.kind { ready[s] += 1 } else { ready[s] -= 1 }
                if ready[s] >= report.services[s].desired { close(s, at: event.time) }
                else if below[s] == nil { below[s] = event.time }
            default: break
            }
        }
        for s in report.services.indices { close(s, at: report.duration) }
        nodesNoExecuteTainted = tainted.count
        timeToEvictDead = Self.timeToEvictDead(report)
        unnecessaryEvictions = report.unnecessaryEvictions
        cloudEdgeBytes = report.traffic?.total
        cloudEdgeBytesDown = report.traffic?.down
        cloudEdgeBytesUp = report.traffic?.up
        eventsProcessed = report.eventsProcessed
        messagesDropped = report.messagesDropped
        messagesLost = report.messagesLost
    }

    static func timeToEvictDead(_ report: RunReport) -> SimTime? {
        var longest: SimTime?
        for span in report.powerSpans {
            let last = report.timeline.last { event in
                guard case .podEvicted = event.kind, event.node == span.node else { return false }
                return span.contains(event.time)
            }
            if let last { longest = max(longest ?? .zero, last.time - span.off) }
        }
        return longest
    }

    /// The fields of the golden text report's `# summary` line, frozen: metrics added later
    /// appear in `--format metrics` and sweeps, not in the goldens.
    public static let summaryNames = [
        "evictions", "unnecessary_evictions", "endpoint_unavailable_s", "max_endpoint_gap_s", "pods_restarted",
        "pods_scheduled", "nodes_noexecute_tainted", "taints_noexecute",
    ]

    /// Every metric's name, in output order (the sweep CSV's metric columns).
    public static let names = [
        "evictions", "unnecessary_evictions", "endpoint_unavailable_s", "max_endpoint_gap_s", "time_to_evict_dead_s",
        "pods_restarted", "pods_scheduled", "nodes_noexecute_tainted", "taints_noexecute", "cloud_edge_bytes",
        "cloud_edge_bytes_down", "cloud_edge_bytes_up",
        "events_processed", "messages_dropped", "messages_lost",
    ]

    /// Name, value pairs in the order of `names`; durations in seconds with millisecond
    /// precision; nil for a metric that does not apply to the run (JSON null, an empty CSV cell).
    public var fields: [(name: String, value: String?)] {
        let all: [(name: String, value: String?)] = [
            ("evictions", "\(evictions)"),
            ("unnecessary_evictions", "\(unnecessaryEvictions)"),
            ("endpoint_unavailable_s", endpointUnavailable.secondsText),
            ("max_endpoint_gap_s", maxEndpointGap.secondsText),
            ("time_to_evict_dead_s", timeToEvictDead?.secondsText),
            ("pods_restarted", "\(podsRestarted)"),
            ("pods_scheduled", "\(podsScheduled)"),
            ("nodes_noexecute_tainted", "\(nodesNoExecuteTainted)"),
            ("taints_noexecute", "\(taintsNoExecute)"),
            ("cloud_edge_bytes", cloudEdgeBytes.map { "\($0)" }),
            ("cloud_edge_bytes_down", cloudEdgeBytesDown.map { "\($0)" }),
            ("cloud_edge_bytes_up", cloudEdgeBytesUp.map { "\($0)" }),
            ("events_processed", "\(eventsProcessed)"),
            ("messages_dropped", "\(messagesDropped)"),
            ("messages_lost", "\(messagesLost)"),
        ]
        assert(all.map(\.name) == Self.names, "Metrics.names lists every field in order")
        return all
    }
}
