import Testing
@testable import EdgeSim

@Suite("NodeLifecycleController")
struct NodeLifecycleControllerTests {
    // MARK: - Upstream cross-checks (reference §7)

    @Test("zone states and taints match upstream TestMonitorNodeHealth", arguments: UpstreamMonitorCase.all)
    func upstreamCrossCheck(_ upstream: UpstreamMonitorCase) {
        let outcome = upstream.run()
        #expect(outcome.firstStates == upstream.firstStates, "pass 1")
        #expect(outcome.laterStates == upstream.laterStates, "pass 2")
        if let tainted = upstream.n0Tainted {
            #expect(outcome.n0Tainted == tainted, "n0 unreachable:NoExecute after the tainting pass")
        }
    }

    @Test("a node posting False swaps unreachable:NoExecute for not-ready:NoExecute at once (TestSwapUnreachableNotReadyTaints)")
    func swapUnreachableForNotReady() {
        var cluster = TestCluster([.init(zone: .z1, ready: .unknown), .init(zone: .z1, ready: .true)])
        cluster.monitor(at: .zero)
        cluster.taintingPass(at: .milliseconds(100))
        #expect(cluster.hasTaint(0, .unreachableNoExecute))
        #expect(!cluster.hasTaint(0, .notReadyNoExecute))

        cluster.post(0, .false, at: .seconds(9))
        cluster.post(1, .true, at: .seconds(9))
        cluster.monitor(at: .seconds(10))
        // No tainting pass ran: the swap is not rate limited.
        #expect(cluster.hasTaint(0, .notReadyNoExecute))
        #expect(!cluster.hasTaint(0, .unreachableNoExecute))
    }

    // MARK: - Grace period

    enum Signal: String, CaseIterable, Sendable { case lease, heartbeat }

    /// Two nodes in z1, passes every 5 s; n1 signals at every pass, n0 at `n0Signals` only.
    static func silence(after n0Signals: [SimTime], through end: SimTime, by signal: Signal) -> TestCluster {
        var cluster = TestCluster(2, in: .z1)
        cluster.monitorPasses(from: .zero, through: end) { cluster, time in
            for node in [0, 1] where node == 1 || n0Signals.contains(where: { $0 <= time && $0 > time - .seconds(5) }) {
                switch signal {
                case .lease: cluster.renewLease(node, at: time)
                case .heartbeat: cluster.post(node, .true, at: time)
                }
            }
        }
        return cluster
    }

    @Test("Ready turns Unknown only at the first pass strictly after the last signal seen + 40 s", arguments: Signal.allCases)
    func graceIsStrict(signal: Signal) {
        let cluster = Self.silence(after: [.seconds(20)], through: .seconds(90), by: signal)
        // Seen at the 20 s pass: 60 s is not after 20 s + 40 s, 65 s is.
        #expect(cluster.readyChanges(0, to: .unknown) == [.seconds(65)])
        #expect(cluster.readyChanges(1, to: .unknown).isEmpty)
    }

    @Test("the grace counts from the pass that saw the signal, not from the signal's own time")
    func graceCountsFromObservation() {
        // Renewed at 22 s, seen by the 25 s pass: Unknown at 70 s, not 65 s.
        let cluster = Self.silence(after: [.seconds(22)], through: .seconds(90), by: .lease)
        #expect(cluster.readyChanges(0, to: .unknown) == [.seconds(70)])
    }

    @Test("a node flipped to Unknown is queued for tainting one pass later, on what the pass observed")
    func taintFollowsObservedStatus() {
        var cluster = Self.silence(after: [.seconds(20)], through: .seconds(65), by: .lease)
        cluster.taintingPass(at: .milliseconds(65_100))
        #expect(!cluster.hasTaint(0, .unreachableNoExecute))
        cluster.renewLease(1, at: .seconds(70))
        cluster.monitor(at: .seconds(70))
        cluster.taintingPass(at: .milliseconds(70_100))
        #expect(cluster.hasTaint(0, .unreachableNoExecute))
        #expect(!cluster.hasTaint(1, .unreachableNoExecute))
    }

