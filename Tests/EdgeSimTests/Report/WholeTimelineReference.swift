@testable import EdgeSim

/// The metrics and expectation checks as they were computed before they became folds: whole
/// passes over a held timeline. Kept as the oracle the folds are compared with
/// (`StreamedTimelineTests`); not used by the program.
enum WholeTimelineReference {
    struct Figures: Equatable {
        var evictions = 0, podsRestarted = 0, podsScheduled = 0, taintsNoExecute = 0, nodesTainted = 0
        var endpointUnavailable = SimTime.zero, maxEndpointGap = SimTime.zero, blackholed = SimTime.zero
    }

    static func figures(of metrics: Metrics) -> Figures {
        Figures(evictions: metrics.evictions, podsRestarted: metrics.podsRestarted, podsScheduled: metrics.podsScheduled,
                taintsNoExecute: metrics.taintsNoExecute, nodesTainted: metrics.nodesNoExecuteTainted,
                endpointUnavailable: metrics.endpointUnavailable, maxEndpointGap: metrics.maxEndpointGap,
                blackholed: metrics.blackholedEndpoint)
    }

    /// What the event loops of `Metrics.init` worked out.
    static func figures(_ report: RunReport, scope: MetricsScope) -> Figures {
        var figures = Figures()
        func inScope(_ pod: PodID?) -> Bool { pod.map { scope.pods[$0.index] } ?? false }
        var tainted = Set<Int>()
        var ready = Array(repeating: 0, count: report.services.count)
        var below = Array<SimTime?>(repeating: nil, count: report.services.count)
        let serviceIndex = Dictionary(uniqueKeysWithValues: report.services.enumerated().map { ($1.name, $0) })
        let countsService = scope.services ?? Array(repeating: false, count: report.services.count)
        func close(_ s: Int, at time: SimTime) {
            guard let start = below[s] else { return }
            figures.endpointUnavailable += time - start
            figures.maxEndpointGap = max(figures.maxEndpointGap, time - start)
            below[s] = nil
        }
        for s in report.services.indices where report.services[s].desired > 0 && countsService[s] { below[s] = .zero }
        for event in report.timeline {
            switch event.kind {
            case .podEvicted where inScope(event.pod): figures.evictions += 1
            case .podRestarted where inScope(event.pod): figures.podsRestarted += 1
            case .podScheduled where inScope(event.pod): figures.podsScheduled += 1
            case .taintAdded(let taint) where taint.hasSuffix(":NoExecute") && event.node.map({ scope.nodes[$0.index] }) ?? false:
                figures.taintsNoExecute += 1
                if let node = event.node { tainted.insert(node.index) }
            case .endpointAdded(let service), .endpointRemoved(let service):
                guard let s = serviceIndex[service], countsService[s] else { break }
                if case .endpointAdded = event.kind { ready[s] += 1 } else { ready[s] -= 1 }
                if ready[s] >= report.services[s].desired { close(s, at: event.time) }
                else if below[s] == nil { below[s] = event.time }
            default: break
            }
        }
        for s in report.services.indices { close(s, at: report.duration) }
        figures.nodesTainted = tainted.count
        figures.blackholed = blackholedEndpoint(report, PodHistory(report), scope)
        return figures
    }

    /// The black-hole pass, power changes rebuilt from the power spans.
    static func blackholedEndpoint(_ report: RunReport, _ history: PodHistory, _ scope: MetricsScope) -> SimTime {
        let podCount = report.podNames.count
        var listed = Array(repeating: false, count: podCount)
        var down = Array(repeating: false, count: podCount)
        var since = Array<SimTime?>(repeating: nil, count: podCount)
        var nodeOff = Array(repeating: false, count: report.nodeNames.count)
        var onNode = Array(repeating: [Int](), count: report.nodeNames.count)
        var total = SimTime.zero
        func update(_ pod: Int, at time: SimTime) {
            let blackholed = listed[pod] && down[pod]
            if blackholed, since[pod] == nil { since[pod] = time }
            if !blackholed, let start = since[pod] { total += time - start; since[pod] = nil }
        }
        let changes = report.powerSpans.flatMap { span in
            [(time: span.off, node: span.node.index, off: true)] + (span.on.map { [(time: $0, node: span.node.index, off: false)] } ?? [])
        }.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        var nextChange = 0
        func applyPower(through time: SimTime) {
            while nextChange < changes.count, changes[nextChange].time <= time {
                let change = changes[nextChange]
                nextChange += 1
                nodeOff[change.node] = change.off
                guard change.off else { continue }
                for pod in onNode[change.node] { down[pod] = true; update(pod, at: change.time) }
            }
        }
        for event in report.timeline {
            applyPower(through: event.time)
            guard let pod = event.pod?.index, scope.pods[pod] else { continue }
            switch event.kind {
            case .podScheduled:
                guard let node = event.node?.index else { break }
                onNode[node].append(pod)
                down[pod] = nodeOff[node]
            case .podRestarted: down[pod] = false
            case .podDeleted:
                down[pod] = false
                if let node = history.node[pod]?.index { onNode[node].removeAll { $0 == pod } }
            case .endpointAdded: listed[pod] = true
            case .endpointRemoved: listed[pod] = false
            default: continue
            }
            update(pod, at: event.time)
        }
        applyPower(through: report.duration)
        for pod in 0..<podCount { if let start = since[pod] { total += report.duration - start } }
        return total
    }

    /// Each expectation's actual value and verdict, as the whole-timeline checker gave them.
    static func outcomes(_ report: RunReport) -> [(actual: String, passed: Bool)] {
        report.expectations.map { e in
            if e.timing == .after { return interval(e, in: report) }
            let actual = value(of: e, in: report)
            return (actual, ExpectationChecker.holds(actual, e))
        }
    }

    static func interval(_ e: Expectation, in report: RunReport) -> (actual: String, passed: Bool) {
        let anchor = e.anchor!
        guard let start = report.timeline.firstIndex(where: {
            $0.name == anchor.event && ExpectationChecker.isIn($0, anchor.scope, report) && $0.matches(anchor.detail, report)
        }) else {
            return ("no \(anchor.event) \(anchor.scope)" + (anchor.detail.map { " " + $0 } ?? ""), false)
        }
        guard let end = report.timeline[start...].first(where: {
            $0.name == e.metric && ExpectationChecker.isIn($0, e.scope, report) && $0.matches(e.detail, report)
        }) else {
            return ("no \(e.metric) after it", false)
        }
        let delay = end.time - report.timeline[start].time
        let minimum = SimTime.parse(e.value) ?? .zero
        return (delay.description, minimum <= delay && delay <= e.time.time)
    }

    static func value(of e: Expectation, in report: RunReport) -> String {
        let parts = e.scope.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts.count > 1 ? parts[1] : ""
        let limit = e.time.time
        func inScope(_ event: TimelineEvent) -> Bool { ExpectationChecker.isIn(event, e.scope, report) }
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
        case "pending":
            let history = PodHistory(report)
            let pending = report.podNames.indices.filter { pod in
                (name.isEmpty || report.podWorkloads[pod] == name) && report.podCreated[pod] <= limit
                    && history.scheduled[pod].map { $0 > limit } ?? true && history.deleted[pod].map { $0 > limit } ?? true
            }
            return "\(pending.count)"
        default:
            let eventName = Expectation.countMetrics[e.metric]!
            let isTaintCount = e.metric == "taints" || e.metric == "untaints"
            return "\(events.filter { $0.name == eventName && inScope($0) && (e.detail == nil && isTaintCount ? ExpectationChecker.isNoExecute($0) : $0.matches(e.detail, report)) }.count)"
        }
    }
}
