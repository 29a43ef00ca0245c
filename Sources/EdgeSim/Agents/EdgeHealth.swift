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

/// One node's view in a vote: what its checker saw of each target.
public struct HealthRow: Sendable, Equatable {
    public var targets: [NodeID]
    public var normal: [Bool]
    public static let empty = HealthRow(targets: [], normal: [])
}

/// The edge-health daemon on one node (superedge pkg/edge-health): it probes its check set,
/// sends its row to its peers, and votes on the rows it holds.
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
    public var random: SeededRandom

    public init(node: NodeID, host: HostID, nodeCount: Int, random: SeededRandom) {
        self.node = node; self.host = host; self.random = random
        peerRows = Array(repeating: nil, count: nodeCount)
    }

    /// A reboot loses everything held in memory.
    mutating func reset() {
        ownRow = .empty
        pendingRow = .empty
        peerRows = Array(repeating: nil, count: peerRows.count)
    }

    // superedge: check.GetNodeList — recomputed when labels change, so a relabel takes effect
    // at the next check period.
    mutating func refreshCheckSet(nodes: [NodeObject], labelGeneration: Int, settings: EdgeHealthSettings) {
        guard labelGeneration != checkSetGeneration else { return }
        checkSetGeneration = labelGeneration
        checkSet = Self.checkSet(of: node, nodes: nodes, settings: settings)
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
        ownRow = pendingRow
    }

    // superedge: communicate.Server SetResult — stamped with the receiver's clock.
    mutating func receive(_ row: HealthRow, from sender: NodeID, at stamp: SimTime) {
        peerRows[sender.index] = (row, stamp)
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
    public func vote(now: SimTime, settings: EdgeHealthSettings) -> [Verdict] {
        var rows: [HealthRow] = ownRow.targets.isEmpty ? [] : [ownRow]
        for sender in checkSet where sender != node {
            guard let entry = peerRows[sender.index], now <= entry.stamp + settings.voteTimeout, !entry.row.targets.isEmpty else { continue }
            rows.append(entry.row)
        }
        guard rows.count > 1 else { return [] }
        var yes: [Int: Int] = [:], no: [Int: Int] = [:]
        for row in rows {
            for (target, normal) in zip(row.targets, row.normal) {
                if normal { yes[target.index, default: 0] += 1 } else { no[target.index, default: 0] += 1 }
            }
        }
        // `float64(votes) >= (float64(N) + 1) / 2`, in integers.
        func reaches(_ votes: Int) -> Bool { 2 * votes >= checkSet.count + 1 }
        var verdicts: [Verdict] = []
        for target in Set(yes.keys).union(no.keys).sorted() {
            if reaches(yes[target, default: 0]) { verdicts.append(.clear(NodeID(target))) }
            else if reaches(no[target, default: 0]) { verdicts.append(.annotate(NodeID(target))) }
        }
        return verdicts
    }
}
