/// The heartbeat oracle: a steady kubelet's periodic status reports worked out when the Ready
/// heartbeat is read, not sent as events — an optimisation, not upstream behaviour (see
/// `StatusReportChain`). Readers see exactly what the reports' events would have written.
extension APIServer {
    /// The Ready condition's heartbeat as a reader sees it at `now`: reports that landed
    /// strictly before `now` count (one landing at the very instant is a late event still to come).
    mutating func observeHeartbeat(_ node: NodeID, now: SimTime) -> SimTime {
        if hasStatusChain(node), let heartbeat = statusChains[Int(statusChainSlot[node.index])].advance(before: now) {
            nodes[node.index].readyHeartbeat = heartbeat
        }
        return nodes[node.index].readyHeartbeat
    }

    func hasStatusChain(_ node: NodeID) -> Bool { !statusChainSlot.isEmpty && statusChainSlot[node.index] >= 0 }

    /// Starts working a kubelet's reports out on read.
    mutating func startStatusChain(_ node: NodeID, _ chain: StatusReportChain) {
        if statusChainSlot.isEmpty { statusChainSlot = Array(repeating: -1, count: nodes.count) }
        precondition(statusChainSlot[node.index] < 0, "one chain per kubelet")
        statusChainSlot[node.index] = Int32(statusChains.count)
        statusChains.append(chain)
    }

    /// Ends a kubelet's chain once worked out to `time` (sends and landings strictly before it),
    /// and returns it for the event path to take over what is left; nil if there is none.
    mutating func endStatusChain(_ node: NodeID, before time: SimTime) -> StatusReportChain? {
        guard hasStatusChain(node) else { return nil }
        _ = observeHeartbeat(node, now: time)
        let slot = Int(statusChainSlot[node.index])
        statusChainSlot[node.index] = -1
        // The last chain takes the freed place.
        statusChains.swapAt(slot, statusChains.count - 1)
        let chain = statusChains.removeLast()
        if slot < statusChains.count { statusChainSlot[statusChains[slot].node.index] = Int32(slot) }
        return chain
    }
}
