@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// What the kubelet reports and what an operator does to a node, as upstream reacts to each:
/// `not-ready`, `kubelet-stop`, `network-unavailable` and `drain`.
@Suite("Node conditions and operator actions")
struct NodeConditionTests {
    static func run(_ faults: String, mode: String = "kubernetes", extra: String = "") throws -> RunReport {
        try #require(try ScenarioRun.reports(text: """
            name node-conditions-test
            seed 3
            duration 30m
            mode \(mode)
            set kubernetes-version 1.29
            zone z
            site s zone z
            node n-1..4 site s
            deployment web replicas 4 service web
            daemonset agent
            \(extra)
            \(faults)
            """).first)
    }

    static func taint(_ report: RunReport, _ name: String, _ taint: Taint, on node: String) -> SimTime? {
        report.taintEvents(name, on: node, taint: taint).first?.time
    }

    // k8s: kubelet nodestatus.ReadyCondition posts False while the runtime is down;
    // nodelifecycle doNoScheduleTaintingPass / processTaintBaseEviction add the not-ready taints.
    @Test("not-ready: Ready=False at the next status sync, the not-ready taints, pods stay Ready and listed, eviction after 300 s")
    func kubeletReportsNotReady() throws {
        let report = try Self.run("at 2m..20m not-ready n-1")
        let falseAt = try #require(report.readyChanges(on: "n-1").first { $0.status == .false }?.time)
        // The kubelet computes status every 10 s: the change is posted within one period.
        #expect(falseAt > .minutes(2) && falseAt <= .minutes(2) + .seconds(10) + .milliseconds(500))
        #expect(Self.taint(report, "taint-added", .notReadyNoSchedule, on: "n-1") == falseAt)
        let noExecute = try #require(Self.taint(report, "taint-added", .notReadyNoExecute, on: "n-1"))
        #expect(noExecute >= falseAt && noExecute <= falseAt + .seconds(6))
        // The controller marks pods not ready only when it takes a node off True itself: the
        // pod on n-1 stays Ready and in the endpoints until it is evicted.
        let onN1 = report.events("pod-scheduled", on: "n-1").compactMap(\.pod).filter { report.podWorkloads[$0.index] == "web" }
        let pod = try #require(onN1.first)
        #expect(!report.timeline.contains { $0.pod == pod && $0.kind == .podNotReady })
        let evicted = try #require(report.timeline.first { $0.pod == pod && $0.isEviction })
        // not-ready:NoExecute is tolerated 300 s by the default toleration.
        #expect(evicted.time == noExecute + .seconds(300))
        let removed = try #require(report.timeline.first { $0.pod == pod && $0.kind == .endpointRemoved(service: "web") })
        #expect(removed.time == evicted.time)
        // While the runtime is down nothing confirms the deletion; once it is back, the next sync does.
        let deleted = try #require(report.timeline.first { $0.pod == pod && $0.kind == .podDeleted })
        #expect(deleted.time > .minutes(20) && deleted.time <= .minutes(20) + .seconds(11))
        let readyAgain = try #require(report.readyChanges(on: "n-1").first { $0.status == .true && $0.time > falseAt })
        #expect(readyAgain.time == deleted.time)
        // The DaemonSet pod tolerates not-ready forever and is never evicted.
        #expect(report.timeline.filter(\.isEviction).count == 1)
    }

    @Test("kubelet-stop: Unknown after the grace, pods keep running, deletions wait for kubelet-start")
    func kubeletStopsWithTheNodeUp() throws {
        let report = try Self.run("at 2m..15m kubelet-stop n-1")
        let unknownAt = try #require(report.readyChanges(on: "n-1").first { $0.status == .unknown }?.time)
        // The last renewal went at most 10 s before the stop; 40 s of grace, checked every 5 s.
        #expect(unknownAt >= .minutes(2) + .seconds(30) && unknownAt <= .minutes(2) + .seconds(56))
        let taint = try #require(Self.taint(report, "taint-added", .unreachableNoExecute, on: "n-1"))
        let evictions = report.timeline.filter { $0.isEviction && report.nodeName($0.node) == "n-1" }
        #expect(evictions.count == 1)
        #expect(evictions.first?.time == taint + .seconds(300))
        // The node was up and its containers ran: the eviction was unnecessary.
        #expect(report.unnecessaryEvictions == 1)
        let deleted = try #require(report.timeline.first { $0.pod == evictions.first?.pod && $0.kind == .podDeleted })
        #expect(deleted.time >= .minutes(15) && deleted.time < .minutes(15) + .seconds(1))
        #expect(report.readyChanges(on: "n-1").last?.status == .true)
        #expect(report.readyChanges(on: "n-1").last!.time < .minutes(15) + .seconds(1))
    }

    @Test("not-ready then kubelet-stop: the not-ready taints are swapped for unreachable ones, the eviction timer kept")
    func notReadyThenSilentSwapsTheTaints() throws {
        let report = try Self.run("at 2m..12m not-ready n-1\nat 4m kubelet-stop n-1")
        let notReady = try #require(Self.taint(report, "taint-added", .notReadyNoExecute, on: "n-1"))
        let swapped = try #require(Self.taint(report, "taint-added", .unreachableNoExecute, on: "n-1"))
        #expect(Self.taint(report, "taint-removed", .notReadyNoExecute, on: "n-1") == swapped)
        #expect(report.readyChanges(on: "n-1").map(\.status) == [.false, .unknown])
        // k8s: tainteviction processPodOnNode keeps a scheduled eviction's start when the taints
        // change, so the pod goes 300 s after the first NoExecute taint, not after the swap.
        let evicted = try #require(report.timeline.first { $0.isEviction })
        #expect(evicted.time == notReady + .seconds(300))
        #expect(swapped < evicted.time)
    }

    @Test("SuperEdge: peers probe the kubelet's port, so a stopped kubelet is voted dead, one cut from the cloud is not")
    func superEdgeSeesAStoppedKubelet() throws {
        let stopped = try Self.run("at 2m..25m kubelet-stop n-1", mode: "superedge")
        let cut = try Self.run("at 2m..25m drop n-1 -> apiserver", mode: "superedge")
        #expect(stopped.timeline.contains { $0.kind == .annotationAdded("nodeunhealth=yes") && stopped.nodeName($0.node) == "n-1" })
        #expect(stopped.timeline.filter { $0.isEviction && stopped.nodeName($0.node) == "n-1" }.count == 1)
        #expect(!cut.timeline.contains { $0.kind == .annotationAdded("nodeunhealth=yes") })
        #expect(!cut.timeline.contains { $0.isEviction })
    }

    // k8s: nodelifecycle nodeConditionToTaintKeyStatusMap — NetworkUnavailable=True.
    @Test("network-unavailable: a NoSchedule taint while it lasts, no eviction, no new pod there")
    func networkUnavailableTaintsNoSchedule() throws {
        let report = try Self.run("at 1m..10m network-unavailable n-2\nat 2m power-off n-4")
        let taint = Taint.networkUnavailableNoSchedule
        #expect(Self.taint(report, "taint-added", taint, on: "n-2") == .minutes(1))
        #expect(Self.taint(report, "taint-removed", taint, on: "n-2") == .minutes(10))
        #expect(!report.timeline.contains { $0.isEviction && report.nodeName($0.node) == "n-2" })
        // n-4's pod is evicted while n-2 is tainted: its replacement goes elsewhere.
        let replacements = report.timeline.filter { $0.kind == .podScheduled && $0.time > .minutes(2) && $0.time < .minutes(10) }
        #expect(!replacements.isEmpty)
        #expect(!replacements.contains { report.nodeName($0.node) == "n-2" })
    }

    // kubectl: drain.Helper.GetPodsForDeletion with --ignore-daemonsets.
    @Test("drain: cordons, evicts all but DaemonSet and static pods as pod-drained, replacements elsewhere, no eviction counted")
    func drainEvictsWhatADrainEvicts() throws {
        let report = try Self.run("at 4m..16m drain n-3", extra: "static-pod monitor on nodes n-3")
        let drained = report.events("pod-drained", on: "n-3")
        #expect(drained.map { report.podWorkloads[$0.pod!.index] } == ["web"])
        #expect(drained.allSatisfy { $0.time == .minutes(4) })
        #expect(Self.taint(report, "taint-added", .unschedulableNoSchedule, on: "n-3") == .minutes(4))
        #expect(Self.taint(report, "taint-removed", .unschedulableNoSchedule, on: "n-3") == .minutes(16))
        let replacement = try #require(report.timeline.first { $0.kind == .podScheduled && $0.time >= .minutes(4) })
        #expect(report.nodeName(replacement.node) != "n-3")
        #expect(report.timeline.filter(\.isEviction).isEmpty)
        #expect(Metrics(report).evictions == 0)
        #expect(report.events("pod-deleted", on: "n-3").count == 1)
    }

    @Test("kubectl needs the API server: a drain during an apiserver-down changes nothing")
    func drainFailsWhileTheAPIServerIsDown() throws {
        let report = try Self.run("at 4m..6m apiserver-down\nat 5m drain n-3")
        #expect(report.timeline.contains { if case .fault("n-3", _, .start) = $0.kind { true } else { false } })
        #expect(report.events("pod-drained", on: "n-3").isEmpty)
        #expect(Self.taint(report, "taint-added", .unschedulableNoSchedule, on: "n-3") == nil)
    }
}
