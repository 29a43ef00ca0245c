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
    /// Distinct nodes powered off during the run (in a breakdown by workload or kind: those
    /// carrying pods of the group when they died).
    public var deadNodes = 0
    /// Nodes still powered off at the end of the run with a Deployment or StatefulSet pod on
    /// them that was never evicted while they were off.
    public var deadNodesNeverEvicted = 0
    /// From a node's power-off until its Deployment and StatefulSet pods are evicted, the
    /// longest over power-offs; a pod never evicted while the node was off counts until the
    /// node came back or the run ended (then the figure is a lower bound). Nil when no node died
    /// with such pods on it.
    public var timeToEvictDead: SimTime?
    /// The same, the median over power-offs (nearest rank: the lower of two middles).
    public var timeToEvictDeadP50: SimTime?
    /// Endpoint-seconds listed ready while the pod behind them could not serve: its node was
    /// powered off, or the pod had not yet restarted after power returned.
    public var blackholedEndpoint = SimTime.zero
    /// Unnecessary evictions whose replacement found no feasible node when it was created (it
    /// waited Pending) or was never created by the end of the run.
    public var evictionsStranded = 0
    /// Pod-seconds spent unscheduled: from each pod's creation to its binding (or deletion, or
    /// the end of the run).
    public var podsPending = SimTime.zero
    public var podsScheduled = 0
    /// Bytes between the cloud and the edge, both ways; nil for modes that do not count them.
    public var cloudEdgeBytes: Int64?
    public var cloudEdgeBytesDown: Int64?
    public var cloudEdgeBytesUp: Int64?
    public var eventsProcessed = 0
    public var messagesDropped = 0
    public var messagesLost = 0
    /// The part of the run counted; a breakdown's metrics that do not split its way are null.
    public let scope: MetricsScope

    /// The whole run's metrics: folded while it ran when it streamed its timeline, else
    /// folded over the timeline it holds.
    public init(_ report: RunReport) {
        if let folded = report.folded?.metrics { self = folded } else { self.init(report, scope: nil) }
    }

    /// A part of the run (`--by`), folded over the timeline the run holds.
    public init(_ report: RunReport, scope: MetricsScope) { self.init(report, scope: Optional(scope)) }

    private init(_ report: RunReport, scope: MetricsScope?) {
        var fold = MetricsFold(services: report.services, podCount: report.podNames.count, nodeCount: report.nodeNames.count,
                               scope: scope)
        for event in report.timeline { fold.add(event, powerChanges: report.powerChanges) }
        self = fold.finish(report)
    }

    /// What `MetricsFold.finish` worked out, with the figures read at the end of the run.
    init(_ report: RunReport, scope: MetricsScope, history: PodHistory, evictions: Int, podsRestarted: Int, podsScheduled: Int,
         taintsNoExecute: Int, nodesTainted: Int, endpoints: (unavailable: SimTime, longest: SimTime), blackholed: SimTime) {
        self.scope = scope
        self.evictions = evictions
        self.podsRestarted = podsRestarted
        self.podsScheduled = podsScheduled
        self.taintsNoExecute = taintsNoExecute
        nodesNoExecuteTainted = nodesTainted
        (endpointUnavailable, maxEndpointGap) = endpoints
        blackholedEndpoint = blackholed
        let dead = DeadNodes(report, history, scope)
        (deadNodes, deadNodesNeverEvicted, timeToEvictDead, timeToEvictDeadP50) = (dead.nodes, dead.neverEvicted, dead.longest, dead.median)
        let unneeded = report.unnecessaryEvictionPods.filter { scope.pods[$0.index] }
        unnecessaryEvictions = unneeded.count
        evictionsStranded = Self.stranded(unneeded, report, history)
        podsPending = Self.pending(report, history, scope)
        cloudEdgeBytes = report.traffic?.total
        cloudEdgeBytesDown = report.traffic?.down
        cloudEdgeBytesUp = report.traffic?.up
        eventsProcessed = report.eventsProcessed
        messagesDropped = report.messagesDropped
        messagesLost = report.messagesLost
    }

    /// The fields of the golden text report's `# summary` line, frozen: metrics added later
    /// appear in `--format metrics` and sweeps, not in the goldens. The dead-node, black-hole,
    /// stranded and Pending figures joined it because a summary without them pointed at the
    /// wrong framework (a SuperEdge run that never evicted a dead store looked best).
    public static let summaryNames = [
        "evictions", "unnecessary_evictions", "endpoint_unavailable_s", "max_endpoint_gap_s", "pods_restarted",
        "pods_scheduled", "nodes_noexecute_tainted", "taints_noexecute",
        "time_to_evict_dead_s", "dead_nodes_never_evicted", "blackholed_endpoint_s", "evictions_stranded", "pods_pending_s",
    ]

    /// Every metric's name, in output order (the sweep CSV's metric columns).
    public static let names = [
        "evictions", "unnecessary_evictions", "endpoint_unavailable_s", "max_endpoint_gap_s", "time_to_evict_dead_s",
        "pods_restarted", "pods_scheduled", "nodes_noexecute_tainted", "taints_noexecute",
        "dead_nodes", "dead_nodes_never_evicted", "time_to_evict_dead_p50_s", "blackholed_endpoint_s", "evictions_stranded",
        "pods_pending_s", "cloud_edge_bytes",
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
            ("dead_nodes", "\(deadNodes)"),
            ("dead_nodes_never_evicted", "\(deadNodesNeverEvicted)"),
            ("time_to_evict_dead_p50_s", timeToEvictDeadP50?.secondsText),
            ("blackholed_endpoint_s", blackholedEndpoint.secondsText),
            ("evictions_stranded", "\(evictionsStranded)"),
            ("pods_pending_s", podsPending.secondsText),
            ("cloud_edge_bytes", cloudEdgeBytes.map { "\($0)" }),
            ("cloud_edge_bytes_down", cloudEdgeBytesDown.map { "\($0)" }),
            ("cloud_edge_bytes_up", cloudEdgeBytesUp.map { "\($0)" }),
            ("events_processed", "\(eventsProcessed)"),
            ("messages_dropped", "\(messagesDropped)"),
            ("messages_lost", "\(messagesLost)"),
        ]
        assert(all.map(\.name) == Self.names, "Metrics.names lists every field in order")
        let notApplicable = scope.notApplicable
        return all.map { notApplicable.contains($0.name) ? ($0.name, nil) : $0 }
    }
}
