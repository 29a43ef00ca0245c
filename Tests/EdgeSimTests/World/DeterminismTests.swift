import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("Determinism and the gz-3-disconnect scenario")
struct DeterminismTests {
    /// The vanilla Kubernetes run, the one whose outcomes reference §2–§5 predict.
    static func gz3Report() throws -> RunReport {
        try ScenarioRun.report("gz-3-disconnect", variant: "kubernetes")
    }

    @Test("two in-process runs of every variant give byte-identical text and JSON Lines")
    func twoRunsIdentical() throws {
        let first = try ScenarioRun.reports("gz-3-disconnect"), second = try ScenarioRun.reports("gz-3-disconnect")
        #expect(first.count == second.count && !first.isEmpty)
        for (a, b) in zip(first, second) {
            #expect(Array(TimelineRenderer.text(a).utf8) == Array(TimelineRenderer.text(b).utf8), "\(a.variant ?? "-")")
            #expect(Array(TimelineRenderer.jsonLines(a).utf8) == Array(TimelineRenderer.jsonLines(b).utf8), "\(a.variant ?? "-")")
            #expect(a.eventsProcessed == b.eventsProcessed)
            #expect(a.timeline.count > 30, "a run that shows something")
        }
    }

    @Test("gz-3 turns Unknown once the 40 s grace has passed after the DROP at 5m")
    func gz3TurnsUnknown() throws {
        let report = try Self.gz3Report()
        let unknown = try #require(report.readyChanges(on: "gz-3").first { $0.status == .unknown })
        #expect(unknown.time.isWithin(seconds: 330, 355))
        #expect(report.readyChanges(on: "gz-1").isEmpty && report.readyChanges(on: "gz-2").isEmpty)
    }

    @Test("gz-3 gets unreachable:NoExecute after it turns Unknown, and only gz-3 does")
    func gz3Tainted() throws {
        let report = try Self.gz3Report()
        let taints = report.taintEvents("taint-added", on: "gz-3", taint: .unreachableNoExecute)
        let taint = try #require(taints.first)
        let unknown = try #require(report.readyChanges(on: "gz-3").first { $0.status == .unknown })
        #expect(taint.time > unknown.time)
        for node in report.nodeNames where node != "gz-3" {
            #expect(report.taintEvents("taint-added", on: node, taint: .unreachableNoExecute).isEmpty, "\(node)")
        }
    }

    @Test("gz-3's pods are evicted about 300 s after the taint and the Deployment's is replaced elsewhere")
    func gz3EvictedAndReplaced() throws {
        let report = try Self.gz3Report()
        let evicted = report.events("pod-evicted", on: "gz-3")
        let first = try #require(evicted.first)
        #expect(first.time.isWithin(seconds: 625, 665))
        #expect(report.timeline.filter { $0.isEviction }.count == evicted.count)
        let replacement = report.timeline.first { event in
            event.kind == .podScheduled && event.time >= first.time && report.nodeName(event.node) != "gz-3"
        }
        let placed = try #require(replacement)
        #expect(["gz-1", "gz-2"].contains(report.nodeName(placed.node)))
        #expect(report.podName(placed.pod)?.hasPrefix("deploymentgrid-demo-guangzhou-") == true)
    }

    @Test("gz-3 is Ready again after the rule goes at 20m and its NoExecute taint is removed")
    func gz3Recovers() throws {
        let report = try Self.gz3Report()
        let back = try #require(report.readyChanges(on: "gz-3").last)
        #expect(back.status == .true)
        #expect(back.time > .seconds(1_200))
        let removed = report.taintEvents("taint-removed", on: "gz-3", taint: .unreachableNoExecute)
        #expect(removed.count == 1)
        #expect(removed.allSatisfy { $0.time > .seconds(1_200) })
        let added = report.taintEvents("taint-added", on: "gz-3", taint: .unreachableNoExecute)
        #expect(added.count == removed.count)
    }
}
