extension Expectation {
    /// Counts of timeline events up to a time (`expect by T ...`).
    public static let countMetrics: [String: String] = [
        "evictions": "pod-evicted", "taints": "taint-added", "untaints": "taint-removed", "scheduled": "pod-scheduled",
        "restarts": "pod-restarted", "deletions": "pod-deleted", "pods-not-ready": "pod-not-ready",
        "endpoint-removals": "endpoint-removed", "endpoint-additions": "endpoint-added",
        "leader-elections": "leader-elected", "leader-losses": "leader-lost", "coordinator-outages": "coordinator-not-ready",
    ]
    /// States at an instant (`expect at T ...`).
    public static let stateMetrics = ["ready", "endpoints", "zone-state", "tainted-nodes"]
    public static var metrics: [String] { countMetrics.keys.sorted() + stateMetrics }
    public static let operators = ["==", "!=", "<", "<=", ">", ">="]
}

extension Expectation {
    /// The line as the scenario language writes it: `expect variant se by 6m taints node:edge-3 == 1`.
    public var text: String {
        "expect \(variant.map { "variant \($0) " } ?? "")\(timing.rawValue) \(time) \(metric) \(scope) \(op) \(value)"
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
        let parts = e.scope.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let kind = parts[0], name = parts.count > 1 ? parts[1] : ""
        let allowed: [String] = switch e.metric {
        case "ready": ["node"]
        case "endpoints", "endpoint-removals", "endpoint-additions": ["service", "all"]
        case "zone-state": ["zone"]
        case "taints", "untaints", "tainted-nodes": ["node", "zone", "all"]
        default: ["node", "zone", "workload", "all"]
        }
        guard allowed.contains(kind), (kind == "all") == (parts.count == 1), parts.count == 1 || !name.isEmpty else {
            throw map.error(path + ".scope", "expected a scope " + allowed.map { $0 == "all" ? "all" : "\($0):NAME" }.joined(separator: " or ")
                            + " for \(e.metric), got \(quoted(e.scope))")
        }
        let names: Names? = switch kind {
        case "node": known.nodes
        case "zone": known.zones
        case "service": known.services
        case "workload": known.workloads
        default: nil
        }
        if kind != "all", let names, !names.set.contains(name) {
            throw map.error(path + ".scope", "unknown \(kind) \(quoted(name))" + NearMiss.hint(for: name, among: names.list))
        }
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

    /// Evaluates every expectation of the run against its timeline.
    public static func check(_ expectations: [Expectation], against report: RunReport) -> [Outcome] {
        expectations.map { e in
            let actual = value(of: e, in: report)
            let passed: Bool
            if let a = Int(actual), let b = Int(e.value) {
                passed = switch e.op {
                case "==": a == b
                case "!=": a != b
                case "<": a < b
                case "<=": a <= b
                case ">": a > b
                default: a >= b
                }
            } else {
                passed = (e.op == "==") == (actual == e.value)
            }
            return Outcome(expectation: e, actual: actual, passed: passed)
        }
    }

    static func value(of e: Expectation, in report: RunReport) -> String {
        let parts = e.scope.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let kind = parts[0], name = parts.count > 1 ? parts[1] : ""
        let limit = e.time.time
        func inScope(_ event: TimelineEvent) -> Bool {
            switch kind {
            case "node": return report.nodeName(event.node) == name
            case "zone": return event.node.map { report.zoneOfNode[$0.index] == name } ?? false
            case "workload": return event.pod.map { report.podWorkloads[$0.index] == name } ?? false
            case "service":
                if case .endpointAdded(let s) = event.kind { return s == name }
                if case .endpointRemoved(let s) = event.kind { return s == name }
                return false
            default: return true
            }
        }
        let events = report.timeline.prefix { $0.time <= limit }
        switch e.metric {
        case "ready":
            var status = ConditionStatus.true
            for event in events where inScope(event) {
                if case .nodeReadyChanged(let s) = event.kind { status = s }
            }
            return status.rawValue
        case "zone-state":
            var state = "Normal"
            for event in events {
                if case .zoneStateChanged(let zone, let s) = event.kind, zone == name || zone.hasSuffix("/" + name) { state = s.rawValue }
            }
            return state
        case "endpoints":
            var count = 0
            for event in events where inScope(event) {
                if case .endpointAdded = event.kind { count += 1 }
                if case .endpointRemoved = event.kind { count -= 1 }
            }
            return "\(count)"
        case "tainted-nodes":
            var counts: [Int: Int] = [:]
            for event in events where inScope(event) {
                guard let node = event.node?.index else { continue }
                if case .taintAdded(let t) = event.kind, t.hasSuffix(":NoExecute") { counts[node, default: 0] += 1 }
                if case .taintRemoved(let t) = event.kind, t.hasSuffix(":NoExecute") { counts[node, default: 0] -= 1 }
            }
            return "\(counts.values.filter { $0 > 0 }.count)"
        default:
            let eventName = Expectation.countMetrics[e.metric]!
            return "\(events.filter { $0.name == eventName && inScope($0) && (e.metric != "taints" && e.metric != "untaints" || isNoExecute($0)) }.count)"
        }
    }

    static func isNoExecute(_ event: TimelineEvent) -> Bool {
        switch event.kind {
        case .taintAdded(let t), .taintRemoved(let t): t.hasSuffix(":NoExecute")
        default: false
        }
    }
}
