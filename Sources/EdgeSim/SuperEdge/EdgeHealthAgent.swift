/// SuperEdge edge-health's knobs, named after its flags and ConfigMap keys
/// (superedge pkg/edge-health/options, v0.9 defaults; see shared/reference/superedge-edge-health.md §2).
public struct EdgeHealthSettings: Sendable, Equatable {
    /// `--healthcheckperiod`
    public var checkPeriod = SimTime.seconds(10)
    /// `--communicateperiod` (60 s from v0.8.2; 10 s before)
    public var communicatePeriod = SimTime.seconds(60)
    /// `--voteperiod`
    public var votePeriod = SimTime.seconds(10)
    /// `--votetimeout`: a peer's row counts for this long after it arrived.
    public var voteTimeout = SimTime.seconds(60)
    /// kubeletauthplugin `timeout=5,retrytime=3`: a dead peer costs 3 × 5 s per check.
    public var probeTimeout = SimTime.seconds(5)
    public var probeRetries = 3
    /// The `/result` PUT's hard-coded client timeout.
    public var communicateTimeout = SimTime.seconds(5)
    /// Multi-region (unit) checking: nodes check only their own group.
    public var multiRegion = false
    /// The label that names a node's group when `multiRegion` is on.
    public var zoneLabel = "tencent.tkeedgehealth/topology-zone"
    /// What a node without the label checks: `self` (the seed and SuperEdge ≤ v0.8.0:
    /// NodeList = [self]) or `all` (v0.8.2+ NodeUnit mode: empty MatchLabels = Everything()).
    public var unlabeledChecksAll = false
    /// Whether the edge-health-admission webhook answers (failurePolicy Ignore: native if not).
    public var admissionAvailable = true
    /// `--always-reachable` on the admission webhook.
    public var alwaysReachable = false

    public init() {}

    /// The annotation peers write on a node they judge dead: the only edge → cloud channel.
    public static let annotation = "nodeunhealth"
    static let masterLabel = "node-role.kubernetes.io/master"
}

/// One node's view in a vote: what its checker saw of each target. `version` changes only
/// when the content does, so a receiver can tell a refresh from a change in O(1).
public struct HealthRow: Sendable, Equatable {
    public var targets: [NodeID]
    public var normal: [Bool]
    public var version = 0
    /// A hash of the content, set when the row is interned (`RowPool`), 0 if not: two rows with
    /// different digests differ, so a comparison of unequal interned rows is O(1), and equal
    /// interned rows share their arrays, which makes the comparison O(1) too.
    var digest: UInt64 = 0
    public static let empty = HealthRow(targets: [], normal: [])

    func sameContent(as other: HealthRow) -> Bool {
        if digest != 0, other.digest != 0, digest != other.digest { return false }
        return targets == other.targets && normal == other.normal
    }
}

/// The edge-health daemon on one node (superedge pkg/edge-health): it probes its check set,
/// sends its row to its peers, and votes on the rows it holds.
///
/// Votes are counted over distinct row contents: in a healthy group almost every row says the
/// same thing, so a vote multiplies a handful of distinct rows by how many checkers hold each,
/// and a row expiring or coming back (which happens every communicate period, since the 60 s
/// period and the 60 s vote timeout race) costs O(1) instead of a pass over the row.
public struct EdgeHealthAgent: Sendable {
    public let node: NodeID
    public let host: HostID
    /// The node's check set, itself included, sorted.
    public private(set) var checkSet: [NodeID] = []
    /// The same set as bits by node index: a received row asks whether its sender counts, and
    /// a binary search per row was a fifth of a 1,000-node group's run.
    private var checkBits: [UInt64] = []
    private(set) var checkSetGeneration = -1
    /// This node's own row, from its last finished check.
    public private(set) var ownRow = HealthRow.empty
    /// The row of the check under way, committed when the check returns.
    var pendingRow = HealthRow.empty
    /// What this node holds of each peer, by node index: one array, so that a received row
    /// touches one place in memory (a 1,000-node group receives a million rows a minute).
    var peers: PeerTable
    /// Row contents held, with how many counted checkers hold each (own row included).
    var distinct: [DistinctRow] = []
    private var ownDistinct = -1
    public var random: SeededRandom
    /// Whether each distinct row keeps the targets it judges not normal, for the on-demand
    /// vote (`World.Options.edgeHealthOnDemand`).
    let tracksNotNormal: Bool
    /// The last probe and send rounds, replayed while the network and check set stand.
    var probeMemo: MessageRound<ProbeOutcome>?
    var sendMemo: MessageRound<SendRound>?

