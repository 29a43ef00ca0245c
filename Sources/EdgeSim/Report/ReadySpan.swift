/// A stretch during which the API server held a node's Ready condition as something other than
/// True (Unknown after the grace period, or False), from the timeline's `node-ready-changed`
/// events. What the SVG draws as a band and the trace as a slice.
public struct ReadySpan: Sendable, Equatable {
    public var node: NodeID
    public var status: ConditionStatus
    public var start: SimTime
    /// The run's end when the node was still not Ready then.
    public var end: SimTime

    /// Every span of every node, in order of their start (then node).
    public static func spans(_ report: RunReport) -> [ReadySpan] {
        var open = Array<ReadySpan?>(repeating: nil, count: report.nodeNames.count)
        var spans: [ReadySpan] = []
        for event in report.timeline {
            guard case .nodeReadyChanged(let status) = event.kind, let node = event.node else { continue }
            if var current = open[node.index] {
                if current.status == status { continue }
                current.end = event.time
                spans.append(current)
                open[node.index] = nil
            }
            if status != .true { open[node.index] = ReadySpan(node: node, status: status, start: event.time, end: report.duration) }
        }
        spans += open.compactMap { $0 }
        return spans.sorted { ($0.start, $0.node) < ($1.start, $1.node) }
    }
}