    // MARK: - MarkPodsNotReady

    @Test("pods are marked not ready when the controller itself turns the node Unknown")
    func markPodsNotReadyOnOwnFlip() {
        var cluster = TestCluster(2, in: .z1)
        let pods = [cluster.addPod(on: 0), cluster.addPod(on: 0), cluster.addPod(on: 1)]
        cluster.monitorPasses(from: .zero, through: .seconds(50)) { cluster, time in cluster.renewLease(1, at: time) }
        #expect(cluster.podNotReadyCount() == 2)
        #expect(pods.map { cluster.api.pods[$0.index].ready } == [false, false, true])
    }

    @Test("a kubelet posting Ready=False itself does not mark its pods not ready")
    func noMarkOnKubeletFalse() {
        var cluster = TestCluster(2, in: .z1)
        let pod = cluster.addPod(on: 0)
        cluster.monitorPasses(from: .zero, through: .seconds(120)) { cluster, time in
            cluster.post(0, time < .seconds(20) ? .true : .false, at: time)
            cluster.renewLease(1, at: time)
        }
        #expect(cluster.ready(0) == .false)
        #expect(cluster.podNotReadyCount() == 0)
        #expect(cluster.api.pods[pod.index].ready)
    }

    // MARK: - Recovery and NoSchedule

    @Test("a node seen True again loses its NoExecute taint at the next pass")
    func recoveryRemovesNoExecute() {
        var cluster = Self.silence(after: [.seconds(20)], through: .seconds(70), by: .lease)
        cluster.taintingPass(at: .milliseconds(70_100))
        #expect(cluster.hasTaint(0, .unreachableNoExecute))
        cluster.post(0, .true, at: .seconds(72))
        cluster.renewLease(1, at: .seconds(75))
        cluster.monitor(at: .seconds(75))
        #expect(!cluster.hasTaint(0, .unreachableNoExecute))
        #expect(cluster.ready(0) == .true)
    }

    @Test("the NoSchedule taint follows the Ready condition", arguments: [
        (ConditionStatus.unknown, Taint.unreachableNoSchedule, Taint.notReadyNoSchedule),
        (ConditionStatus.false, Taint.notReadyNoSchedule, Taint.unreachableNoSchedule),
    ])
    func noScheduleFollowsReady(status: ConditionStatus, wanted: Taint, other: Taint) {
        var cluster = TestCluster(1, in: .z1)
        cluster.api.addTaint(NodeID(0), other, now: .zero)
        cluster.post(0, status, at: .seconds(1))
        cluster.controller.doNoScheduleTaintingPass(NodeID(0), now: .seconds(1), api: &cluster.api)
        #expect(cluster.hasTaint(0, wanted))
        #expect(!cluster.hasTaint(0, other))
        cluster.post(0, .true, at: .seconds(2))
        cluster.controller.doNoScheduleTaintingPass(NodeID(0), now: .seconds(2), api: &cluster.api)
        #expect(cluster.api.nodes[0].taints.isEmpty)
    }

    @Test("entering master disruption mode removes existing NoExecute taints")
    func masterModeUntaints() {
        var cluster = Self.silence(after: [.seconds(20)], through: .seconds(70), by: .lease)
        cluster.taintingPass(at: .milliseconds(70_100))
        #expect(cluster.hasTaint(0, .unreachableNoExecute))
        // n1 falls silent too: the only zone goes Full.
        cluster.monitorPasses(from: .seconds(75), through: .seconds(130))
        #expect(cluster.zoneState(.z1) == .fullDisruption)
        #expect(!cluster.hasTaint(0, .unreachableNoExecute))
        cluster.taintingPass(at: .milliseconds(130_100))
        #expect(!cluster.hasTaint(1, .unreachableNoExecute))
    }
}
