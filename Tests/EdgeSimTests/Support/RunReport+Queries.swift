@testable import EdgeSim

/// Timeline look-ups by what a reader of the report sees: node names and event names.
extension RunReport {
    /// Events named `name` (`pod-evicted`, `taint-added`, …) about the node called `node`.
    func events(_ name: String, on node: String) -> [TimelineEvent] {
        timeline.filter { $0.name == name && nodeName($0.node) == node }
    }

    func readyChanges(on node: String) -> [(time: SimTime, status: ConditionStatus)] {
        timeline.compactMap { event in
            guard nodeName(event.node) == node, case .nodeReadyChanged(let status) = event.kind else { return nil }
            return (event.time, status)
        }
    }

    func taintEvents(_ name: String, on node: String, taint: Taint) -> [TimelineEvent] {
        events(name, on: node).filter { event in
            switch event.kind {
            case .taintAdded(let text), .taintRemoved(let text): text == taint.description
            default: false
            }
        }
    }
}

extension SimTime {
    /// Whether the time lies in `lower...upper` seconds.
    func isWithin(seconds lower: Int64, _ upper: Int64) -> Bool {
        self >= .seconds(lower) && self <= .seconds(upper)
    }
}

extension RunReport {
    /// Times of events named `name` about the node called `node` (any node when nil).
    func times(_ name: String, node: String? = nil) -> [SimTime] {
        timeline.filter { $0.name == name && (node == nil || nodeName($0.node) == node) }.map(\.time)
    }
}
