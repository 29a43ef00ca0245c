@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// `--node-eviction-rate 0`: upstream's new-zone queue is `NewTokenBucketRateLimiter(0, 1)`
/// (k8s: addPodEvictorForNewZone), and x/time/rate (≥ v0.3.0, golang/go#39984) lets a zero
/// limit spend its one burst token: the first node of the zone to go silent is tainted and
/// evicted, the next one never is.
@Suite("node-eviction-rate 0")
struct EvictionRateZeroTests {
    static let scenario = """
    name rate0
    seed 5
    duration 20m
    set node-eviction-rate 0
    zone a
    site s zone a
    node a-1..a-3 site s
    deployment web replicas 3
    at 5m..15m drop a-1 -> apiserver port 6443
    at 8m..15m drop a-2 -> apiserver port 6443
    """

    @Test("the zone's burst token taints the first silent node; the second is never tainted")
    func burstTokenTaintsOnce() throws {
        let report = try #require(try ScenarioRun.reports(text: Self.scenario).first)
        let noExecute = "node.kubernetes.io/unreachable:NoExecute"
        #expect(report.events("taint-added", on: "a-1").contains { $0.kind == .taintAdded(noExecute) })
        #expect(!report.events("taint-added", on: "a-2").contains { $0.kind == .taintAdded(noExecute) })
        #expect(report.events("node-ready-changed", on: "a-2").count == 2, "a-2 did go Unknown (and back)")
        #expect(report.events("pod-evicted", on: "a-1").count == 1)
        #expect(report.events("pod-evicted", on: "a-2").isEmpty)
    }
}
