import Testing
@testable import EdgeSim
import EdgeSimTestSupport

/// The workload controllers act on a pod change one reaction latency later, as upstream's
/// informer, work queue and create call do; so no chain of controller reactions can repeat
/// within one instant.
@Suite("Workload controllers' reaction latency")
struct WorkloadControllerLatencyTests {
    /// The hardening issue's reproduction: a pod tolerating unreachable:NoExecute for 0 s, pinned
    /// to a node that is cut off for two minutes. When the node is Ready again its NoSchedule
    /// taint goes at once but its NoExecute taint only at the next monitor pass, so until then
    /// each replacement is bound there and evicted at once.
    static let zeroToleration = """
        duration 10m
        site s
        node n-1..n-3 site s
        deployment web replicas 3 on nodes n-1 tolerate node.kubernetes.io/unreachable:NoExecute 0s
        at 1m..3m cut access n-1
        """

    @Test("a 0 s toleration churns at the controllers' pace and stops when the taint goes, with invariants on")
    func zeroTolerationChurnEnds() throws {
        let compiled = try #require(try ScenarioRun.compiled(text: Self.zeroToleration).first)
        let report = try simulateChecked(compiled)
        let evictions = report.timeline.filter { $0.isEviction }.map(\.time)
        let untainted = try #require(report.timeline.first {
            $0.kind == .taintRemoved(Taint.unreachableNoExecute.description)
        }?.time)
        #expect(evictions.count > 2, "the churn upstream shows happens")
        #expect(evictions.allSatisfy { $0 <= untainted }, "and ends with the NoExecute taint")
        // The ReplicaSet is synced once per latency however many pod changes queued it: each
        // instant binds at most its three replicas, and binding instants are a latency apart
        // (queuing a sync per pod change instead made the churn grow geometrically).
        let binds = report.timeline.filter { $0.kind == .podScheduled && $0.time > .zero }.map(\.time)
        let instants = binds.reduce(into: [SimTime]()) { if $0.last != $1 { $0.append($1) } }
        for instant in instants { #expect(binds.filter { $0 == instant }.count <= 3) }
        for (earlier, later) in zip(instants, instants.dropFirst()) {
            #expect(later - earlier >= compiled.settings.workloadControllerLatency)
        }
    }

    @Test("without invariants the same run ends too (it used to hang)")
    func zeroTolerationEndsWithoutInvariants() throws {
        let compiled = try #require(try ScenarioRun.compiled(text: Self.zeroToleration).first)
        let report = try simulateChecked(compiled, invariants: false)
        #expect(report.timeline.last.map { $0.time <= compiled.duration } == true)
    }

    @Test("a replacement is created, and so bound, one latency after the eviction", arguments: ["20ms", "250ms"])
    func replacementWaitsOneLatency(latency: String) throws {
        let compiled = try #require(try ScenarioRun.compiled(text: """
            duration 10m
            set workload-controller-latency \(latency)
            set default-toleration-seconds 30
            site s
            node n-1..n-2 site s
            deployment web replicas 1
            at 1m cut access n-1
            """).first)
        let report = try simulateChecked(compiled)
        let evicted = try #require(report.timeline.first { $0.isEviction })
        let placed = try #require(report.timeline.first { $0.kind == .podScheduled && $0.time > .zero })
        #expect(report.nodeName(evicted.node) == "n-1" && report.nodeName(placed.node) == "n-2")
        #expect(placed.time - evicted.time == compiled.settings.workloadControllerLatency)
        #expect(compiled.settings.workloadControllerLatency == SimTime.parse(latency, limit: .seconds(1)))
    }
}
