import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("Pool-scope routing: coordinator when Ready, else cloud, else local cache")
struct PoolScopeRouteTests {
    let stale = SimTime.seconds(30)

    @Test("a Ready coordinator serves pool-scope reads whatever the cloud's health")
    func readyCoordinator() {
        #expect(PoolScopeRoute.decide(coordinatorReady: true, cloudHealthy: true) == .coordinator)
        #expect(PoolScopeRoute.decide(coordinatorReady: true, cloudHealthy: false) == .coordinator)
    }

    @Test("without a Ready coordinator reads go to a healthy cloud, else the local cache")
    func fallback() {
        #expect(PoolScopeRoute.decide(coordinatorReady: false, cloudHealthy: true) == .cloud)
        #expect(PoolScopeRoute.decide(coordinatorReady: false, cloudHealthy: false) == .local)
    }

    @Test("Ready needs a healthy coordinator and a sync lease at most 30 s old")
    func readiness() {
        let now = SimTime.seconds(100)
        #expect(PoolScopeRoute.coordinatorReady(healthy: true, syncLeaseRenew: .seconds(70), now: now, staleDuration: stale))
        #expect(!PoolScopeRoute.coordinatorReady(healthy: true, syncLeaseRenew: .seconds(69), now: now, staleDuration: stale))
        #expect(!PoolScopeRoute.coordinatorReady(healthy: true, syncLeaseRenew: nil, now: now, staleDuration: stale))
        #expect(!PoolScopeRoute.coordinatorReady(healthy: false, syncLeaseRenew: .seconds(99), now: now, staleDuration: stale))
    }

    @Test("when the coordinator host dies, hubs fall back to the cloud and the leader is lost")
    func coordinatorCrash() throws {
        let report = try ScenarioRun.report("yurt-coordinator-crash")
        #expect(report.times("coordinator-not-ready").first == .minutes(5))
        let back = try #require(report.times("coordinator-ready").dropFirst().first)
        #expect(back > .minutes(10) && back < .minutes(10) + .seconds(30))
    }
}
