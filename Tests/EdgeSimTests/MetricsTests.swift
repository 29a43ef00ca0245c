@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Metrics")
struct MetricsTests {
    @Test("time to evict a dead node runs from power-off to the last eviction on it while off")
    func timeToEvictDeadOnPowerLoss() throws {
        // rw-1 is powered off at 5m; the 295.065 s pass saw its last renewal (seed 1; the phase is
        // pinned at 0 s), pass 67 (335.0737 s, passes 5.0011 s apart) turns it Unknown and, having
        // written that update, returns 55 ms late, so pass 68 (340.1298 s) queues the taint, which
        // comes at the next tainting pass (3365 × 101.1 ms = 340.2015 s), and the evictions 300 s
        // later: 340.201 s after the power-off.
        let report = try #require(ScenarioRun.reports("power-loss").first)
        #expect(report.powerSpans == [PowerSpan(node: NodeID(2), off: .minutes(5), on: .minutes(15))])
        let metrics = Metrics(report)
        let seconds = try #require(metrics.timeToEvictDead).wholeSeconds
        #expect((340...360).contains(seconds))
        #expect(metrics.fields.first { $0.name == "time_to_evict_dead_s" }?.value == "340.201")
    }

    @Test("time to evict a dead node is null when no node lost power")
    func timeToEvictDeadIsNullWithoutPowerLoss() throws {
        let report = try #require(ScenarioRun.reports("gz-3-disconnect").first)
        #expect(report.powerSpans.isEmpty)
        #expect(Metrics(report).timeToEvictDead == nil)
        #expect(TimelineRenderer.metrics(report).contains("\"time_to_evict_dead_s\":null"))
    }

    @Test("cloud-edge bytes are null for modes that do not count them")
    func cloudEdgeBytesAreNull() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        #expect(Metrics(report).cloudEdgeBytes == nil)
        #expect(TimelineRenderer.metrics(report).contains("\"cloud_edge_bytes\":null"))
    }

    @Test("fields follow the published list of names, and the golden summary keeps its own")
    func fieldsFollowNames() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        #expect(Metrics(report).fields.map(\.name) == Metrics.names)
        let summary = try #require(TimelineRenderer.text(report).split(separator: "\n").last)
        #expect(summary.hasPrefix("# summary evictions=2 "))
        #expect(summary.split(separator: " ").dropFirst(2).map { $0.split(separator: "=")[0] } == Metrics.summaryNames.map { $0[...] })
        // rw-1's endpoints stay listed through the 40 s grace, until the (sliding) pass that marks
        // it Unknown 35.073 s after the power-off; the StatefulSet pod is recreated only once its
        // old object is gone, and bound at once.
        #expect(summary.hasSuffix(" time_to_evict_dead_s=340.201 dead_nodes_never_evicted=0 blackholed_endpoint_s=35.073"
                                  + " evictions_stranded=0 pods_pending_s=0.000"))
    }

    @Test("a power-off that is never undone leaves its span open")
    func openPowerSpan() {
        let spans = PowerSpan.spans([PowerChange(node: NodeID(1), time: .minutes(2), powered: false)])
        #expect(spans == [PowerSpan(node: NodeID(1), off: .minutes(2), on: nil)])
        #expect(spans[0].contains(.minutes(60)))
    }
}

@Suite("Metrics of a store that dies for good")
struct StorePowerOffMetricsTests {
    @Test("SuperEdge with a check set per store never evicts the dead store, and its endpoints black-hole traffic")
    func superEdgeNeverEvicts() throws {
        // store-b (b-1, b-2) powers off at 5m of a 30m run and nobody votes on it.
        let report = try ScenarioRun.report("store-power-off", variant: "superedge")
        let metrics = Metrics(report)
        #expect(metrics.deadNodes == 2 && metrics.deadNodesNeverEvicted == 2)
        #expect(metrics.timeToEvictDead == .minutes(25))
        // pos-1 and pos-2 run on store-b; both endpoints stay listed for 25 minutes.
        #expect(metrics.blackholedEndpoint == .minutes(50))
    }

    @Test("vanilla Kubernetes evicts the dead store; the store-pinned replacements wait Pending")
    func kubernetesEvicts() throws {
        let metrics = Metrics(try ScenarioRun.report("store-power-off", variant: "kubernetes"))
        #expect(metrics.deadNodesNeverEvicted == 0)
        let seconds = try #require(metrics.timeToEvictDead).wholeSeconds
        #expect((340...370).contains(seconds))
        #expect(metrics.podsPending > .minutes(2 * 18))
    }
}
