extension Metrics {
    /// How the control plane handled nodes that really died (powered off), from the operator's
    /// side: a dead node whose pods are never evicted is the worst case, not a missing sample.
    struct DeadNodes {
        var nodes = 0
        var neverEvicted = 0
        var longest: SimTime?
        var median: SimTime?

        init(_ report: RunReport, _ history: PodHistory, _ scope: MetricsScope) {
            var dead = Set<Int>(), never = Set<Int>()
            var times: [SimTime] = []
            for span in report.powerSpans where scope.nodes[span.node.index] {
                let pods = history.activePods(on: span.node, at: span.off).filter { scope.pods[$0.index] }
                if scope.groupsPods && pods.isEmpty { continue }
                dead.insert(span.node.index)
                let movable = pods.filter { PodHistory.isMovable($0, report) }
                guard !movable.isEmpty else { continue }
                let evictedWhileOff = movable.compactMap { history.evicted[$0.index] }.filter(span.contains)
                if evictedWhileOff.count == movable.count {
                    times.append(evictedWhileOff.max()! - span.off)
                } else {
                    // Not handled while it was dead: it counts as long as it stayed dead.
                    times.append((span.on ?? report.duration) - span.off)
                    if span.on == nil { never.insert(span.node.index) }
                }
            }
            nodes = dead.count
            neverEvicted = never.count
            times.sort()
            longest = times.last
            median = times.isEmpty ? nil : times[(times.count + 1) / 2 - 1]
        }
    }
}
