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
        var out = TimelineLines.textHeader(scenario: report.scenario, variant: report.variant, mode: report.mode,
                                           kubernetes: report.kubernetesVersion, seed: report.seed, duration: report.duration)
        var placementPrinted = false
        for event in view.events(of: report) {
            if view.summarises && TimelineView.isInitialPlacement(event) {
                guard !placementPrinted else { continue }
                placementPrinted = true
                out += TimelineView.initialPlacementLines(of: report.timeline, report, at: event.time, width: report.subjectWidth)
                continue
            }
            out += TimelineLines.text(event, report, width: report.subjectWidth)
        }
        return out + summaryLines(Metrics(report), traffic: report.traffic)
    }

    /// The `# summary` line and, for a run that counts them, the `# bandwidth` line: the text
    /// format's last lines. In the order of `summaryNames`: fields that joined later come
    /// last, so goldens diff cleanly.
    static func summaryLines(_ metrics: Metrics, traffic: CloudEdgeTraffic?) -> String {
        let fields = metrics.fields
        var out = "# summary " + Metrics.summaryNames.map { name in
            "\(name)=\((fields.first { $0.name == name }?.value ?? nil) ?? "null")"
        }.joined(separator: " ") + "\n"
        if let traffic { out += bandwidthLine(traffic) }
        return out
    }

    /// The cloud-edge bytes of a run that counts them, by resource (down+up).
    static func bandwidthLine(_ traffic: CloudEdgeTraffic) -> String {
        "# bandwidth cloud_edge_bytes=\(traffic.total) down=\(traffic.down) up=\(traffic.up) "
            + CloudEdgeTraffic.Resource.allCases.map { "\($0.name)=\(traffic.bytes($0))" }.joined(separator: " ") + "\n"
    }

    /// The widest subject of a hand-built report's timeline (a simulated run's report takes
    /// it from its scenario, `TimelineLines.subjectWidth`).
    static func longestFaultSubject(_ timeline: [TimelineEvent]) -> Int {
        timeline.reduce(0) { longest, event in
            switch event.kind {
            case .fault(let s, _, _): max(longest, s.count)
            case .zoneStateChanged(let zone, _): max(longest, zone.count + 5)
            case .coordinatorReady(let pool), .coordinatorNotReady(let pool, _): max(longest, pool.count + 5)
            default: longest
            }
        }
    }

    /// One JSON object per event (`TimelineLines.json`).
    public static func jsonLines(_ report: RunReport, view: TimelineView = .whole) -> String {
        view.events(of: report).map { TimelineLines.json($0, report) }.joined()
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
