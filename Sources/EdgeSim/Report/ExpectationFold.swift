/// A run's `expect` lines judged event by event: each keeps only what it needs (a count, a
/// status, per-node taint counts, the anchor's time), so a streamed run is judged without its
/// timeline. `ExpectationChecker.check` folds a held timeline through it.
struct ExpectationFold {
    private var states: [State]

    /// What one expectation has seen so far.
    private struct State {
        let expectation: Expectation
        /// The scope's name (`node:NAME` → NAME; "" for `all`).
        let scopeName: String
        var count = 0
        var text: String
        var taintsOfNode: [Int: Int] = [:]
        var anchorTime: SimTime?
        var endTime: SimTime?
    }

    init(_ expectations: [Expectation]) {
        states = expectations.map { e in
            let parts = e.scope.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let initial = switch e.metric {
            case "ready": ConditionStatus.true.rawValue
            case "zone-state": "Normal"
            default: ""
            }
            return State(expectation: e, scopeName: parts.count > 1 ? parts[1] : "", text: initial)
        }
    }

    mutating func add<Names: TimelineNames>(_ event: TimelineEvent, _ names: Names) {
        for index in states.indices { Self.add(event, to: &states[index], names) }
    }

    private static func add<Names: TimelineNames>(_ event: TimelineEvent, to state: inout State, _ names: Names) {
        let e = state.expectation
        func inScope() -> Bool { ExpectationChecker.isIn(event, e.scope, names) }
        if e.timing == .after {
            let anchor = e.anchor!
            // The anchor is the first match; the end is the first match at or after it (the
            // anchor event itself included).
            if state.anchorTime == nil, event.name == anchor.event, ExpectationChecker.isIn(event, anchor.scope, names),
               event.matches(anchor.detail, names) {
                state.anchorTime = event.time
            }
            if state.anchorTime != nil, state.endTime == nil, event.name == e.metric, inScope(), event.matches(e.detail, names) {
                state.endTime = event.time
            }
            return
        }
        guard event.time <= e.time.time else { return }
        switch e.metric {
        case "ready":
            if inScope(), case .nodeReadyChanged(let s) = event.kind { state.text = s.rawValue }
        case "zone-state":
            if case .zoneStateChanged(let zone, let s) = event.kind, zone == state.scopeName || zone.hasSuffix("/" + state.scopeName) {
                state.text = s.rawValue
            }
        case "endpoints":
            guard inScope() else { return }
            if case .endpointAdded = event.kind { state.count += 1 }
            if case .endpointRemoved = event.kind { state.count -= 1 }
        case "tainted-nodes":
            guard inScope(), let node = event.node?.index else { return }
            if case .taintAdded(let t) = event.kind, t.hasSuffix(":NoExecute") { state.taintsOfNode[node, default: 0] += 1 }
            if case .taintRemoved(let t) = event.kind, t.hasSuffix(":NoExecute") { state.taintsOfNode[node, default: 0] -= 1 }
        case "pending":
            return
        default:
            let eventName = Expectation.countMetrics[e.metric]!
            // Without a detail, taints and untaints count NoExecute taints (what evicts).
            let isTaintCount = e.metric == "taints" || e.metric == "untaints"
            if event.name == eventName, inScope(),
               e.detail == nil && isTaintCount ? ExpectationChecker.isNoExecute(event) : event.matches(e.detail, names) {
                state.count += 1
            }
        }
    }

    /// Each expectation's outcome, once every event is in; `history` is the run's pods'.
    func finish(_ report: RunReport, history: PodHistory) -> [ExpectationChecker.Outcome] {
        states.map { state in
            let e = state.expectation
            if e.timing == .after {
                let anchor = e.anchor!
                guard let start = state.anchorTime else {
                    return .init(expectation: e, actual: "no \(anchor.event) \(anchor.scope)" + (anchor.detail.map { " " + $0 } ?? ""),
                                 passed: false)
                }
                guard let end = state.endTime else { return .init(expectation: e, actual: "no \(e.metric) after it", passed: false) }
                let delay = end - start
                let minimum = SimTime.parse(e.value) ?? .zero
                return .init(expectation: e, actual: delay.description, passed: minimum <= delay && delay <= e.time.time)
            }
            let actual: String = switch e.metric {
            case "ready", "zone-state": state.text
            case "tainted-nodes": "\(state.taintsOfNode.values.filter { $0 > 0 }.count)"
            case "pending": "\(Self.pending(state, report, history))"
            default: "\(state.count)"
            }
            return .init(expectation: e, actual: actual, passed: ExpectationChecker.holds(actual, e))
        }
    }

    private static func pending(_ state: State, _ report: RunReport, _ history: PodHistory) -> Int {
        let limit = state.expectation.time.time
        return report.podNames.indices.filter { pod in
            (state.scopeName.isEmpty || report.podWorkloads[pod] == state.scopeName) && report.podCreated[pod] <= limit
                && history.scheduled[pod].map { $0 > limit } ?? true && history.deleted[pod].map { $0 > limit } ?? true
        }.count
    }
}
