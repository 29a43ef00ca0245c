/// Row sends that only refreshed what every receiver already held, kept by sender instead of
/// written into each receiver's peer record (`World.Options.edgeHealthOnDemand`).
///
/// In a quiet check set every daemon PUTs the same row to every peer each communicate period,
/// and a receiver that already holds that version only moves the record's stamp: a 1,000-node
/// set wrote 60 M stamps a simulated hour, 70 % of its run, that no vote read. A round is such
/// a refresh when it sends the version the sender's last record-writing round delivered, in
/// the same `epoch`, over the same check set, and reaches no receiver that round did not (such
/// a receiver may hold an older version): a replayed memo, or a round drawn again after a
/// network change that only cut receivers off. It is kept here as one entry, and a receiver's
/// records are brought up to date only when a vote has to count them
/// (`SuperEdge.bringUpToDate`). The sender's next round first writes the pending refresh out
/// to the receivers that round does not reach (`takePending`), so a pending refresh is always
/// its sender's newest round and a record's stamp always its newest send's.
struct RowRefreshes: Sendable {
    /// One send round not written out: when it was sent, the version it refreshed, and the
    /// memo's delays with the check set they follow (both shared, not copied).
    struct Refresh: Sendable {
        let sentAt: SimTime
        let version: Int
        let round: SendRound
        let checkSet: [NodeID]
    }

    /// What a sender's last round that wrote records delivered: the row version, the epoch it
    /// was sent in, and whom it reached (a bit per member of its check set: the delays
    /// themselves would be a second array as long as the set per sender).
    private struct Delivered: Sendable {
        let version: Int
        let epoch: Int
        let reached: [UInt64]
        let checkSet: [NodeID]

        func reaches(_ position: Int) -> Bool { reached[position >> 6] & 1 << UInt64(position & 63) != 0 }
    }

    private var pending: NodeSlots<Refresh>
    private var delivered: [Delivered?]
    /// Bumped by every daemon reset: a receiver that lost its records needs the whole row
    /// again, so no sender's next round may be a refresh.
    private var epoch = 0
    /// How many senders have a refresh pending: a receiver is brought up to date for free
    /// while there is none.
    var pendingCount: Int { pending.count }

    init(nodeCount: Int) {
        pending = NodeSlots(nodeCount: nodeCount)
        delivered = Array(repeating: nil, count: nodeCount)
    }

    /// Whether a round of `version` from `sender`, replaying its memo, only refreshes: the
    /// memo's round reached no one the delivering round did not.
    func onlyRefreshes(_ sender: NodeID, version: Int) -> Bool {
        guard let delivered = delivered[sender.index] else { return false }
        return delivered.version == version && delivered.epoch == epoch
    }

    /// Whether a round of `version` from `sender` with these delays over `checkSet` only
    /// refreshes: every receiver it reaches holds that version from the delivering round.
    func onlyRefreshes(_ sender: NodeID, version: Int, reaching delays: [Int64], checkSet: [NodeID]) -> Bool {
        guard onlyRefreshes(sender, version: version), let delivered = delivered[sender.index],
              delivered.checkSet == checkSet else { return false }
        return delays.indices.allSatisfy { delays[$0] < 0 || delivered.reaches($0) }
    }

    mutating func keep(_ refresh: Refresh, from sender: NodeID) { pending.set(sender, refresh) }

    /// The sender's pending refresh, removed: the caller writes it out (to the receivers its
    /// next round does not reach).
    mutating func takePending(_ sender: NodeID) -> Refresh? { pending.take(sender) }

    func pending(_ sender: Int) -> Refresh? { pending[sender] }

    /// A round that wrote every receiver's record: `version` now held by each it reached.
    mutating func delivered(_ sender: NodeID, version: Int, round: SendRound, checkSet: [NodeID]) {
        var reached = Array(repeating: UInt64(0), count: (round.delays.count + 63) / 64)
        for (position, delay) in round.delays.enumerated() where delay >= 0 { reached[position >> 6] |= 1 << UInt64(position & 63) }
        delivered[sender.index] = Delivered(version: version, epoch: epoch, reached: reached, checkSet: checkSet)
    }

    mutating func daemonReset() { epoch += 1 }
}

extension RowRefreshes.Refresh {
    /// The stamp this round put on `receiver`'s record, nil if it did not reach it.
    func stamp(at receiver: NodeID) -> SimTime? {
        guard let position = EdgeHealthAgent.position(of: receiver, in: checkSet), round.delays[position] >= 0 else { return nil }
        return sentAt + .microseconds(round.delays[position])
    }
}
