/// The timeline as a CSV event list for spreadsheets and dataframes: `time_s,event,node,pod,detail`
/// (the detail as one text), then every event field in a named column (`workload`, `kind`,
/// `status`, `taint`, ... `TimelineEvent.fieldNames`), empty where the event has none. One row
/// per event; times are seconds with millisecond decimals.
public enum EventCSVRenderer {
    public static let header = (["time_s", "event", "node", "pod", "detail"] + TimelineEvent.fieldNames).joined(separator: ",") + "\n"

    public static func render(_ report: RunReport, events: [TimelineEvent]? = nil) -> String {
        var out = header
        for event in events ?? report.timeline { out += TimelineLines.csv(event, report) }
        return out
    }

    /// The detail as one text, for reading: what the named columns hold, joined.
    static func detail(_ event: TimelineEvent) -> String {
        switch event.kind {
        case .fault(_, let description, let phase): "\(phase.rawValue) \(description)"
        case .zoneStateChanged(let zone, let state): "zone:\(zone) \(state.rawValue)"
        case .nodeReadyChanged(let status): "Ready=\(status.rawValue)"
        case .taintAdded(let t), .taintRemoved(let t), .annotationAdded(let t), .annotationRemoved(let t), .tolerationsChanged(let t): t
        case .endpointAdded(let service), .endpointRemoved(let service): service
        case .leaderElected(let pool), .coordinatorReady(let pool): "pool \(pool)"
        case .leaderLost(let pool, let reason), .coordinatorNotReady(let pool, let reason): "pool \(pool) \(reason)"
        case .edgeHubDisconnected(let reason): reason
        case .podNotReady, .podReady, .podEvicted, .podDrained, .podScheduled, .podRestarted, .podDeleted, .edgeHubConnected,
             .cloudHubRefused, .nodeRegistered: ""
        }
    }
}
