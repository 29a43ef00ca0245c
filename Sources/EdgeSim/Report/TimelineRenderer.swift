/// The report formats of `edgesim run --format`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, jsonl, metrics, csv, trace, svg

    /// Formats that hold one run per file; the others concatenate runs (or, for trace and svg,
    /// put every run in one document).
    public var isSingleRun: Bool { self == .csv }
}

public enum TimelineRenderer {
    public static func render(_ report: RunReport, as format: ReportFormat) -> String {
        render([report], as: format)
    }

    /// Every run of a scenario in one output: texts and JSON lines one after another, the trace
    /// with one process per run, the SVG with runs stacked. `csv` takes one run.
    public static func render(_ reports: [RunReport], as format: ReportFormat, view: TimelineView = .whole) -> String {
        switch format {
        case .text: return reports.map { text($0, view: view) }.joined(separator: "\n")
        case .jsonl: return reports.map { jsonLines($0, view: view) }.joined()
        case .metrics: return reports.map { metrics($0) }.joined()
        case .csv:
            precondition(reports.count == 1, "the CSV event list holds one run")
            return EventCSVRenderer.render(reports[0], events: view.events(of: reports[0]))
        case .trace: return TraceRenderer.render(reports)
        case .svg: return SVGTimelineRenderer.render(reports)
        }
    }

    /// The golden, human format: one event per line,
    /// `+00:05:42.100  gz-3  taint-added  node.kubernetes.io/unreachable:NoExecute`.
    public static func text(_ report: RunReport, view: TimelineView = .whole) -> String {
        var out = "# scenario \(report.scenario)"
        if let variant = report.variant { out += " variant \(variant)" }
        out += " mode \(report.mode.rawValue) kubernetes \(report.kubernetesVersion) seed \(report.seed) duration \(report.duration)\n"
        let width = max(9, report.nodeNames.map(\.count).max() ?? 0, longestFaultSubject(report))
        var placementPrinted = false
        for event in view.events(of: report) {
            if view.summarises && TimelineView.isInitialPlacement(event) {
                guard !placementPrinted else { continue }
                placementPrinted = true
                for (workload, detail) in TimelineView.initialPlacement(report) {
                    out += event.time.clock + "  " + workload.padded(to: width) + "  " + "initial-placement".padded(to: 18) + "  " + detail + "\n"
                }
                continue
            }
            let subject: String
            var detail: String
            switch event.kind {
            case .fault(let s, let description, let phase):
                subject = s
                detail = "\(phase.rawValue)  \(description)"
            case .zoneStateChanged(let zone, let state):
                subject = "zone:" + zone
                detail = state.rawValue
            case .coordinatorReady(let pool):
                subject = "pool:" + pool
                detail = ""
            case .coordinatorNotReady(let pool, let reason):
                subject = "pool:" + pool
                detail = reason
            default:
                subject = report.nodeName(event.node) ?? "-"
                detail = detailText(event, report)
            }
            out += event.time.clock + "  " + subject.padded(to: width) + "  " + event.name.padded(to: 18) + "  " + detail
            while out.hasSuffix(" ") { out.removeLast() }
            out += "\n"
        }
        // In the order of `summaryNames`: fields that joined later come last, so goldens diff cleanly.
        let fields = Metrics(report).fields
        out += "# summary " + Metrics.summaryNames.map { name in
            "\(name)=\((fields.first { $0.name == name }?.value ?? nil) ?? "null")"
        }.joined(separator: " ") + "\n"
        if let traffic = report.traffic { out += bandwidthLine(traffic) }
        return out
    }

    /// The cloud-edge bytes of a run that counts them, by resource (down+up).
    static func bandwidthLine(_ traffic: CloudEdgeTraffic) -> String {
        "# bandwidth cloud_edge_bytes=\(traffic.total) down=\(traffic.down) up=\(traffic.up) "
            + CloudEdgeTraffic.Resource.allCases.map { "\($0.name)=\(traffic.bytes($0))" }.joined(separator: " ") + "\n"
    }

    static func longestFaultSubject(_ report: RunReport) -> Int {
        report.timeline.reduce(0) { longest, event in
            switch event.kind {
            case .fault(let s, _, _): max(longest, s.count)
            case .zoneStateChanged(let zone, _): max(longest, zone.count + 5)
            case .coordinatorReady(let pool), .coordinatorNotReady(let pool, _): max(longest, pool.count + 5)
            default: longest
            }
        }
    }

    static func detailText(_ event: TimelineEvent, _ report: RunReport) -> String {
        let pod = report.podName(event.pod) ?? ""
        switch event.kind {
        case .nodeReadyChanged(let status): return "Ready=\(status.rawValue)"
        case .taintAdded(let taint), .taintRemoved(let taint): return taint
        case .annotationAdded(let a), .annotationRemoved(let a): return a
        case .endpointAdded(let service), .endpointRemoved(let service): return "\(service)  \(pod)"
        case .tolerationsChanged(let tolerations): return "\(pod)  \(tolerations)"
        case .podEvicted(let condition?): return "\(pod)  \(condition)"
        case .leaderElected(let pool): return "pool \(pool)"
        case .leaderLost(let pool, let reason): return "pool \(pool)  \(reason)"
        case .edgeHubDisconnected(let reason): return reason
        default: return pod
        }
    }

    /// One JSON object per event, keys sorted: `time_ms`, `event`, `node`, `pod` and the
    /// event's own fields (a pod's `workload` and `kind` included).
    public static func jsonLines(_ report: RunReport, view: TimelineView = .whole) -> String {
        var out = ""
        for event in view.events(of: report) {
            var fields: [(String, String)] = [("event", JSONObject.quote(event.name)), ("time_ms", String(event.time.milliseconds))]
            if let node = report.nodeName(event.node) { fields.append(("node", JSONObject.quote(node))) }
            if let pod = report.podName(event.pod) { fields.append(("pod", JSONObject.quote(pod))) }
            if let variant = report.variant { fields.append(("variant", JSONObject.quote(variant))) }
            fields += event.fields(report).map { ($0.name, JSONObject.quote($0.value)) }
            var object = JSONObject()
            for (key, value) in fields.sorted(by: { $0.0 < $1.0 }) { object.add(key, raw: value) }
            out += object.text + "\n"
        }
        return out
    }

    /// One JSON object of summary numbers (keys sorted), with the run's identity; with `by`,
    /// one per group, each with `by` and `group` keys.
    public static func metrics(_ report: RunReport, by grouping: MetricsGrouping? = nil) -> String {
        Metrics.rows(report, by: grouping).map { metrics in
            var fields = metrics.fields.map { ($0.name, $0.value ?? "null") }
            fields += [("mode", JSONObject.quote(report.mode.rawValue)), ("scenario", JSONObject.quote(report.scenario)),
                       ("seed", String(report.seed))]
            if let variant = report.variant { fields.append(("variant", JSONObject.quote(variant))) }
            if let grouping, let group = metrics.scope.group {
                fields += [("by", JSONObject.quote(grouping.text)), ("group", JSONObject.quote(group))]
            }
            var object = JSONObject()
            for (key, value) in fields.sorted(by: { $0.0 < $1.0 }) { object.add(key, raw: value) }
            return object.text + "\n"
        }.joined()
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
