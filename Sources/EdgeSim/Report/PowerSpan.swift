/// A node losing or regaining power, as it happened in a run (a second `power-off` of a node
/// that is already off is not a change).
public struct PowerChange: Sendable, Equatable {
    public var node: NodeID
    public var time: SimTime
    public var powered: Bool
}

/// A stretch during which a node was really dead: powered off at `off`, back at `on` (nil when
/// the run ended with it still off).
public struct PowerSpan: Sendable, Equatable {
    public var node: NodeID
    public var off: SimTime
    public var on: SimTime?

    public init(node: NodeID, off: SimTime, on: SimTime?) {
        self.node = node; self.off = off; self.on = on
    }

    /// Pairs each power-off with the next power-on of the same node, in the order they happened.
    public static func spans(_ changes: [PowerChange]) -> [PowerSpan] {
        var spans: [PowerSpan] = []
        var open: [NodeID: Int] = [:]
        for change in changes {
            if !change.powered {
                open[change.node] = spans.count
                spans.append(PowerSpan(node: change.node, off: change.time, on: nil))
            } else if let index = open.removeValue(forKey: change.node) {
                spans[index].on = change.time
            }
        }
        return spans
    }

    /// Whether the node was still off at `time`.
    public func contains(_ time: SimTime) -> Bool { time >= off && on.map { time < $0 } ?? true }
}
