import Testing
@testable import EdgeSim

@Suite("KubeEdge EdgeHub: keepalive and the reconnect loop")
struct EdgeHubTests {
    static func hub(_ settings: KubeEdgeSettings = KubeEdgeSettings(), seed: UInt64 = 1) -> EdgeHub {
        var hub = EdgeHub(node: NodeID(0), host: HostID(1), settings: settings, random: SeededRandom(seed: seed, stream: "edgehub/test"))
        hub.connect(session: 1, now: .zero)
        return hub
    }

    // kubeedge: edgehub.(*EdgeHub).keepalive — only a write error ends the connection; a silent
    // drop is noticed when the kernel gives up (halfOpenDetection after the first unanswered ping).
    @Test("a silent drop is noticed halfOpenDetection after the first unanswered keepalive, checked every heartbeat")
    func halfOpenDetection() {
        var settings = KubeEdgeSettings()
        settings.halfOpenDetection = .seconds(40)
        var hub = Self.hub(settings)
        #expect(hub.keepalive(now: .seconds(15), delivered: true, settings: settings) == .answered)
        #expect(hub.keepalive(now: .seconds(30), delivered: false, settings: settings) == .unanswered(next: .seconds(45)))
        #expect(hub.silentSince == .seconds(30))
        #expect(hub.keepalive(now: .seconds(45), delivered: false, settings: settings) == .unanswered(next: .seconds(60)))
        // The last check falls at the deadline, not a heartbeat later.
        #expect(hub.keepalive(now: .seconds(60), delivered: false, settings: settings) == .unanswered(next: .seconds(70)))
        #expect(hub.keepalive(now: .seconds(70), delivered: false, settings: settings) == .broken)
    }

    @Test("an answered keepalive before the deadline forgets the silence; detection 0s breaks at the first unanswered one")
    func recoveryAndReset() {
        var settings = KubeEdgeSettings()
        var hub = Self.hub(settings)
        _ = hub.keepalive(now: .seconds(15), delivered: false, settings: settings)
        #expect(hub.keepalive(now: .seconds(30), delivered: true, settings: settings) == .answered)
        #expect(hub.silentSince == nil)
        #expect(hub.keepalive(now: .seconds(45), delivered: false, settings: settings) == .unanswered(next: .seconds(60)))
        settings.halfOpenDetection = .zero
        var reset = Self.hub(settings)
        #expect(reset.keepalive(now: .seconds(15), delivered: false, settings: settings) == .broken)
    }

    // kubeedge: edgehub.(*EdgeHub).Start sleeps 2 × Heartbeat after a break and after a failed
    // Init; wsclient.(*WebSocketClient).Init dials retryCount = 5 times, sleeping 5 s after each failure.
    @Test("1.23: 30s after a break, then 5 dials 5s apart and 30s more: 205s a cycle when dials hang, 55s when refused")
    func fixedLoop() {
        var loop = ReconnectLoop()
        var random = SeededRandom(seed: 1)
        let heartbeat = SimTime.seconds(15)
        #expect(loop.broke(version: .v1_23, heartbeat: heartbeat, starting: false, random: &random) == .seconds(30))
        let pauses = (0..<5).map { _ in loop.dialFailed(version: .v1_23, heartbeat: heartbeat, random: &random) }
        #expect(pauses == [.seconds(5), .seconds(5), .seconds(5), .seconds(5), .seconds(35)])
        let hangingCycle = pauses.reduce(SimTime.zero) { $0 + $1 + .seconds(30) }
        #expect(hangingCycle == .seconds(205))
        #expect(pauses.reduce(SimTime.zero, +) == .seconds(55))
        // The next round counts from one again; edgecore's start dials at once.
        #expect(loop.dialFailed(version: .v1_23, heartbeat: heartbeat, random: &random) == .seconds(5))
        #expect(loop.broke(version: .v1_23, heartbeat: heartbeat, starting: true, random: &random) == .zero)
    }

    // kubeedge PR #6967: backoff 2 s doubling to 30 s, jitter 0.2, reset after 30 s connected.
    @Test("pr-6967: waits of 2s, 4s, 8s, 16s, then 30s, each within 20% jitter; reset only after 30s connected")
    func backoffLoop() {
        var loop = ReconnectLoop()
        var random = SeededRandom(seed: 7)
        let heartbeat = SimTime.seconds(15)
        var waits = [loop.broke(version: .pr6967, heartbeat: heartbeat, starting: false, random: &random)]
        for _ in 0..<5 { waits.append(loop.dialFailed(version: .pr6967, heartbeat: heartbeat, random: &random)) }
        for (wait, base) in zip(waits, [2, 4, 8, 16, 30, 30] as [Int64]) {
            #expect(wait >= SimTime.milliseconds(base * 800) && wait <= SimTime.milliseconds(base * 1200), "\(wait) for \(base)s")
        }
        #expect(Set(waits.map(\.microseconds)).count == waits.count)
        loop.ended(after: .seconds(29))
        #expect(loop.backoff == .seconds(30))
        loop.ended(after: .seconds(30))
        #expect(loop.backoff == .seconds(2))
    }

    @Test("the drain: 60 messages pass at once, the 90th a second later at 30 a second")
    func drain() {
        var bucket = MessageDrain(qps: 30, burst: 60)
        #expect(bucket.send(60, at: .seconds(10)) == .seconds(10))
        var fresh = MessageDrain(qps: 30, burst: 60)
        let last = fresh.send(90, at: .seconds(10))
        #expect(last >= .seconds(10) + .milliseconds(999) && last <= .seconds(11))
        // A lease right behind them waits its turn too.
        #expect(fresh.send(1, at: .seconds(10)) > last)
    }
}
