extension Expectation {
    /// Counts of timeline events up to a time (`expect by T ...`).
    public static let countMetrics: [String: String] = [
        "evictions": "pod-evicted", "taints": "taint-added", "untaints": "taint-removed", "scheduled": "pod-scheduled",
        "restarts": "pod-restarted", "deletions": "pod-deleted", "pods-not-ready": "pod-not-ready",
        "endpoint-removals": "endpoint-removed", "endpoint-additions": "endpoint-added",
        "leader-elections": "leader-elected", "leader-losses": "leader-lost", "coordinator-outages": "coordinator-not-ready",
        "annotations": "annotation-added",
        "edgehub-disconnects": "edgehub-disconnected", "edgehub-connects": "edgehub-connected", "session-refusals": "cloudhub-refused",
    ]
    /// States at an instant (`expect at T ...`).
    public static let stateMetrics = ["ready", "endpoints", "zone-state", "tainted-nodes", "pending"]
    /// The count metrics that take a detail: which taints or annotations they count.
    public static let detailMetrics = ["taints", "untaints", "annotations"]
    public static var metrics: [String] { countMetrics.keys.sorted() + stateMetrics }
    public static let operators = ["==", "!=", "<", "<=", ">", ">="]
}

extension Expectation {
    /// The line as the scenario language writes it: `expect variant se by 6m taints node:edge-3 == 1`.
    public var text: String {
        let head = "expect " + (variant.map { "variant \($0) " } ?? "")
        guard let anchor, timing == .after else {
            return head + "\(timing.rawValue) \(time) \(metric) " + (detail.map { $0 + " " } ?? "") + "\(scope) \(op) \(value)"
        }
        let bound = op == "between" ? "between \(value) and \(time)" : "within \(time)"
        return head + "\(metric) \(scope) " + (detail.map { $0 + " " } ?? "") + bound + " after \(anchor.event) \(anchor.scope)"
            + (anchor.detail.map { " " + $0 } ?? "")
    }
}

/// Checks `expect` lines: at load time that they name real things, after a run that they hold.
public enum ExpectationChecker {
    public struct Outcome: Sendable {
        public var expectation: Expectation
        public var actual: String
        public var passed: Bool
        public var text: String { expectation.text }
    }

    /// Names in declaration order (for "did you mean") with a set for lookups, built once per
    /// compile: an expectation is checked in constant time, not by scanning 100,000 nodes.
    struct Names {
        let list: [String]
        let set: Set<String>
        init(_ list: [String]) { self.list = list; set = Set(list) }
    }

    /// What an expectation's names may refer to.
    struct Known {
        var variants, nodes, zones, services, workloads: Names
    }

    static func validate(_ e: Expectation, path: String, known: Known, duration: SimTime, map: SourceMap) throws(ScenarioError) {
        if let variant = e.variant, !known.variants.set.contains(variant) {
            throw map.error(path + ".variant", "unknown variant \(quoted(variant))" + NearMiss.hint(for: variant, among: known.variants.list))
        }
        if e.timing == .after { return try validateInterval(e, path: path, known: known, map: map) }
        if e.anchor != nil { throw map.error(path + ".anchor", "an anchor event belongs to an expectation with timing \"after\"") }
        if e.detail != nil, !Expectation.detailMetrics.contains(e.metric) {
            throw map.error(path + ".detail", "\(quoted(e.metric)) takes no detail; only " + Expectation.detailMetrics.joined(separator: ", ") + " do")
        }
        guard e.time.time <= duration else {
            throw map.error(path + ".time", "expectation at \(e.time.time.spelled) is after the scenario ends (duration \(duration.spelled))")
        }
        let isCount = Expectation.countMetrics[e.metric] != nil
        guard isCount || Expectation.stateMetrics.contains(e.metric) else {
            throw map.error(path + ".metric", "unknown metric \(quoted(e.metric))" + NearMiss.hint(for: e.metric, among: Expectation.metrics))
        }
        if isCount && e.timing != .by { throw map.error(path + ".time", "\(quoted(e.metric)) counts events: write \"by TIME\"") }
        if !isCount && e.timing != .at { throw map.error(path + ".time", "\(quoted(e.metric)) is a state: write \"at TIME\"") }
        guard Expectation.operators.contains(e.op) else {
            throw map.error(path, "unknown operator \(quoted(e.op)); expected one of " + Expectation.operators.joined(separator: " "))
        }
        let allowed: [String] = switch e.metric {
        case "ready": ["node"]
        case "endpoints", "endpoint-removals", "endpoint-additions": ["service", "all"]
        case "zone-state": ["zone"]
        case "taints", "untaints", "tainted-nodes", "annotations": ["node", "zone", "all"]
        case "pending": ["workload", "all"]
        default: ["node", "zone", "workload", "all"]
        }
        try validateScope(e.scope, allowed: allowed, for: e.metric, path: path + ".scope", known: known, map: map)
        switch e.metric {
        case "ready":
            guard ConditionStatus(rawValue: e.value) != nil, e.op == "==" || e.op == "!=" else {
                throw map.error(path + ".value", "expected \"== True\", \"== False\" or \"== Unknown\" (or !=), got \(quoted(e.op + " " + e.value))")
            }
        case "zone-state":
            guard let state = ZoneState(rawValue: e.value), state != .initial, e.op == "==" || e.op == "!=" else {
                throw map.error(path + ".value", "expected == or != and one of Normal, PartialDisruption, FullDisruption, got \(quoted(e.op + " " + e.value))")
            }
        default:
            guard let n = Int(e.value), n >= 0 else { throw map.error(path + ".value", "expected a whole number, got \(quoted(e.value))") }
        }
    }