    /// A row content held by some peers (and maybe this node), how many of them count, and
    /// which of its targets it says are not normal (kept only with `tracksNotNormal`).
    struct DistinctRow: Sendable {
        var row: HealthRow
        var counted: Int
        var holders: Int
        var notNormal: [NodeID] = []
    }

    /// Whether a peer's row arrived and which version it was, when it arrived (receiver's
    /// clock), the row's slot in `distinct` (-1 for none or an empty row; the content lives
    /// there), and whether it currently counts. 24 bytes: the row itself here made a record 48
    /// bytes, and reading it to test for nil retained and released two arrays.
    struct Peer: Sendable {
        var version = 0
        var stamp = SimTime.zero
        var distinct: Int32 = -1
        var hasRow = false
        var counted = false
    }

    public init(node: NodeID, host: HostID, nodeCount: Int, random: SeededRandom, tracksNotNormal: Bool = false) {
        self.node = node; self.host = host; self.random = random; self.tracksNotNormal = tracksNotNormal
        peers = PeerTable(nodeCount: nodeCount)
    }


    /// A reboot loses everything held in memory. Row versions carry on, so a peer never takes
    /// a new row for a refresh of one from before the reboot.
    mutating func reset() {
        let version = ownRow.version
        self = EdgeHealthAgent(node: node, host: host, nodeCount: peers.nodeCount, random: random, tracksNotNormal: tracksNotNormal)
        ownRow.version = version
    }

    // superedge: check.GetNodeList — recomputed when labels change, so a relabel takes effect
    // at the next check period.
    mutating func refreshCheckSet(nodes: [NodeObject], labelGeneration: Int, settings: EdgeHealthSettings) {
        guard labelGeneration != checkSetGeneration else { return }
        refreshCheckSet(labelGeneration: labelGeneration, Self.checkSet(of: node, nodes: nodes, settings: settings))
    }

    /// The same, with the set worked out by the caller (`CheckSets`, shared by a group).
    mutating func refreshCheckSet(labelGeneration: Int, _ newSet: [NodeID]) {
        guard labelGeneration != checkSetGeneration else { return }
        checkSetGeneration = labelGeneration
        checkSet = newSet
        checkBits = Array(repeating: 0, count: (peers.nodeCount + 63) / 64)
        for id in checkSet { checkBits[id.index >> 6] |= 1 << UInt64(id.index & 63) }
        for sender in peers.senders where sender != node.index {
            let shouldCount = peers[sender].hasRow && isChecked(NodeID(sender))
            if peers[sender].counted != shouldCount { setCounted(sender, shouldCount) }
        }
    }

    public static func checkSet(of id: NodeID, nodes: [NodeObject], settings: EdgeHealthSettings) -> [NodeID] {
        let workers = nodes.filter { $0.labels[EdgeHealthSettings.masterLabel] == nil }.map(\.id)
        guard settings.multiRegion else { return workers }
        guard let group = nodes[id.index].labels[settings.zoneLabel] else {
            return settings.unlabeledChecksAll ? nodes.map(\.id) : [id]
        }
        return nodes.filter { $0.labels[settings.zoneLabel] == group }.map(\.id)
    }

    /// Returns whether the row changed.
    @discardableResult
    mutating func commitCheck() -> Bool {
        var row = pendingRow
        if row.sameContent(as: ownRow) { return false }
        row.version = ownRow.version + 1
        if ownDistinct >= 0 { release(ownDistinct, counted: true) }
        ownRow = row
        ownDistinct = row.targets.isEmpty ? -1 : hold(row, counted: true)
        return true
    }

    // superedge: communicate.Server SetResult — stamped with the receiver's clock.
    /// Returns whether the rows held changed (not only a stamp).
    @discardableResult
    mutating func receive(_ row: HealthRow, from sender: NodeID, at stamp: SimTime) -> Bool {
        let index = sender.index
        let shouldCount = sender != node && !row.targets.isEmpty && isChecked(sender)
        // One read and one write of the record: the table is a hash while few have sent.
        var peer = peers[index]
        defer { peers[index] = peer }
        if sender != node, peer.hasRow, peer.version == row.version, peer.distinct >= 0 {
            // A refresh: the same row again, only the stamp moves (no array copied).
            peer.stamp = stamp
            if peer.counted != shouldCount { setCounted(&peer, shouldCount) }
            return false
        }
        peer.hasRow = true
        peer.version = row.version
        peer.stamp = stamp
        guard sender != node else { return false }
        if peer.distinct >= 0 { release(Int(peer.distinct), counted: peer.counted) }
        peer.counted = shouldCount
        peer.distinct = row.targets.isEmpty ? -1 : Int32(hold(row, counted: shouldCount))
        return true
    }

