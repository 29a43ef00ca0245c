/// The edge-health agent's on-demand path (`World.Options.edgeHealthOnDemand`): a vote that
/// reads only what can change an annotation, and the rounds of probes and row sends replayed
/// while nothing they depend on changes. Proven against the straightforward path by
/// `EdgeHealthEquivalenceTests` (byte-identical timelines and metrics).
extension EdgeHealthAgent {
    /// Records that `sender`'s row counts as of its current stamp, for `expireRows`.
    mutating func trackExpiry(of sender: Int) {
        if let timeout = expiryTimeout { expiries.push(stamp: peers[sender].stamp, sender: Int32(sender), timeout: timeout) }
    }

    /// The straightforward vote's first step — a counted row older than the vote timeout stops
    /// counting — from the rows' arrival times in order instead of a pass over the check set
    /// (a 1,000-node set read a million peers a minute to expire a few).
    mutating func expireRows(now: SimTime, timeout: SimTime) {
        var expired: [Int32] = []
        expiries.expire(now: now, timeout: timeout) { entry in
            // An older entry of a sender whose row has been refreshed since is stale.
            let peer = peers[Int(entry.sender)]
            if peer.counted, peer.hasRow, peer.stamp == entry.stamp { expired.append(entry.sender) }
        }
        // A sender can be listed twice (a refresh and a check-set change both record the same
        // stamp): it stops counting once.
        for sender in expired where peers[Int(sender)].counted { setCounted(Int(sender), false) }
    }

    // superedge: vote.VoteEdge.Vote, as `vote(now:settings:)`, but only for the targets whose
    // verdict can change an annotation: those annotated now (`annotated`, sorted) and those some
    // counted row says are not normal (nothing else can reach the "no" threshold). A verdict
    // on any other target is a `clear` of a node that has no annotation, which the caller
    // drops. Each candidate is counted by looking it up in each distinct row (sorted targets):
    // O(candidates × distinct rows × log N) instead of O(distinct rows × N).
    mutating func voteOnDemand(now: SimTime, settings: EdgeHealthSettings, annotated: [NodeID]) -> [Verdict] {
        expireRows(now: now, timeout: expiryTimeout ?? settings.voteTimeout)
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
            var yes: Int32 = 0, no: Int32 = 0
            for entry in distinct where entry.counted > 0 {
                guard let position = Self.position(of: target, in: entry.row.targets) else { continue }
                if entry.row.normal[position] { yes += Int32(entry.counted) } else { no += Int32(entry.counted) }
            }
            if 2 * yes >= needed { verdicts.append(.clear(target)) }
            else if 2 * no >= needed { verdicts.append(.annotate(target)) }
        }
        return verdicts
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

/// The counted rows by when they expire (stamp + vote timeout), in one-second buckets on a
/// ring: a push is an append and a vote reads only the buckets it has reached. A binary heap
/// here cost 10 G of a 1,000-node set's 25 G instructions (a push per received row, a pop per
/// expiry, at about 300 instructions each).
struct ExpiryWheel: Sendable {
    struct Entry: Sendable {
        let stamp: SimTime
        let sender: Int32
    }
    /// 128 s of buckets: past the 60 s vote timeout plus a period, so entries for later
    /// seconds sharing a bucket (kept, not expired) are rare.
    private static let slots = 128
    private static let width = SimTime.seconds(1).microseconds
    private var ring: [[Entry]] = []
    /// The first second not yet read to its end.
    private var cursor: Int64 = 0

    mutating func push(stamp: SimTime, sender: Int32, timeout: SimTime) {
        if ring.isEmpty { ring = Array(repeating: [], count: Self.slots) }
        let second = max((stamp + timeout).microseconds / Self.width, cursor)
        ring[Int(second % Int64(Self.slots))].append(Entry(stamp: stamp, sender: sender))
    }

    /// Calls `expire` for every entry with `now > stamp + timeout`, in no meaningful order (each
    /// only clears a flag), and drops them.
    mutating func expire(now: SimTime, timeout: SimTime, _ expire: (Entry) -> Void) {
        guard !ring.isEmpty else { return }
        let last = now.microseconds / Self.width
        var second = cursor
        while second <= last, second < cursor + Int64(Self.slots) {
            let slot = Int(second % Int64(Self.slots))
            if !ring[slot].isEmpty {
                var kept = 0
                for index in ring[slot].indices {
                    let entry = ring[slot][index]
                    if now > entry.stamp + timeout { expire(entry) } else { ring[slot][kept] = entry; kept += 1 }
                }
                ring[slot].removeLast(ring[slot].count - kept)
            }
            second += 1
        }
        cursor = max(cursor, last)
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
