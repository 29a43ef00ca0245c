@testable import EdgeSim
import Testing

/// `vote.VoteEdge.Vote` case by case: the (N+1)/2 threshold over the whole check set, fresh and
/// stale rows, silence when alone, and hysteresis when neither side reaches the threshold.
struct EdgeHealthVoteTests {
    static let settings = EdgeHealthSettings()

    /// A voter (node 0) in a check set of `n` nodes, holding its own row and the rows of
    /// `peers`, each row judging node `n - 1` as `targetNormal[peer]`.
    static func voter(n: Int, own: Bool?, peers: [(index: Int, normal: Bool, age: SimTime)], now: SimTime = .seconds(1_000)) -> [EdgeHealthAgent.Verdict] {
        let nodes = (0..<n).map {
            NodeObject(id: NodeID($0), name: "n\($0)", host: HostID($0 + 1), labels: [:], zoneKey: "", ready: .true,
                       creation: .zero, excludedFromDisruption: false)
        }
        var agent = EdgeHealthAgent(node: NodeID(0), host: HostID(1), nodeCount: n, random: SeededRandom(seed: 1))
        agent.refreshCheckSet(nodes: nodes, labelGeneration: 0, settings: settings)
        let target = NodeID(n - 1)
        if let own {
            agent.pendingRow = HealthRow(targets: [target], normal: [own])
            agent.commitCheck()
        }
        for peer in peers {
            agent.receive(HealthRow(targets: [target], normal: [peer.normal]), from: NodeID(peer.index), at: now - peer.age)
        }
        return agent.vote(now: now, settings: settings)
    }

    static func fresh(_ indices: [Int], normal: Bool) -> [(index: Int, normal: Bool, age: SimTime)] {
        indices.map { ($0, normal, SimTime.seconds(5)) }
    }

    @Test("the threshold is (N+1)/2 votes of the whole check set, as a real number",
          arguments: [(2, 2), (3, 2), (4, 3), (5, 3), (6, 4)])
    func thresholdFollowsCheckSetSize(n: Int, needed: Int) {
        // own + (needed - 1) peers say abnormal: exactly the threshold; one fewer is not enough.
        let enough = Self.voter(n: n, own: false, peers: Self.fresh(Array(1..<needed), normal: false))
        #expect(enough == [.annotate(NodeID(n - 1))], "N=\(n) needs \(needed)")
        let short = Self.voter(n: n, own: false, peers: Self.fresh(Array(1..<(needed - 1)), normal: false)
                               + Self.fresh(Array(needed..<n), normal: true))
        #expect(!short.contains(.annotate(NodeID(n - 1))), "N=\(n): \(needed - 1) votes are not enough")
    }

    @Test("a node that holds only one checker's row never votes")
    func aloneIsSilent() {
        #expect(Self.voter(n: 5, own: false, peers: []).isEmpty)
        #expect(Self.voter(n: 2, own: true, peers: []).isEmpty)
        #expect(Self.voter(n: 3, own: nil, peers: Self.fresh([1], normal: false)).isEmpty)
    }

    @Test("rows older than the vote timeout do not count")
    func staleRowsAreIgnored() {
        let stale: [(index: Int, normal: Bool, age: SimTime)] = [(1, false, .seconds(61)), (2, false, .seconds(90))]
        #expect(Self.voter(n: 5, own: false, peers: stale).isEmpty)
        let justFresh: [(index: Int, normal: Bool, age: SimTime)] = [(1, false, .seconds(60)), (2, false, .seconds(10))]
        #expect(Self.voter(n: 5, own: false, peers: justFresh) == [.annotate(NodeID(4))])
    }

    @Test("a majority saying normal clears the annotation")
    func majorityNormalClears() {
        #expect(Self.voter(n: 5, own: true, peers: Self.fresh([1, 2], normal: true)) == [.clear(NodeID(4))])
    }

    @Test("a 2 to 2 tie in a set of four decides nothing")
    func tieIsSticky() {
        // own + 1 say abnormal, 2 say normal: 2 of 4 is short of 3 on both sides.
        let peers = Self.fresh([1], normal: false) + Self.fresh([2, 3], normal: true)
        #expect(Self.voter(n: 4, own: false, peers: peers).isEmpty)
    }

    @Test("rows lost on the way count as absent, not as votes")
    func lostRowsDoNotVote() {
        // N = 6, threshold 3: own + one peer say abnormal, three peers' rows never arrived.
        #expect(Self.voter(n: 6, own: false, peers: Self.fresh([1], normal: false)).isEmpty)
    }
}
