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
    private(set) var checks: [ParkedLoop?]
    private(set) var votes: [ParkedLoop?]
    private(set) var parkedChecks = 0
    private(set) var parkedVotes = 0

    init(nodeCount: Int) {
        checks = Array(repeating: nil, count: nodeCount)
        votes = Array(repeating: nil, count: nodeCount)
    }

    mutating func parkCheck(_ node: NodeID, _ loop: ParkedLoop) {
        if checks[node.index] == nil { parkedChecks += 1 }
        checks[node.index] = loop
    }

    mutating func parkVote(_ node: NodeID, _ loop: ParkedLoop) {
        if votes[node.index] == nil { parkedVotes += 1 }
        votes[node.index] = loop
    }

    mutating func unparkCheck(_ node: NodeID) -> ParkedLoop? {
        guard let loop = checks[node.index] else { return nil }
        checks[node.index] = nil
        parkedChecks -= 1
        return loop
    }

    mutating func unparkVote(_ node: NodeID) -> ParkedLoop? {
        guard let loop = votes[node.index] else { return nil }
        votes[node.index] = nil
        parkedVotes -= 1
        return loop
    }
}
