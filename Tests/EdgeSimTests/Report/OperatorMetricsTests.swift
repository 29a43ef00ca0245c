@testable import EdgeSim
import Testing

/// The operator's metrics on reports written by hand, every number worked out below.
@Suite("Operator metrics")
struct OperatorMetricsTests {
    // Two nodes, n1 in site s1 and n2 in site s2, a 1000 s run. web (a Deployment of 2 with a
    // Service) and agent (a DaemonSet). n2 dies at 100 s for good: web-2's endpoint stays listed
    // until 160 s, web-2 is evicted at 450 s, its replacement web-3 is created then and bound
    // to n1 at 600 s, listed at 610 s. n1 dies at 700 s for good and nothing on it is evicted.
    static let deadNodes: RunReport = {
        let (n1, n2) = (NodeID(0), NodeID(1))
        let (web1, web2, agent1, agent2, web3) = (PodID(0), PodID(1), PodID(2), PodID(3), PodID(4))
        func at(_ s: Int64, _ kind: TimelineEvent.Kind, _ node: NodeID?, _ pod: PodID? = nil) -> TimelineEvent {
            TimelineEvent(time: .seconds(s), kind: kind, node: node, pod: pod)
        }
        return RunReport(
            duration: .seconds(1000),
            timeline: [
                at(0, .podScheduled, n1, web1), at(0, .podScheduled, n2, web2),
                at(0, .podScheduled, n1, agent1), at(0, .podScheduled, n2, agent2),
                at(0, .endpointAdded(service: "web"), n1, web1), at(0, .endpointAdded(service: "web"), n2, web2),
                at(100, .fault(subject: "n2", description: "power-off n2", phase: .start), n2),
                at(160, .endpointRemoved(service: "web"), n2, web2),
                at(450, .podEvicted(nil), n2, web2),
                at(600, .podScheduled, n1, web3),
                at(610, .endpointAdded(service: "web"), n1, web3),
                at(700, .fault(subject: "n1", description: "power-off n1", phase: .start), n1),
            ],
            nodeNames: ["n1", "n2"], siteOfNode: ["s1", "s2"],
            podNames: ["web-1", "web-2", "agent-n1", "agent-n2", "web-3"], podWorkloadIndex: [0, 0, 1, 1, 0],
            podCreated: [.zero, .zero, .zero, .zero, .seconds(450)],
            workloads: [("web", .deployment, nil), ("agent", .daemonSet, nil)],
            services: [("web", 2)], serviceWorkloads: [0],
            powerSpans: [PowerSpan(node: n2, off: .seconds(100), on: nil), PowerSpan(node: n1, off: .seconds(700), on: nil)])
    }()

    @Test("a dead node never evicted counts to the end of the run, and makes the figure worse")
    func deadNodes() throws {
        let metrics = Metrics(Self.deadNodes)
        #expect(metrics.deadNodes == 2)
        // n1: web-1 and web-3 never evicted while off; n2's web-2 was.
        #expect(metrics.deadNodesNeverEvicted == 1)
        // n2: 450 - 100 = 350 s; n1: 1000 - 700 = 300 s (never evicted: a lower bound).
        #expect(metrics.timeToEvictDead == .seconds(350))
        #expect(metrics.timeToEvictDeadP50 == .seconds(300))
    }

