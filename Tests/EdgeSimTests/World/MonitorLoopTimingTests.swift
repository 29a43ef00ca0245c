@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// The node lifecycle loops as upstream runs them: `wait.UntilWithContext`, a sliding period,
/// so each pass starts `node-monitor-period` after the previous one returned
/// (k8s: nodelifecycle.Controller.Run). Checked against the real release-1.29
/// kube-controller-manager run of `gz-3-disconnect` (reference §9): gz-3 went Unknown
/// 40.008825 s after the pass that saw its last renewal, not a pass later.
@Suite("Node lifecycle loop timing")
struct MonitorLoopTimingTests {
    /// gz-3-disconnect with the controller-manager's phase pinned at 0 s, as in the measured run
    /// the times below come from (the phase is drawn per seed otherwise), and gz-3's lease
    /// renewals on the exact grid, whose phase puts its last renewal before the DROP where the
    /// measured run saw it (the kubelet's jitter is this suite's subject no more than its phase).
    static func gz3(_ overrides: [Setting] = []) throws -> RunReport {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario("gz-3-disconnect").path)
        let pinned = [Setting(key: "node-monitor-phase", value: "0s"), Setting(key: "lease-renew-jitter", value: "0")] + overrides
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: "kubernetes", overrides: pinned)
        return simulate(try #require(runs.first))
    }

    static func times(_ report: RunReport, _ name: String) -> [SimTime] {
        report.events(name, on: "gz-3").map(\.time)
    }

    @Test("with 1.1 ms passes gz-3 turns Unknown in the 8th pass after the one that saw its last renewal")
    func slidingLoopMatchesTheRealControllerManager() throws {
        let report = try Self.gz3()
        // Passes start every 5.0011 s. The DROP starts at 300 s; pass 60 (300.066 s) saw the
        // last renewal, so pass 68 = 68 × 5.0011 s = 340.0748 s is 40.0088 s after it, past the
        // 40 s grace (upstream logged "Node hasn't been updated" duration="40.008825131s").
        #expect(report.readyChanges(on: "gz-3").first?.time == .microseconds(340_074_800))
        #expect(report.readyChanges(on: "gz-3").first?.status == .unknown)
        // The NoExecute taint a monitor pass later (pass 69 = 345.0759 s), in the next tainting
        // pass, which slides by the same pass duration: 3414 × 101.1 ms = 345.1554 s.
        #expect(Self.times(report, "taint-added").contains(.microseconds(345_155_400)))
        // Evictions 300 s after the taint.
        #expect(Self.times(report, "pod-evicted") == [.microseconds(645_155_400), .microseconds(645_155_400)])
    }

    @Test("on an exact 5 s grid the strict `now > probe + grace` waits a 9th pass (the old model)")
    func exactGridWaitsOnePassMore() throws {
        let report = try Self.gz3([Setting(key: "node-monitor-pass-duration", value: "0s")])
        // The last renewal was seen at the 300 s pass; 340 s is not after 300 s + 40 s.
        #expect(report.readyChanges(on: "gz-3").first?.time == .seconds(345))
    }
}
