@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// kube-scheduler has filtered on taints only since 1.17 (k/k PR #82703 removed the
/// CheckNodeCondition predicate): a pod tolerating `node.kubernetes.io/unreachable` (every
/// effect) for 120 s is evicted from an unreachable node, its replacement is bound to that same
/// node (it has the fewest pods of the workload), and the taint eviction controller evicts the
/// replacement again 120 s after the binding (its timer starts when it sees the pod bound).
@Suite("Rebinding onto an unreachable node")
struct UnknownNodeRebindTests {
    static let scenario = """
    name rebind
    seed 3
    duration 15m
    zone a
    site s zone a
    node a-1,a-2 site s
    deployment web replicas 2 tolerate node.kubernetes.io/unreachable 120s
    at 5m drop a-1 -> apiserver port 6443
    """

    @Test("the replacement lands on the Unknown node and is evicted 120 s after binding, again and again")
    func replacementIsReboundAndEvictedAgain() throws {
        let report = try #require(try ScenarioRun.reports(text: Self.scenario).first)
        let evicted = report.events("pod-evicted", on: "a-1").map(\.time)
        let bound = report.events("pod-scheduled", on: "a-1").map(\.time).filter { $0 > .minutes(5) }
        #expect(report.events("pod-scheduled", on: "a-2").count == 1, "only the initial pod on a-2")
        #expect(evicted.count == 4)
        #expect(bound.count == 4)
        // Each replacement is bound 20 ms (the workload controller's latency) after the eviction
        // it replaces, and evicted 120 s after its binding.
        for (eviction, binding) in zip(evicted, bound) { #expect(binding - eviction == .milliseconds(20)) }
        for (binding, eviction) in zip(bound, evicted.dropFirst()) { #expect(eviction - binding == .seconds(120)) }
    }
}
