/// Daemon loops parked on demand (`World.Options.edgeHealthOnDemand`): a loop whose next rounds
/// would change nothing books no events until something they read changes.
///
/// In a quiet check set a check round replays its memo and finds the row the node holds, and a
/// vote finds no annotation it could change: 12.8 M of the 14.8 M events of `retail-fleet` in
/// superedge mode. Such a loop is parked at the round that found it quiet; its rounds after
/// that are a grid (`anchor + k × step`), each what the parked one was. Whatever can end the
/// quiet wakes the loop (`SuperEdge.wake`), which books the first round of the grid that would
/// have run after the waking event. Loop events are ranked (`SuperEdge.rank`), so where a round
/// at the waking instant would have run follows from its rank. A parked loop of an earlier
/// life is dropped on waking, as its event would have been.
struct ParkedLoop: Sendable, Equatable {
    let life: UInt32
    /// The round that parked the loop; it ran.
    let anchor: SimTime
    let step: SimTime

    /// The first round after the event being handled at `now`: a round at `now` itself is
    /// taken if it would run after that event (`runsAfterCurrent`).
    func nextRound(now: SimTime, runsAfterCurrent: Bool) -> SimTime {
        let rounds = (now - anchor).microseconds / step.microseconds
        let latest = anchor + step * rounds
        return rounds >= 1 && latest == now && runsAfterCurrent ? latest : latest + step
    }
}

/// The parked check and vote loops, by node index.
struct ParkedLoops: Sendable {
    private(set) var checks: NodeSlots<ParkedLoop>
    private(set) var votes: NodeSlots<ParkedLoop>
    var parkedChecks: Int { checks.count }
    var parkedVotes: Int { votes.count }

    init(nodeCount: Int) {
        checks = NodeSlots(nodeCount: nodeCount)
        votes = NodeSlots(nodeCount: nodeCount)
    }

    mutating func parkCheck(_ node: NodeID, _ loop: ParkedLoop) { checks.set(node, loop) }
    mutating func parkVote(_ node: NodeID, _ loop: ParkedLoop) { votes.set(node, loop) }
    mutating func unparkCheck(_ node: NodeID) -> ParkedLoop? { checks.take(node) }
    mutating func unparkVote(_ node: NodeID) -> ParkedLoop? { votes.take(node) }
}