    static func validateScope(_ scope: String, allowed: [String], for what: String, path: String, known: Known,
                              map: SourceMap) throws(ScenarioError) {
        let parts = scope.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let kind = parts[0], name = parts.count > 1 ? parts[1] : ""
        guard allowed.contains(kind), (kind == "all") == (parts.count == 1), parts.count == 1 || !name.isEmpty else {
            throw map.error(path, "expected a scope " + allowed.map { $0 == "all" ? "all" : "\($0):NAME" }.joined(separator: " or ")
                            + " for \(what), got \(quoted(scope))")
        }
        let names: Names? = switch kind {
        case "node": known.nodes
        case "zone": known.zones
        case "service": known.services
        case "workload": known.workloads
        default: nil
        }
        if kind != "all", let names, !names.set.contains(name) {
            throw map.error(path, "unknown \(kind) \(quoted(name))" + NearMiss.hint(for: name, among: names.list))
        }
    }

    /// `EVENT SCOPE [DETAIL] (within MAX | between MIN and MAX) after EVENT SCOPE [DETAIL]`.
    static func validateInterval(_ e: Expectation, path: String, known: Known, map: SourceMap) throws(ScenarioError) {
        let scopes = ["node", "zone", "workload", "service", "all"]
        guard let anchor = e.anchor else { throw map.error(path, "an \"after\" expectation needs an anchor event") }
        for (event, at) in [(e.metric, path + ".metric"), (anchor.event, path + ".anchor")] where !TimelineEvent.names.contains(event) {
            throw map.error(at, "unknown event \(quoted(event))" + NearMiss.hint(for: event, among: TimelineEvent.names))
        }
        try validateScope(e.scope, allowed: scopes, for: e.metric, path: path + ".scope", known: known, map: map)
        try validateScope(anchor.scope, allowed: scopes, for: anchor.event, path: path + ".anchor.scope", known: known, map: map)
        guard e.op == "within" || e.op == "between" else {
            throw map.error(path, "expected \"within\" or \"between\", got \(quoted(e.op))")
        }
        guard let minimum = SimTime.parse(e.value), minimum <= e.time.time else {
            throw map.error(path + ".value", "expected the shortest delay, no longer than the longest (\(e.time)), got \(quoted(e.value))")
        }
    }

    /// Evaluates every expectation of the run: judged while it ran when it streamed its
    /// timeline, else folded over the timeline it holds.
    public static func check(_ expectations: [Expectation], against report: RunReport) -> [Outcome] {
        if let folded = report.folded, folded.expectations.map(\.expectation) == expectations { return folded.expectations }
        var fold = ExpectationFold(expectations)
        for event in report.timeline { fold.add(event, report) }
        return fold.finish(report, history: PodHistory(report))
    }

    /// Whether a state or count `actual` satisfies the expectation's operator and value.
    static func holds(_ actual: String, _ e: Expectation) -> Bool {
        guard let a = Int(actual), let b = Int(e.value) else { return (e.op == "==") == (actual == e.value) }
        return switch e.op {
        case "==": a == b
        case "!=": a != b
        case "<": a < b
        case "<=": a <= b
        case ">": a > b
        default: a >= b
        }
    }

    /// Whether `event` is in `scope` (`all`, `node:NAME`, `zone:NAME`, `workload:NAME`, `service:NAME`).
    static func isIn<Names: TimelineNames>(_ event: TimelineEvent, _ scope: String, _ names: Names) -> Bool {
        let parts = scope.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let kind = parts[0], name = parts.count > 1 ? parts[1] : ""
        switch kind {
        case "node":
            // A fault is about the node it names (`fault node:p-1 kubelet-stop`).
            if case .fault(let subject, _, _) = event.kind { return subject == name }
            return names.nodeName(event.node).map { $0 == name } ?? false
        case "zone": return event.node.map { names.zone(ofNode: $0) == name } ?? false
        case "workload": return event.pod.map { names.workload(ofPod: $0).name == name } ?? false
        case "service":
            if case .endpointAdded(let s) = event.kind { return s == name }
            if case .endpointRemoved(let s) = event.kind { return s == name }
            return false
        default: return true
        }
    }

    static func isNoExecute(_ event: TimelineEvent) -> Bool {
        switch event.kind {
        case .taintAdded(let t), .taintRemoved(let t): t.hasSuffix(":NoExecute")
        default: false
        }
    }
}
