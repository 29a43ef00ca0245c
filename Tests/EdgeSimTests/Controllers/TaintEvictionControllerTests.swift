import Testing
@testable import EdgeSim

@Suite("TaintEvictionController")
struct TaintEvictionControllerTests {
    static func tolerate(_ key: String, _ seconds: Int64?) -> Toleration {
        Toleration(key: key, effect: .noExecute, seconds: seconds)
    }

    static let unreachable300 = tolerate(Taint.unreachableKey, 300)
    static let notReady300 = tolerate(Taint.notReadyKey, 300)

    /// One node, one pod with `tolerations`, and a taint eviction controller that has seen the node untainted.
    struct Fixture {
        var cluster = TestCluster(1, in: .z1)
        var controller = TaintEvictionController(nodeCount: 1)
        let pod: PodID

        init(tolerations: [Toleration]) {
            pod = cluster.addPod(on: 0, tolerations: tolerations)
        }

        var node: NodeID { NodeID(0) }
        var pending: TaintEvictionController.PendingEviction? { controller.pending[pod] }
        var isEvicted: Bool { cluster.api.pods[pod.index].deletionRequested != nil }

        mutating func taint(_ taint: Taint, at time: SimTime) -> [TaintEvictionController.Timer] {
            cluster.api.addTaint(node, taint, now: time)
            return controller.nodeUpdated(node, now: time, api: &cluster.api)
        }

        mutating func swap(add: Taint, remove: Taint, at time: SimTime) -> [TaintEvictionController.Timer] {
            cluster.api.swapTaint(node, add: add, remove: remove, now: time)
            return controller.nodeUpdated(node, now: time, api: &cluster.api)
        }

        mutating func untaint(_ taint: Taint, at time: SimTime) -> [TaintEvictionController.Timer] {
            cluster.api.removeTaint(node, taint, now: time)
            return controller.nodeUpdated(node, now: time, api: &cluster.api)
        }

        mutating func fire(_ timer: TaintEvictionController.Timer) {
            controller.fire(timer.pod, generation: timer.generation, now: timer.time, api: &cluster.api)
        }
    }

    // MARK: - evictionDelay

