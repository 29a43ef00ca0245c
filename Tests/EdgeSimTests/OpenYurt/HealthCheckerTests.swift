import Testing
@testable import EdgeSim

@Suite("YurtHub health checker")
struct HealthCheckerTests {
    /// Feeds probe results in order and returns whether each changed the verdict.
    static func changes(_ checker: inout HealthChecker, _ results: [Bool]) -> [Bool] {
        results.map { checker.record(success: $0, healthyThreshold: 2) }
    }

    @Test("one failed probe makes a healthy server unhealthy")
    func oneFailure() {
        var checker = HealthChecker(healthy: true)
        let changed = Self.changes(&checker, [false, false])
        #expect(changed == [true, false])
        #expect(!checker.healthy)
    }

    @Test("two consecutive successes make it healthy again, and a failure in between starts over")
    func twoSuccesses() {
        var checker = HealthChecker(healthy: false)
        let changed = Self.changes(&checker, [true, false, true])
        #expect(changed == [false, false, false])
        #expect(!checker.healthy)
        let last = Self.changes(&checker, [true])
        #expect(last == [true])
        #expect(checker.healthy)
    }

    @Test("the coordinator loop elects only with both servers healthy")
    func loopDecision() {
        #expect(YurtHub.loopDecision(coordinatorHealthy: false, cloudHealthy: true) == .pending)
        #expect(YurtHub.loopDecision(coordinatorHealthy: false, cloudHealthy: false) == .pending)
        #expect(YurtHub.loopDecision(coordinatorHealthy: true, cloudHealthy: false) == .follower)
        #expect(YurtHub.loopDecision(coordinatorHealthy: true, cloudHealthy: true) == .elect)
    }
}
