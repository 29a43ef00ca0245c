/// The edge-health agent's on-demand path (`World.Options.edgeHealthOnDemand`): a vote that
/// reads only what can change an annotation, and the rounds of probes and row sends replayed
/// while nothing they depend on changes. Proven against the straightforward path by
/// `EdgeHealthEquivalenceTests` (byte-identical timelines and metrics).
extension EdgeHealthAgent {
    /// The straightforward vote's first step — a counted row older than the vote timeout stops
    /// counting — as one pass over the peer records in memory order instead of a lookup per
    /// member of the check set (a counted peer is always a member). Measured on a 1,000-node
    /// set: 2 G instructions a simulated hour; a wheel of expiry times, one entry per received
    /// row, cost 9.5 G and 16 bytes or more per pair.
    mutating func expireRows(now: SimTime, timeout: SimTime) {
        for slot in peers.expire(now: now, timeout: timeout) { distinct[Int(slot)].counted -= 1 }
    }

    // superedge: vote.VoteEdge.Vote, as `vote(now:settings:)`, but only for the targets whose
    // verdict can change an annotation: those annotated now (`annotated`, sorted) and those some
    // counted row says are not normal (nothing else can reach the "no" threshold). A verdict
    // on any other target is a `clear` of a node that has no annotation, which the caller
    // drops. Each candidate is counted by looking it up in each distinct row (sorted targets):
    // O(candidates × distinct rows × log N) instead of O(distinct rows × N).
    mutating func voteOnDemand(now: SimTime, settings: EdgeHealthSettings, annotated: [NodeID]) -> [Verdict] {
        expireRows(now: now, timeout: settings.voteTimeout)
        let checkers = distinct.reduce(0) { $0 + $1.counted }
        guard checkers > 1 else { return [] }
        var candidates = annotated
        for entry in distinct where entry.counted > 0 { candidates.append(contentsOf: entry.notNormal) }
        candidates.sort { $0.index < $1.index }
        let needed = Int32(checkSet.count + 1)
        var verdicts: [Verdict] = []
        var previous = -1
        for target in candidates where target.index != previous {
            previous = target.index
            let (yes, no) = tally(target, byHolders: false)
            if 2 * yes >= needed { verdicts.append(.clear(target)) }
            else if 2 * no >= needed { verdicts.append(.annotate(target)) }
        }
        return verdicts
    }

    /// A target's "yes" and "no" over the distinct rows, each row weighted by how many counted
    /// checkers hold it, or (`byHolders`) by how many records hold it at all, a bound on that.
    private func tally(_ target: NodeID, byHolders: Bool) -> (yes: Int32, no: Int32) {
        var yes: Int32 = 0, no: Int32 = 0
        for entry in distinct {
            let weight = Int32(byHolders ? entry.holders : entry.counted)
            guard weight > 0, let position = Self.position(of: target, in: entry.row.targets) else { continue }
            if entry.row.normal[position] { yes += weight } else { no += weight }
        }
        return (yes, no)
    }

    /// Whether a vote now could change an annotation. Judged from how many records hold each
    /// row content (`holders`), which only a new row changes, not from how many of them still
    /// count, which every refresh and expiry changes: a target's "yes" and "no" are at most
    /// its holders' sums. While this says no, the vote can be skipped with its expiry — a
    /// later vote expires the same records, since a record's stamp moves only with a send —
    /// and the pending refreshes (`RowRefreshes`) stay unwritten. In a quiet set with one node
    /// cut off and annotated, that is every vote.
    ///
    /// `nodes`: the API server's, whose annotations the caller's verdicts are checked against.
    /// (Mutating only so that the call works on the agent in place: a copy of the agent
    /// retained each of its arrays, 20 % of a SuperEdge fleet's run.)
    mutating func mayChangeAnnotation(annotated: [NodeID], nodes: [NodeObject]) -> Bool {
        func isAnnotated(_ target: NodeID) -> Bool { nodes[target.index].annotations[EdgeHealthSettings.annotation] != nil }
        guard distinct.reduce(0, { $0 + $1.holders }) > 1 else { return false }
        let needed = Int32(checkSet.count + 1)
        func mayChange(_ target: NodeID) -> Bool {
            let (yes, no) = tally(target, byHolders: true)
            return isAnnotated(target) ? 2 * yes >= needed : 2 * no >= needed
        }
        if annotated.contains(where: mayChange) { return true }
        return distinct.contains { $0.holders > 0 && $0.notNormal.contains(where: mayChange) }
    }

    /// Binary search in a row's targets, which follow the check set's (node) order.
    static func position(of target: NodeID, in targets: [NodeID]) -> Int? {
        var low = 0, high = targets.count
        while low < high {
            let middle = (low + high) / 2
            if targets[middle].index < target.index { low = middle + 1 } else { high = middle }
        }
        return low < targets.count && targets[low] == target ? low : nil
    }
}

/// What a probe round decided: the row and when the round returns.
struct ProbeOutcome: Sendable {
    let row: HealthRow
    let slowest: SimTime
}

/// What a send round decided: the one-way delay to each member of the check set in µs, in the
/// set's order (-1: not reached; the sender itself is -1 too), and when the round returns if
/// the row it sent was not empty (an empty row is sent to no one).
struct SendRound: Sendable {
    let delays: [Int64]
    let slowest: SimTime
}

/// A round of messages whose outcome is a function of the network's state alone, because none
/// of them drew a random number (no jitter and no partial loss on their routes, or no route at
/// all): replayed, message counts included, while the network's revision and the check set
/// stand. In a quiet 1,000-node set a check probes 999 peers every 10 s to learn what it knew.
struct MessageRound<Outcome: Sendable>: Sendable {
    let networkRevision: Int
    let checkSetGeneration: Int
    let dropped: Int
    let lost: Int
    let outcome: Outcome

    func stands(networkRevision: Int, checkSetGeneration: Int) -> Bool {
        self.networkRevision == networkRevision && self.checkSetGeneration == checkSetGeneration
    }
}

/// What a round's memo is taken against: the agent's random stream (a round that drew from
/// it is not replayable), the network's message counts and revision, and the check set.
struct RoundStart {
    let random: SeededRandom
    let dropped: Int
    let lost: Int
    let networkRevision: Int
    let checkSetGeneration: Int

    init(_ agent: EdgeHealthAgent, _ network: Network) {
        random = agent.random
        dropped = network.droppedMessages
        lost = network.lostMessages
        networkRevision = network.revision
        checkSetGeneration = agent.checkSetGeneration
    }

    /// The round just sent as a memo, or nil if it drew a random number.
    func memo<Outcome>(_ outcome: Outcome, _ agent: EdgeHealthAgent, _ network: Network) -> MessageRound<Outcome>? {
        guard agent.random == random, network.revision == networkRevision else { return nil }
        return MessageRound(networkRevision: networkRevision, checkSetGeneration: checkSetGeneration,
                            dropped: network.droppedMessages - dropped, lost: network.lostMessages - lost, outcome: outcome)
    }
}
