extension Metrics {
    /// Endpoint-seconds listed ready while the pod behind them could not serve: from its node's
    /// power-off until the pod restarted (or its object was deleted). Traffic sent there is lost.
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
                // Power returning does not bring the pods back: their restart does.
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
}