    @Test("the SVG header says a dead node was never evicted rather than how fast it was")
    func svgHeadline() {
        // web is short of 2 endpoints from 160 s (web-2 removed) to 610 s (web-3 added).
        #expect(SVGTimelineRenderer.headline(Metrics(Self.deadNodes)) == [
            "evictions 1 (unnecessary 0)", "endpoints short 450.000s", "black-holed 660.000s", "pods pending 150.000s",
            "1 of 2 dead nodes never evicted (≥ 350.000s)",
        ])
        #expect(SVGTimelineRenderer.headline(Metrics(Self.stranded)).first == "evictions 2 (unnecessary 2, stranded 1)")
    }

    @Test("endpoints listed ready on a dead node are blackholed until removed or the run ends")
    func blackholed() {
        // web-2: 100..160 = 60 s; web-1: 700..1000 = 300 s; web-3: 700..1000 = 300 s.
        #expect(Metrics(Self.deadNodes).blackholedEndpoint == .seconds(660))
    }

    @Test("time spent Pending runs from creation to binding")
    func pending() {
        // web-3: created at 450 s, bound at 600 s.
        #expect(Metrics(Self.deadNodes).podsPending == .seconds(150))
    }

    @Test("a breakdown by site counts each site's nodes and the pods on them")
    func bySite() throws {
        let report = Self.deadNodes
        let scopes = MetricsGrouping.site.scopes(report)
        #expect(scopes.map(\.group) == ["s1", "s2"])
        let s1 = Metrics(report, scope: scopes[0]), s2 = Metrics(report, scope: scopes[1])
        #expect((s1.deadNodes, s1.deadNodesNeverEvicted, s1.timeToEvictDead) == (1, 1, .seconds(300)))
        #expect((s2.deadNodes, s2.deadNodesNeverEvicted, s2.timeToEvictDead) == (1, 0, .seconds(350)))
        #expect(s1.blackholedEndpoint == .seconds(600) && s2.blackholedEndpoint == .seconds(60))
        #expect(s2.evictions == 1 && s1.evictions == 0)
        // A service's gaps do not split by node: null in a node group's row.
        #expect(s1.fields.first { $0.name == "endpoint_unavailable_s" }?.value == nil)
    }

    @Test("a breakdown by workload keeps the DaemonSet apart: it is never moved, so never waited for")
    func byWorkload() {
        let report = Self.deadNodes
        let scopes = MetricsGrouping.workload.scopes(report)
        #expect(scopes.map(\.group) == ["web", "agent"])
        let agent = Metrics(report, scope: scopes[1])
        #expect((agent.deadNodes, agent.deadNodesNeverEvicted, agent.timeToEvictDead) == (2, 0, nil))
        #expect(agent.fields.first { $0.name == "taints_noexecute" }?.value == nil)
        #expect(Metrics(report, scope: scopes[0]).blackholedEndpoint == .seconds(660))
    }

    // One node n1 that keeps running, a 600 s run. pinned (a Deployment of 1 allowed only on
    // n1) has pinned-1 evicted at 100 s from the running node; its replacement pinned-2 is
    // created at 100 s and never placed. roaming (a Deployment of 1 anywhere) has roaming-1
    // evicted at 100 s; roaming-2 is created at 100 s and bound at once.
    static let stranded: RunReport = {
        let n1 = NodeID(0)
        func at(_ s: Int64, _ kind: TimelineEvent.Kind, _ pod: Int, on node: NodeID? = NodeID(0)) -> TimelineEvent {
            TimelineEvent(time: .seconds(s), kind: kind, node: node, pod: PodID(pod))
        }
        return RunReport(
            duration: .seconds(600),
            timeline: [at(0, .podScheduled, 0), at(0, .podScheduled, 2), at(100, .podEvicted(nil), 0), at(100, .podEvicted(nil), 2),
                       at(100, .podScheduled, 3)],
            nodeNames: ["n1"], podNames: ["pinned-1", "pinned-2", "roaming-1", "roaming-2"], podWorkloadIndex: [0, 0, 1, 1],
            podCreated: [.zero, .seconds(100), .zero, .seconds(100)],
            workloads: [("pinned", .deployment, [n1]), ("roaming", .deployment, nil)],
            unnecessaryEvictionPods: [PodID(0), PodID(2)])
    }()

    @Test("an unneeded eviction whose replacement has nowhere to go is stranded; the Pending time shows")
    func strandedEvictions() {
        let metrics = Metrics(Self.stranded)
        #expect(metrics.unnecessaryEvictions == 2)
        #expect(metrics.evictionsStranded == 1)
        // pinned-2 waits from 100 s to the end, 600 s.
        #expect(metrics.podsPending == .seconds(500))
        let byWorkload = MetricsGrouping.workload.scopes(Self.stranded).map { Metrics(Self.stranded, scope: $0) }
        #expect(byWorkload.map(\.evictionsStranded) == [1, 0])
    }

    @Test("the median of time to evict is the lower middle; --by parses its five spellings")
    func parsing() {
        #expect(MetricsGrouping(parsing: "label:store") == .label("store"))
        #expect(MetricsGrouping(parsing: "label:") == nil && MetricsGrouping(parsing: "pods") == nil)
        #expect(["workload", "kind", "zone", "site"].compactMap(MetricsGrouping.init(parsing:)).map(\.text) == ["workload", "kind", "zone", "site"])
    }
}
