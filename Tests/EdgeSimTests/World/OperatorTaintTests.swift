@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// `taint` / `untaint` as `kubectl taint` sets them, and what upstream does with them.
@Suite("Operator taints")
struct OperatorTaintTests {
    // k8s: tainteviction getMinTolerationTime — over all the NoExecute taints of the node, the
    // shortest tolerationSeconds among the tolerations used; untolerated → at once.
    @Test("two NoExecute taints: a pod tolerating both goes after the shorter toleration, one tolerating one goes at once")
    func minimumTolerationOverSeveralTaints() throws {
        let report = try #require(try ScenarioRun.reports(text: """
            name two-taints
            seed 1
            duration 10m
            set kubernetes-version 1.29
            zone a
            site s zone a
            node n-1,n-2 site s
            deployment both replicas 1 on nodes n-1 tolerate example.com/a:NoExecute 2m tolerate example.com/b:NoExecute 60s
            deployment one replicas 1 on nodes n-1 tolerate example.com/a:NoExecute 2m
            at 1m taint n-1 example.com/a=x:NoExecute
            at 2m taint n-1 example.com/b:NoExecute
            """).first)
        let evicted = report.timeline.filter(\.isEviction).map { (report.podName($0.pod)!, $0.time) }
        // `one` tolerates a but not b: evicted when b comes. `both`: its a-timer (1m + 2m) was
        // kept when b came (a running timer is not moved), so it goes at 3m.
        #expect(evicted.prefix(2).map(\.0) == ["one-1", "both-1"])
        #expect(evicted.prefix(2).map(\.1) == [.minutes(2), .minutes(3)])
        // `both` may only run on n-1: each replacement is bound there 20 ms later and goes after
        // the shorter toleration, 60 s, counted from its binding.
        #expect(evicted.dropFirst(2).first.map { $0 == ("both-2", .milliseconds(240_020)) } == true)
        #expect(report.events("taint-added", on: "n-1").first?.kind == .taintAdded("example.com/a=x:NoExecute"))
    }

    @Test("non-graceful-shutdown: the out-of-service taint frees the StatefulSet pod at PodGC's next pass")
    func outOfServiceFreesTheStatefulSetPod() throws {
        let report = try ScenarioRun.report("non-graceful-shutdown")
        let db = report.timeline.filter { report.podName($0.pod) == "db-0" }
        let deleted = try #require(db.first { $0.kind == .podDeleted })
        // Tainted at 13m; PodGC's passes fall every 20 s from the controller-manager's start.
        #expect(deleted.time == .seconds(13 * 60 + 20))
        #expect(report.nodeName(deleted.node) == "rw-1")
        let rebound = try #require(db.last { $0.kind == .podScheduled })
        #expect(report.nodeName(rebound.node) == "rw-2")
        #expect(rebound.time == deleted.time + .milliseconds(20))
    }
}

/// `cordon` / `uncordon` as kubectl sets spec.unschedulable.
@Suite("Cordon")
struct CordonTests {
    // k8s: nodelifecycle doNoScheduleTaintingPass (UnschedulableTaintTemplate) and the
    // scheduler's NodeUnschedulable filter: a cordoned node keeps its pods and gets no new one.
    @Test("a cordoned node gets the unschedulable taint, keeps its pods, and gets no replacement until uncordoned")
    func cordonKeepsNewPodsAway() throws {
        let report = try #require(try ScenarioRun.reports(text: """
            name cordon
            seed 2
            duration 12m
            set kubernetes-version 1.29
            zone a
            site s zone a
            node n-1,n-2 site s
            deployment web replicas 2 tolerate node.kubernetes.io/unreachable:NoExecute 10s
            at 1m..8m cordon n-1
            at 2m power-off n-2
            """).first)
        let unschedulable = Taint.unschedulableNoSchedule.description
        #expect(report.events("taint-added", on: "n-1").map(\.time).first == .minutes(1))
        #expect(report.events("taint-added", on: "n-1").first?.kind == .taintAdded(unschedulable))
        #expect(report.events("taint-removed", on: "n-1").first { $0.kind == .taintRemoved(unschedulable) }?.time == .minutes(8))
        // n-2's pod is evicted after its 10 s toleration; its replacement waits for the uncordon.
        #expect(report.events("pod-evicted", on: "n-1").isEmpty)
        let placed = report.events("pod-scheduled", on: "n-1").map(\.time).filter { $0 > .zero }
        #expect(placed.count == 1)
        #expect(placed.first.map { $0 >= .minutes(8) && $0 < .minutes(8) + .seconds(1) } == true, "\(placed)")
    }
}
