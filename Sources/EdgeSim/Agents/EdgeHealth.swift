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
    public static let empty = HealthRow(targets: [], normal: [])

    func sameContent(as other: HealthRow) -> Bool { targets == other.targets && normal == other.normal }
}

/// The edge-health daemon on one node (superedge pkg/edge-health): it probes its check set,
/// sends its row to its peers, and votes on the rows it holds.
///
/// Votes are tallied incrementally: a row is added to the counts when it starts to count and
/// subtracted when it is replaced or expires, so a vote costs one pass over the check set
/// rather than one over every entry of every row (1,000-node groups stay fast).
public struct EdgeHealthAgent: Sendable {
    public let node: NodeID
    public let host: HostID
    /// The node's check set, itself included, sorted.
    public private(set) var checkSet: [NodeID] = []
    private var checkSetGeneration = -1
    /// This node's own row, from its last finished check.
    public private(set) var ownRow = HealthRow.empty
    /// The row of the check under way, committed when the check returns.
    var pendingRow = HealthRow.empty
    /// The last row received from each peer and when it arrived (receiver's clock), by node index.
    public private(set) var peerRows: [(row: HealthRow, stamp: SimTime)?]
    /// Whether each peer's row is in the tallies (present, fresh, from the check set).
    private var counted: [Bool]
    private var yes: [Int32]
    private var no: [Int32]
    /// Checkers whose row is counted, own included: upstream's healthNodeMap.
    private var countedCheckers = 0
    public var random: SeededRandom

    public init(node: NodeID, host: HostID, nodeCount: Int, random: SeededRandom) {
        self.node = node; self.host = host; self.random = random
        peerRows = Array(repeating: nil, count: nodeCount)
        counted = Array(repeating: false, count: nodeCount)
        yes = Array(repeating: 0, count: nodeCount)
        no = Array(repeating: 0, count: nodeCount)
    }

    /// A reboot loses everything held in memory.
    mutating func reset() {
        let count = peerRows.count
        ownRow = .empty
        pendingRow = .empty
        peerRows = Array(repeating: nil, count: count)
        counted = Array(repeating: false, count: count)
        yes = Array(repeating: 0, count: count)
        no = Array(repeating: 0, count: count)
        countedCheckers = 0
    }

    // superedge: check.GetNodeList — recomputed when labels change, so a relabel takes effect
    // at the next check period.
    mutating func refreshCheckSet(nodes: [NodeObject], labelGeneration: Int, settings: EdgeHealthSettings) {
        guard labelGeneration != checkSetGeneration else { return }
        checkSetGeneration = labelGeneration
        checkSet = Self.checkSet(of: node, nodes: nodes, settings: settings)
        retally()
    }

    public static func checkSet(of id: NodeID, nodes: [NodeObject], settings: EdgeHealthSettings) -> [NodeID] {
        let workers = nodes.filter { $0.labels[EdgeHealthSettings.masterLabel] == nil }.map(\.id)
        guard settings.multiRegion else { return workers }
        guard let group = nodes[id.index].labels[settings.zoneLabel] else {
            return settings.unlabeledChecksAll ? nodes.map(\.id) : [id]
        }
        return nodes.filter { $0.labels[settings.zoneLabel] == group }.map(\.id)
    }

    mutating func commitCheck() {
        var row = pendingRow
        if row.sameContent(as: ownRow) { return }
        row.version = ownRow.version + 1
        tally(ownRow, -1)
        if ownRow.targets.isEmpty && !row.targets.isEmpty { countedCheckers += 1 }
        ownRow = row
        tally(ownRow, +1)
    }

    // superedge: communicate.Server SetResult — stamped with the receiver's clock.
    mutating func receive(_ row: HealthRow, from sender: NodeID, at stamp: SimTime) {
        let index = sender.index
        let previous = peerRows[index]
        peerRows[index] = (row, stamp)
        if counted[index], let previous, previous.row.version == row.version, previous.row.targets.count == row.targets.count {
            return  // a refresh: same content, new stamp
        }
        if counted[index] { uncount(index, previous!.row) }
        if sender != node, !row.targets.isEmpty, isChecked(sender) { count(index, row) }
    }

    private func isChecked(_ id: NodeID) -> Bool {
        var low = 0, high = checkSet.count
        while low < high {
            let mid = (low + high) / 2
            if checkSet[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < checkSet.count && checkSet[low] == id
    }

    private mutating func count(_ index: Int, _ row: HealthRow) {
        counted[index] = true
        countedCheckers += 1
        tally(row, +1)
    }

    private mutating func uncount(_ index: Int, _ row: HealthRow) {
        counted[index] = false
        countedCheckers -= 1
        tally(row, -1)
    }

    private mutating func tally(_ row: HealthRow, _ delta: Int32) {
        for (target, normal) in zip(row.targets, row.normal) {
            if normal { yes[target.index] += delta } else { no[target.index] += delta }
        }
    }

    /// Rebuilds the tallies from scratch: after the check set changed.
    private mutating func retally() {
        for index in yes.indices { yes[index] = 0; no[index] = 0; counted[index] = false }
        countedCheckers = ownRow.targets.isEmpty ? 0 : 1
        tally(ownRow, +1)
        for sender in checkSet where sender != node {
            if let entry = peerRows[sender.index], !entry.row.targets.isEmpty { count(sender.index, entry.row) }
        }
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
        for sender in checkSet where sender != node && counted[sender.index] {
            if let entry = peerRows[sender.index], now > entry.stamp + settings.voteTimeout { uncount(sender.index, entry.row) }
        }
        guard countedCheckers > 1 else { return [] }
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