    /// A pending refresh (`RowRefreshes`) written into the sender's record: what `receive`
    /// does with a row the record already holds. A record it already wrote is left alone, so
    /// a vote's expiry stands.
    mutating func refresh(from sender: NodeID, version: Int, stamp: SimTime) {
        var peer = peers[sender.index]
        guard peer.hasRow, peer.version == version, peer.distinct >= 0, peer.stamp != stamp else { return }
        peer.stamp = stamp
        if peer.counted != isChecked(sender) { setCounted(&peer, !peer.counted) }
        peers[sender.index] = peer
    }

    func isChecked(_ id: NodeID) -> Bool {
        id.index >> 6 < checkBits.count && checkBits[id.index >> 6] & (1 << UInt64(id.index & 63)) != 0
    }

    mutating func setCounted(_ sender: Int, _ value: Bool) {
        var peer = peers[sender]
        setCounted(&peer, value)
        peers[sender] = peer
    }

    private mutating func setCounted(_ peer: inout Peer, _ value: Bool) {
        peer.counted = value
        if peer.distinct >= 0 { distinct[Int(peer.distinct)].counted += value ? 1 : -1 }
    }

    /// Finds or adds `row`'s content among the distinct rows and takes a hold on it.
    private mutating func hold(_ row: HealthRow, counted isCounted: Bool) -> Int {
        let slot = distinct.firstIndex { $0.holders > 0 && $0.row.sameContent(as: row) }
            ?? distinct.firstIndex { $0.holders == 0 }
            ?? { distinct.append(DistinctRow(row: .empty, counted: 0, holders: 0)); return distinct.count - 1 }()
        if distinct[slot].holders == 0 {
            distinct[slot].row = row
            if tracksNotNormal { distinct[slot].notNormal = zip(row.targets, row.normal).compactMap { $1 ? nil : $0 } }
        }
        distinct[slot].holders += 1
        if isCounted { distinct[slot].counted += 1 }
        return slot
    }

    private mutating func release(_ slot: Int, counted isCounted: Bool) {
        distinct[slot].holders -= 1
        if isCounted { distinct[slot].counted -= 1 }
    }

    /// What one vote decides about one node.
    public enum Verdict: Sendable, Equatable {
        case annotate(NodeID)
        case clear(NodeID)
    }

    // superedge: vote.VoteEdge.Vote
    /// Counts the rows still fresh; a target is judged by at least (N+1)/2 of them, with N the
    /// size of the node's whole check set, not the number of voters, and the division in
    /// floating point upstream: 2 of 2, 2 of 3, 3 of 4, 3 of 5, 4 of 6. Nothing is decided when
    /// only one checker's row counts. Returns verdicts in node order; the caller writes only
    /// those that change the annotation.
    public mutating func vote(now: SimTime, settings: EdgeHealthSettings) -> [Verdict] {
        for sender in checkSet where sender != node && peers[sender.index].counted {
            if peers[sender.index].hasRow, now > peers[sender.index].stamp + settings.voteTimeout { setCounted(sender.index, false) }
        }
        let checkers = distinct.reduce(0) { $0 + $1.counted }
        guard checkers > 1 else { return [] }
        var yes = Array(repeating: Int32(0), count: peers.nodeCount), no = yes
        for entry in distinct where entry.counted > 0 {
            let weight = Int32(entry.counted)
            for (target, normal) in zip(entry.row.targets, entry.row.normal) {
                if normal { yes[target.index] += weight } else { no[target.index] += weight }
            }
        }
        // `float64(votes) >= (float64(N) + 1) / 2`, in integers.
        let needed = Int32(checkSet.count + 1)
        var verdicts: [Verdict] = []
        for index in yes.indices {
            if 2 * yes[index] >= needed { verdicts.append(.clear(NodeID(index))) }
            else if 2 * no[index] >= needed { verdicts.append(.annotate(NodeID(index))) }
        }
        return verdicts
    }
}
