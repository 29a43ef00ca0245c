@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Metrics")
struct MetricsTests {
    @Test("time to evict a dead node runs from power-off to the last eviction on it while off")
    func timeToEvictDeadOnPowerLoss() throws {
        // rw-1 is powered off at 5m; the 300.066 s pass saw its last renewal, pass 68 (340.0748 s,
        // passes 5.0011 s apart) turns it Unknown, the taint comes at 345.1554 s (the tainting
        // pass after pass 69) and the evictions 300 s later: 345.155 s after the power-off.
        let report = try #require(ScenarioRun.reports("power-loss").first)
        #expect(report.powerSpans == [PowerSpan(node: NodeID(2), off: .minutes(5), on: .minutes(15))])
        let metrics = Metrics(report)
        let seconds = try #require(metrics.timeToEvictDead).wholeSeconds
        #expect((340...360).contains(seconds))
        #expect(metrics.fields.first { $0.name == "time_to_evict_dead_s" }?.value == "345.155")
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
        #expect(!summary.contains("time_to_evict_dead_s"))
        #expect(summary.hasPrefix("# summary evictions=2 "))
    }

    @Test("a power-off that is never undone leaves its span open")
    func openPowerSpan() {
        let spans = PowerSpan.spans([PowerChange(node: NodeID(1), time: .minutes(2), powered: false)])
        #expect(spans == [PowerSpan(node: NodeID(1), off: .minutes(2), on: nil)])
        #expect(spans[0].contains(.minutes(60)))
    }
}
