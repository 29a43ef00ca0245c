/// The heartbeat oracle: a steady kubelet's periodic status reports worked out when the Ready
/// heartbeat is read, not sent as events — an optimisation, not upstream behaviour (see
/// `StatusReportChain`). Readers see exactly what the reports' events would have written.
extension APIServer {
    /// The Ready condition's heartbeat as a reader sees it at `now`: reports that landed
    /// strictly before `now` count (one landing at the very instant is a late event still to come).
    mutating func observeHeartbeat(_ node: NodeID, now: SimTime) -> SimTime {
        if !statusChains.isEmpty, let heartbeat = statusChains[node.index]?.advance(before: now) {
            nodes[node.index].readyHeartbeat = heartbeat
        }
        return nodes[node.index].readyHeartbeat
    }

    /// Starts working a kubelet's reports out on read.
    mutating func startStatusChain(_ node: NodeID, _ chain: StatusReportChain) {
        if statusChains.isEmpty { statusChains = Array(repeating: nil, count: nodes.count) }
        statusChains[node.index] = chain
    }

    /// Ends a kubelet's chain once worked out to `time` (sends and landings strictly before it),
    /// and returns it for the event path to take over what is left; nil if there is none.
    mutating func endStatusChain(_ node: NodeID, before time: SimTime) -> StatusReportChain? {
        guard !statusChains.isEmpty, statusChains[node.index] != nil else { return nil }
        _ = observeHeartbeat(node, now: time)
        defer { statusChains[node.index] = nil }
        return statusChains[node.index]
    }
}
