import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("YurtHub leader election (client-go tryAcquireOrRenew on the coordinator's lease)")
struct LeaderElectorTests {
    let a = NodeID(0), b = NodeID(1)
    let duration = SimTime.seconds(15)

    @Test("the first candidate creates the lease and leads")
    func acquiresEmptyLease() {
        var lease: ElectionLease?
        var elector = LeaderElector(identity: a)
        let took1 = elector.tryAcquireOrRenew(&lease, now: .seconds(1), leaseDuration: duration)
        #expect(took1)
        #expect(elector.isLeader)
        #expect(lease == ElectionLease(holder: a, acquireTime: .seconds(1), renewTime: .seconds(1), transitions: 0))
    }

    @Test("a renewal moves renewTime and keeps acquireTime and transitions")
    func renewKeepsAcquireTime() {
        var lease: ElectionLease?
        var elector = LeaderElector(identity: a)
        _ = elector.tryAcquireOrRenew(&lease, now: .seconds(1), leaseDuration: duration)
        let took2 = elector.tryAcquireOrRenew(&lease, now: .seconds(3), leaseDuration: duration)
        #expect(took2)
        #expect(lease?.acquireTime == .seconds(1) && lease?.renewTime == .seconds(3) && lease?.transitions == 0)
    }

    @Test("another candidate cannot take a lease it saw change less than 15 s ago")
    func heldLeaseIsRefused() {
        var lease: ElectionLease?
        var leader = LeaderElector(identity: a), candidate = LeaderElector(identity: b)
        _ = leader.tryAcquireOrRenew(&lease, now: .zero, leaseDuration: duration)
        let took3 = candidate.tryAcquireOrRenew(&lease, now: .seconds(2), leaseDuration: duration)
        #expect(!took3)
        _ = leader.tryAcquireOrRenew(&lease, now: .seconds(10), leaseDuration: duration)
        let took4 = candidate.tryAcquireOrRenew(&lease, now: .seconds(20), leaseDuration: duration)
        #expect(!took4)
        #expect(lease?.holder == a)
    }

    @Test("expiry counts from when the candidate observed the last change, not from renewTime")
    func expiryIsObserved() {
        var lease: ElectionLease?
        var leader = LeaderElector(identity: a), candidate = LeaderElector(identity: b)
        _ = leader.tryAcquireOrRenew(&lease, now: .zero, leaseDuration: duration)
        // The candidate first looks at 10 s: the record is new to it, so it waits until 25 s.
        let took5 = candidate.tryAcquireOrRenew(&lease, now: .seconds(10), leaseDuration: duration)
        #expect(!took5)
        let took6 = candidate.tryAcquireOrRenew(&lease, now: .seconds(24), leaseDuration: duration)
        #expect(!took6)
        let took7 = candidate.tryAcquireOrRenew(&lease, now: .seconds(25), leaseDuration: duration)
        #expect(took7)
        #expect(lease == ElectionLease(holder: b, acquireTime: .seconds(25), renewTime: .seconds(25), transitions: 1))
    }

    @Test("a leader gives up once it has not renewed within the 10 s renew deadline")
    func renewDeadline() {
        var lease: ElectionLease?
        var elector = LeaderElector(identity: a)
        _ = elector.tryAcquireOrRenew(&lease, now: .seconds(4), leaseDuration: duration)
        #expect(!elector.missedRenewDeadline(now: .seconds(13), renewDeadline: .seconds(10)))
        #expect(elector.missedRenewDeadline(now: .seconds(14), renewDeadline: .seconds(10)))
    }

    @Test("stepping down does not release the lease: a successor still waits for it to expire")
    func stepDownKeepsLease() {
        var lease: ElectionLease?
        var leader = LeaderElector(identity: a), candidate = LeaderElector(identity: b)
        _ = leader.tryAcquireOrRenew(&lease, now: .zero, leaseDuration: duration)
        let took8 = candidate.tryAcquireOrRenew(&lease, now: .seconds(1), leaseDuration: duration)
        #expect(!took8)
        leader.stopLeading()
        #expect(!leader.isLeader && lease?.holder == a)
        let took9 = candidate.tryAcquireOrRenew(&lease, now: .seconds(15), leaseDuration: duration)
        #expect(!took9)
        let took10 = candidate.tryAcquireOrRenew(&lease, now: .seconds(16), leaseDuration: duration)
        #expect(took10)
    }

    @Test("in the failover scenario the successor leads 13-25 s after the old leader stepped down")
    func failoverGap() throws {
        let report = try ScenarioRun.report("yurt-leader-failover")
        let lost = try #require(report.times("leader-lost", node: "e-1").first)
        let elected = try #require(report.times("leader-elected").dropFirst().first)
        #expect(elected - lost >= .seconds(13) && elected - lost <= .seconds(25))
    }
}
