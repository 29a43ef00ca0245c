/// The timeline as a CSV event list: `time_s,event,node,pod,detail`, one row per event, for
/// spreadsheets and dataframes. Times are seconds with millisecond decimals.
public enum EventCSVRenderer {
    public static let header = "time_s,event,node,pod,detail\n"

    public static func render(_ report: RunReport) -> String {
        var out = header
        for event in report.timeline {
            var node = report.nodeName(event.node) ?? ""
            let detail: String
            switch event.kind {
            case .fault(let subject, let description, let phase):
                // A fault on a node (its access link, a DROP rule from it, its power) names it.
                if node.isEmpty && report.nodeNames.contains(subject) { node = subject }
                detail = "\(phase.rawValue) \(description)"
            case .zoneStateChanged(let zone, let state): detail = "zone:\(zone) \(state.rawValue)"
            case .nodeReadyChanged(let status): detail = "Ready=\(status.rawValue)"
            case .taintAdded(let taint), .taintRemoved(let taint): detail = taint
            case .endpointAdded(let service), .endpointRemoved(let service): detail = service
            default: detail = ""
            }
            let cells = [event.time.secondsText, event.name, node, report.podName(event.pod) ?? "", detail]
            out += cells.map(SweepCSV.cell).joined(separator: ",") + "\n"
        }
        return out
    }
}
