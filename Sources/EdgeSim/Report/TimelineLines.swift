/// One timeline event as each event-listing format prints it: a text line, a JSON line, a CSV
/// row. The held renderers (`TimelineRenderer`, `EventCSVRenderer`) and the streaming ones
/// (`TimelineTextStream`) both print through here, so a streamed timeline is byte for byte
/// the held one.
enum TimelineLines {
    /// `# scenario NAME [variant V] mode M kubernetes K seed S duration D`: all known before the run.
    static func textHeader(scenario: String, variant: String?, mode: Mode, kubernetes: KubernetesVersion, seed: UInt64,
                           duration: SimTime) -> String {
        var out = "# scenario \(scenario)"
        if let variant { out += " variant \(variant)" }
        return out + " mode \(mode.rawValue) kubernetes \(kubernetes) seed \(seed) duration \(duration)\n"
    }

    /// The text format's subject column: as wide as the longest node name, fault subject, zone
    /// (`zone:NAME`) or pool (`pool:NAME`) the scenario declares, at least 9; worked out from
    /// the compiled scenario so that it is known before the first line is printed.
    static func subjectWidth(_ compiled: CompiledScenario) -> Int {
        var width = max(9, compiled.nodes.map(\.name.count).max() ?? 0)
        for fault in compiled.faults where fault.at <= compiled.duration { width = max(width, fault.subject.count) }
        for zone in Set(compiled.nodes.map(\.zoneKey)) { width = max(width, ZoneLabels.displayName(zone).count + 5) }
        if compiled.scenario.mode == .openyurt {
            for pool in compiled.pools { width = max(width, pool.name.count + 5) }
        }
        return width
    }

    /// `+00:05:42.100  gz-3  taint-added  node.kubernetes.io/unreachable:NoExecute`.
    static func text<Names: TimelineNames>(_ event: TimelineEvent, _ names: Names, width: Int) -> String {
        let subject: String
        let detail: String
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
            subject = names.nodeName(event.node) ?? "-"
            detail = textDetail(event, names)
        }
        var line = event.time.clock + "  " + subject.padded(to: width) + "  " + event.name.padded(to: 18) + "  " + detail
        while line.hasSuffix(" ") { line.removeLast() }
        return line + "\n"
    }

    static func textDetail<Names: TimelineNames>(_ event: TimelineEvent, _ names: Names) -> String {
        let pod = names.podName(event.pod) ?? ""
        switch event.kind {
        case .nodeReadyChanged(let status): return "Ready=\(status.rawValue)"
        case .taintAdded(let taint), .taintRemoved(let taint): return taint
        case .annotationAdded(let a), .annotationRemoved(let a): return a
        case .endpointAdded(let service), .endpointRemoved(let service): return "\(service)  \(pod)"
        case .tolerationsChanged(let tolerations): return "\(pod)  \(tolerations)"
        case .podEvicted(let condition?), .podDrained(let condition?): return "\(pod)  \(condition)"
        case .leaderElected(let pool): return "pool \(pool)"
        case .leaderLost(let pool, let reason): return "pool \(pool)  \(reason)"
        case .edgeHubDisconnected(let reason): return reason
        default: return pod
        }
    }

    /// One JSON object, keys sorted: `time_ms`, `event`, `node`, `pod` and the event's own
    /// fields (a pod's `workload` and `kind` included).
    static func json<Names: TimelineNames>(_ event: TimelineEvent, _ names: Names) -> String {
        var fields: [(String, String)] = [("event", JSONObject.quote(event.name)), ("time_ms", String(event.time.milliseconds))]
        if let node = names.nodeName(event.node) { fields.append(("node", JSONObject.quote(node))) }
        if let pod = names.podName(event.pod) { fields.append(("pod", JSONObject.quote(pod))) }
        if let variant = names.variant { fields.append(("variant", JSONObject.quote(variant))) }
        fields += event.fields(names).map { ($0.name, JSONObject.quote($0.value)) }
        var object = JSONObject()
        for (key, value) in fields.sorted(by: { $0.0 < $1.0 }) { object.add(key, raw: value) }
        return object.text + "\n"
    }

    /// One row of `EventCSVRenderer.header`'s columns.
    static func csv<Names: TimelineNames>(_ event: TimelineEvent, _ names: Names) -> String {
        var node = names.nodeName(event.node) ?? ""
        // A fault on a node (its access link, a DROP rule from it, its power) names it.
        if case .fault(let subject, _, _) = event.kind, node.isEmpty, names.isNodeName(subject) { node = subject }
        let fields = event.fields(names)
        let named = TimelineEvent.fieldNames.map { name in fields.first { $0.name == name }?.value ?? "" }
        let cells = [event.time.secondsText, event.name, node, names.podName(event.pod) ?? "", EventCSVRenderer.detail(event)] + named
        return cells.map(SweepCSV.cell).joined(separator: ",") + "\n"
    }
}
