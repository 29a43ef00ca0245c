/// Row sends that only refreshed what every receiver already held, kept by sender instead of
/// written into each receiver's peer record (`World.Options.edgeHealthOnDemand`).
///
/// In a quiet check set every daemon PUTs the same row to every peer each communicate period,
/// and a receiver that already holds that version only moves the record's stamp: a 1,000-node
/// set wrote 60 M stamps a simulated hour, 70 % of its run, that no vote read. A send round
/// replayed from its memo (same network, same check set: the same delays) of the version the
/// sender's previous round delivered under the same `epoch` changes nothing but those stamps,
/// so it is kept here as one entry, and a receiver's records are brought up to date only when
/// a vote has to count them (`SuperEdge.bringUpToDate`). The sender's next round that is not
/// such a refresh first writes its pending one out (`takePending`), so a pending refresh is
/// always its sender's newest round and a record's stamp is always its newest send's.
struct RowRefreshes: Sendable {
    /// One send round not written out: when it was sent, the version it refreshed, and the
    /// memo's delays with the check set they follow (both shared, not copied).
    struct Refresh: Sendable {
        let sentAt: SimTime
        let version: Int
        let round: SendRound
        let checkSet: [NodeID]
    }

    /// What a sender's last round delivered: the row version and the epoch it was sent in.
    private struct Delivered: Sendable, Equatable {
        let version: Int
        let epoch: Int
    }

    private var pending: [Refresh?]
    private var delivered: [Delivered?]
    /// Bumped by every daemon reset: a receiver that lost its records needs the whole row
    /// again, so no sender's next round may be a refresh.
    private var epoch = 0
    /// How many senders have a refresh pending: a receiver is brought up to date for free
    /// while there is none.
    private(set) var pendingCount = 0

    init(nodeCount: Int) {
        pending = Array(repeating: nil, count: nodeCount)
        delivered = Array(repeating: nil, count: nodeCount)
    }

    /// Whether a round of `version` from `sender`, replaying its memo, only refreshes.
    func onlyRefreshes(_ sender: NodeID, version: Int) -> Bool {
        delivered[sender.index] == Delivered(version: version, epoch: epoch)
    }

    mutating func keep(_ refresh: Refresh, from sender: NodeID) {
        if pending[sender.index] == nil { pendingCount += 1 }
        pending[sender.index] = refresh
    }

    /// The sender's pending refresh, removed: the caller writes it out before a round that
    /// writes records itself.
    mutating func takePending(_ sender: NodeID) -> Refresh? {
        guard let refresh = pending[sender.index] else { return nil }
        pending[sender.index] = nil
        pendingCount -= 1
        return refresh
    }

    func pending(_ sender: Int) -> Refresh? { pending[sender] }

    /// A round that wrote every receiver's record: `version` now held by each it reached.
    mutating func delivered(_ sender: NodeID, version: Int) {
        delivered[sender.index] = Delivered(version: version, epoch: epoch)
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
