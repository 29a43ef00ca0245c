@testable import EdgeSim
import Foundation
import Testing

/// kube-scheduler's default spreading and tie-break, checked against the upstream plugin's
/// definition (k8s: podtopologyspread/scoring.go PreScore, Score, NormalizeScore;
/// schedule_one.go selectHost), written out here with float64 as upstream computes it.
@Suite("TopologySpread")
struct TopologySpreadTests {
    /// A cluster of `zones[i]`-zoned nodes (nil: no zone label) with `counts[i]` pods of `web`
    /// on node i, node i tainted unreachable:NoSchedule when `tainted[i]`.
    static func cluster(zones: [String?], counts: [Int], tainted: [Bool]) -> (APIServer, PodObject) {
        var api = APIServer()
        for (index, zone) in zones.enumerated() {
            api.register(HandBuilt.node(index, labels: zone.map { [ZoneLabels.zone: $0] } ?? [:]))
            if tainted[index] { api.addTaint(NodeID(index), .unreachableNoSchedule, now: .zero) }
        }
        api.addWorkload(Workload(id: WorkloadID(0), name: "web", kind: .deployment, replicas: 0, eligibleNodes: nil,
                                 tolerations: [], service: nil))
        for (index, count) in counts.enumerated() {
            for _ in 0..<count {
                let pod = api.createPod(name: "web-\(api.pods.count)", workload: WorkloadID(0), tolerations: [], now: .zero)
                api.bind(pod, to: NodeID(index), now: .zero)
            }
        }
        let incoming = api.createPod(name: "web-new", workload: WorkloadID(0), tolerations: [], now: .zero)
        return (api, api.pods[incoming.index])
    }

    /// The plugin's definition: the nodes with the top normalised score (weight 2; the other
    /// plugins are flat for these pods).
    static func upstreamBest(_ api: APIServer, _ pod: PodObject) -> [Int] {
        let filtered = api.nodes.filter { Scheduler().isSchedulable($0, for: pod) }
        guard !filtered.isEmpty else { return [] }
        let zoneOf = { (node: NodeObject) in node.labels[ZoneLabels.zone] }
        // PreScore: domains of the filtered nodes ("" for a node without the label).
        let domains = Set(filtered.map { zoneOf($0) ?? "" })
        var zonePods: [String: Int] = [:]
        for node in api.nodes where domains.contains(zoneOf(node) ?? "") {
            zonePods[zoneOf(node) ?? "", default: 0] += api.activePods(of: pod.workload, on: node.id)
        }
        let hostnameWeight = log(Double(filtered.count + 2)), zoneWeight = log(Double(domains.count + 2))
        // Score: Σ cnt × weight + (maxSkew − 1), rounded.
        let raw = filtered.map { node -> Int64 in
            var score = Double(api.activePods(of: pod.workload, on: node.id)) * hostnameWeight + 2
            if let zone = zoneOf(node) { score += Double(zonePods[zone]!) * zoneWeight + 4 }
            return Int64(score.rounded(.toNearestOrAwayFromZero))
        }
        // NormalizeScore.
        let low = raw.min()!, high = raw.max()!
        let normalised = raw.map { high == 0 ? 100 : 100 * (high + low - $0) / high }
        let best = normalised.max()!
        return zip(filtered, normalised).filter { $0.1 == best }.map(\.0.id.index).sorted()
    }

    @Test("the best nodes are exactly those of the plugin's definition, over many random clusters")
    func matchesTheUpstreamDefinition() {
        var random = SeededRandom(seed: 22)
        for _ in 0..<500 {
            let count = 1 + Int(random.uniform(below: 12))
            let zones = (0..<count).map { _ -> String? in
                let draw = random.uniform(below: 4)
                return draw == 3 ? nil : "z\(draw)"
            }
            let counts = (0..<count).map { _ in Int(random.uniform(below: 4)) }
            let tainted = (0..<count).map { _ in random.chance(ppm: 200_000) }
            let (api, pod) = Self.cluster(zones: zones, counts: counts, tainted: tainted)
            let spread = TopologySpread(for: pod, scheduler: Scheduler(), api: api)
            let expected = Self.upstreamBest(api, pod)
            #expect(spread.bestNodes.map(\.index).sorted() == expected, "zones \(zones) counts \(counts) tainted \(tainted)")
            #expect(spread.bestCount == expected.count)
        }
    }

    @Test("spreading is soft: a node with a pod wins over an empty one when its zone has fewer pods")
    func spreadingIsSoft() {
        // a-0 holds 1 pod (zone a: 1); b-1, b-2 hold 2 and 1, b-3 none (zone b: 3).
        // Raw: a-0 = 1 × ln 6 + 2 + 1 × ln 4 + 4 = 9.18 → 9; b-3 = 0 + 2 + 3 × ln 4 + 4 = 10.16 → 10.
        let (api, pod) = Self.cluster(zones: ["a", "b", "b", "b"], counts: [1, 2, 1, 0], tainted: [false, false, false, false])
        let spread = TopologySpread(for: pod, scheduler: Scheduler(), api: api)
        #expect(spread.rawScore(count: 1, zone: 0) == 9)
        #expect(spread.rawScore(count: 0, zone: 1) == 10)
        #expect(spread.bestNodes == [NodeID(0)])
    }

    @Test("a bind moves the node up and its zone on: the next pod goes elsewhere")
    func bindsCount() {
        let (api, pod) = Self.cluster(zones: ["a", "a", "b"], counts: [0, 0, 0], tainted: [false, false, false])
        var spread = TopologySpread(for: pod, scheduler: Scheduler(), api: api)
        #expect(spread.bestCount == 3)
        let first = spread.bind(choice: 2)
        #expect(first == NodeID(2))
        #expect(spread.bestNodes.map(\.index).sorted() == [0, 1], "zone b now has a pod, zone a none")
        _ = spread.bind(choice: 0)
        #expect(spread.bestNodes.map(\.index) == [1])
    }

    // k8s: selectHost — reservoir sampling: each of the n top-scored nodes with probability 1/n.
    @Test("selectHost picks uniformly among tied nodes over many pods")
    func tieBreakIsUniform() {
        let scheduler = Scheduler(seed: 5)
        var counts = Array(repeating: 0, count: 4)
        for index in 0..<8_000 {
            let pod = PodObject(id: PodID(index), name: "web-\(index)", workload: WorkloadID(0), created: .zero, node: nil, tolerations: [])
            counts[scheduler.selectHost(pod, among: 4)] += 1
        }
        // Expected 2,000 each, standard deviation about 39: a χ² with 3 degrees of freedom
        // below 16.3 (p = 0.001).
        let chiSquared = counts.reduce(0.0) { $0 + pow(Double($1 - 2_000), 2) / 2_000 }
        #expect(chiSquared < 16.3, "\(counts)")
        // The draw is the pod's own: the same pod and seed, the same node.
        let pod = PodObject(id: PodID(0), name: "web-0", workload: WorkloadID(0), created: .zero, node: nil, tolerations: [])
        #expect(scheduler.selectHost(pod, among: 4) == scheduler.selectHost(pod, among: 4))
    }
}