    struct DelayCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var tolerations: [Toleration]
        var taints: [Taint]
        var expected: SimTime?
    }

    static let both: [Taint] = [.unreachableNoExecute, .notReadyNoExecute]

    static let delayCases: [DelayCase] = [
        DelayCase(testDescription: "no toleration", tolerations: [], taints: [.unreachableNoExecute], expected: .zero),
        DelayCase(testDescription: "one of two taints untolerated", tolerations: [unreachable300], taints: both, expected: .zero),
        DelayCase(testDescription: "nil seconds", tolerations: [tolerate(Taint.unreachableKey, nil)],
                  taints: [.unreachableNoExecute], expected: nil),
        DelayCase(testDescription: "minimum over used tolerations",
                  tolerations: [unreachable300, tolerate(Taint.notReadyKey, 100)], taints: both, expected: .seconds(100)),
        DelayCase(testDescription: "unused tolerations ignored", tolerations: [unreachable300, tolerate(Taint.notReadyKey, 10)],
                  taints: [.unreachableNoExecute], expected: .seconds(300)),
        DelayCase(testDescription: "nil ignored in the minimum",
                  tolerations: [tolerate(Taint.unreachableKey, nil), tolerate(Taint.notReadyKey, 60)], taints: both,
                  expected: .seconds(60)),
        DelayCase(testDescription: "zero seconds", tolerations: [tolerate(Taint.unreachableKey, 0)],
                  taints: [.unreachableNoExecute], expected: .zero),
        DelayCase(testDescription: "negative seconds", tolerations: [tolerate(Taint.unreachableKey, -5)],
                  taints: [.unreachableNoExecute], expected: .zero),
        DelayCase(testDescription: "first matching toleration wins", tolerations: [.everything, unreachable300],
                  taints: [.unreachableNoExecute], expected: nil),
        DelayCase(testDescription: "DaemonSet tolerations", tolerations: WorkloadController.daemonSetTolerations,
                  taints: both, expected: nil),
    ]

    @Test("evictionDelay: untolerated is now, nil seconds is forever, else the minimum used, <= 0 is now",
          arguments: delayCases)
    func evictionDelay(_ delayCase: DelayCase) {
        #expect(TaintEvictionController.evictionDelay(tolerations: delayCase.tolerations, taints: delayCase.taints)
                == delayCase.expected)
    }

    // MARK: - Timers

    @Test("a tolerated taint schedules the eviction tolerationSeconds later, and firing it evicts")
    func timerThenEviction() throws {
        var fixture = Fixture(tolerations: [Self.unreachable300, Self.notReady300])
        let timers = fixture.taint(.unreachableNoExecute, at: .seconds(10))
        let timer = try #require(timers.first)
        #expect(timers.count == 1)
        #expect(timer.pod == fixture.pod && timer.time == .seconds(310))
        #expect(fixture.pending?.fireAt == .seconds(310))
        #expect(!fixture.isEvicted)
        fixture.fire(timer)
        #expect(fixture.isEvicted)
        #expect(fixture.pending == nil)
    }

    @Test("an untolerated taint evicts at once")
    func untoleratedEvictsAtOnce() {
        var fixture = Fixture(tolerations: [Self.notReady300])
        #expect(fixture.taint(.unreachableNoExecute, at: .seconds(10)).isEmpty)
        #expect(fixture.isEvicted)
        #expect(fixture.cluster.api.auditLog.last?.isEviction == true)
    }

    @Test("a pending timer is kept when the taint swaps from unreachable to not-ready")
    func timerKeptOnSwap() throws {
        var fixture = Fixture(tolerations: [Self.unreachable300, Self.notReady300])
        let first = try #require(fixture.taint(.unreachableNoExecute, at: .seconds(10)).first)
        let before = fixture.pending
        #expect(fixture.swap(add: .notReadyNoExecute, remove: .unreachableNoExecute, at: .seconds(60)).isEmpty)
        #expect(fixture.pending == before)
        fixture.fire(first)
        #expect(fixture.isEvicted)
    }

    @Test("a timer created in the same instant is replaced, not kept")
    func sameInstantReplaces() throws {
        var fixture = Fixture(tolerations: [Self.unreachable300, Self.notReady300])
        let first = try #require(fixture.taint(.unreachableNoExecute, at: .seconds(10)).first)
        let second = try #require(fixture.taint(.notReadyNoExecute, at: .seconds(10)).first)
        #expect(second.generation != first.generation)
        fixture.fire(first)
        #expect(!fixture.isEvicted, "the replaced timer's generation is stale")
        fixture.fire(second)
        #expect(fixture.isEvicted)
    }

    @Test("removing every NoExecute taint cancels the pending eviction")
    func allTaintsRemovedCancels() throws {
        var fixture = Fixture(tolerations: [Self.unreachable300, Self.notReady300])
        let timer = try #require(fixture.taint(.unreachableNoExecute, at: .seconds(10)).first)
        #expect(fixture.untaint(.unreachableNoExecute, at: .seconds(100)).isEmpty)
        #expect(fixture.pending == nil)
        fixture.fire(timer)
        #expect(!fixture.isEvicted)
    }

    @Test("NoSchedule taints alone change nothing")
    func noScheduleIgnored() {
        var fixture = Fixture(tolerations: [])
        #expect(fixture.taint(.unreachableNoSchedule, at: .seconds(10)).isEmpty)
        #expect(fixture.pending == nil)
        #expect(!fixture.isEvicted)
    }

    @Test("DaemonSet tolerations never evict, through taint and swap")
    func daemonSetNeverEvicted() {
        var fixture = Fixture(tolerations: WorkloadController.daemonSetTolerations)
        #expect(fixture.taint(.unreachableNoExecute, at: .seconds(10)).isEmpty)
        #expect(fixture.swap(add: .notReadyNoExecute, remove: .unreachableNoExecute, at: .seconds(400)).isEmpty)
        #expect(fixture.pending == nil)
        #expect(!fixture.isEvicted)
    }

    @Test("a pod bound to an already tainted node gets its own timer")
    func podBoundAfterTaint() throws {
        var fixture = Fixture(tolerations: [Self.unreachable300, Self.notReady300])
        _ = fixture.taint(.unreachableNoExecute, at: .seconds(10))
        let late = fixture.cluster.addPod(on: 0, tolerations: [Self.unreachable300, Self.notReady300])
        let timers = fixture.controller.podUpdated(late, now: .seconds(50), api: &fixture.cluster.api)
        #expect(timers.map(\.time) == [.seconds(350)])
        #expect(fixture.controller.pending[late]?.fireAt == .seconds(350))
    }
}
