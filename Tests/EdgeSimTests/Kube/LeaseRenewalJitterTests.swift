@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// k8s: component-helpers/apimachinery/lease/controller.go. `Run` renews under
/// `wait.JitterUntil(sync, renewInterval, 0.04, sliding=true)`: the next sync starts
/// renewInterval × (1 + U(0, 0.04)) after the last one returned. `sync` tries up to 5 PUTs
/// back to back (`retryUpdateLease`), then `backoffEnsureLease`: a GET, and after each failed
/// GET a sleep starting at 100 ms doubled before use (200 ms, 400 ms, ...) up to 7 s. The
/// kubelet's heartbeat client times a request out after min(node-status-update-frequency,
/// lease duration) (cmd/kubelet/app/server.go). Each expectation below is worked out from
/// those constants, not from the model.
@Suite("Kubelet lease renewal jitter and retry")
struct LeaseRenewalJitterTests {
    static let oneWay = SimTime.milliseconds(25)
    static let roundTrip = oneWay + oneWay
    static let route = RouteProfile(links: [LinkProfile(latency: oneWay)])
    static let renewInterval = SimTime.seconds(10)
    static let timeout = SimTime.seconds(10)

    static func stream(origin: SimTime, booted: Bool = false, seed: UInt64 = 7) -> LeaseRenewalStream {
        LeaseRenewalStream(random: CounterRandom(seed: seed, stream: "kubelet-lease/test"), period: renewInterval, origin: origin, life: 0,
                           route: route, loop: KubeletLeaseLoop.start(at: origin, booted: booted),
                           timing: KubeletLeaseLoop.Timing(KubeletSettings()))
    }

    /// The requests `stream` will send from `time` on (sent, arrival of a PUT that lands), `count` of them.
    static func upcoming(_ stream: LeaseRenewalStream, from time: SimTime, count: Int) -> [(sent: SimTime, arrival: SimTime?)] {
        var out: [(SimTime, SimTime?)] = []
        stream.forEachUpcoming(from: time) { sent, arrival in
            out.append((sent, arrival))
            return out.count < count
        }
        return out
    }

    @Test("renewals come 10 s + round trip + U(0, 0.4 s) apart, not all the same, 10.2 s + round trip on average")
    func gapsAreJittered() {
        let renewals = Self.upcoming(Self.stream(origin: .seconds(3)), from: .zero, count: 2_001)
        #expect(renewals.allSatisfy { $0.arrival == $0.sent + Self.oneWay }, "every PUT lands one way later")
        let gaps = zip(renewals.dropFirst(), renewals).map { $0.sent - $1.sent }
        let low = Self.renewInterval + Self.roundTrip, high = low + .milliseconds(400)
        #expect(gaps.allSatisfy { $0 >= low && $0 < high }, "gaps outside [\(low), \(high)): \(gaps.filter { $0 < low || $0 >= high })")
        #expect(Set(gaps).count > 1_000, "the jitter is drawn per sync")
        let mean = gaps.reduce(SimTime.zero, +).microseconds / Int64(gaps.count)
        let expected = (Self.renewInterval + Self.roundTrip + .milliseconds(200)).microseconds
        // U(0, 400 ms) has a standard deviation of 115 ms: the mean of 2,000 is within 3 ms at 1.2σ.
        #expect(abs(mean - expected) < 10_000, "mean gap \(mean) µs")
    }

    /// Each node's RenewTimes the API server held, sampled every second of a 3-minute quiet run.
    static func renewTimes(jitter: String, options: World.Options) throws -> [[SimTime]] {
        let compiled = try #require(try ScenarioRun.compiled(text: """
            duration 3m
            seed 2
            set lease-renew-jitter \(jitter)
            zone a
            site s zone a
            node n-1..3 site s
            """).first)
        let world = World(compiled, options: options)
        var seen: [[SimTime]] = Array(repeating: [], count: 3)
        for step in 1...170 {
            world.run(until: .seconds(Int64(step)))
            for index in 0..<3 {
                // The optimised path writes a quiet node's Lease only when a pass reads it: ask
                // its stream (a copy, so the run is left as it was).
                var stream = world.api.renewalStreams.isEmpty ? nil : world.api.renewalStreams[index]
                let renewed = stream?.newestSent(before: .seconds(Int64(step)))?.renewTime ?? world.api.leaseRenewTime[index]
                if let renewed, seen[index].last != renewed, renewed > .zero { seen[index].append(renewed) }
            }
        }
        return seen
    }

    @Test("lease-renew-jitter 0 keeps the exact grid: renewal k at origin + k × 10 s, whoever reads it")
    func zeroJitterIsTheGrid() throws {
        var seen: [[[SimTime]]] = []
        for options in [World.Options(), World.Options.straightforward] {
            let grid = try Self.renewTimes(jitter: "0", options: options)
            for renewals in grid {
                #expect(renewals.count >= 16)
                #expect(zip(renewals.dropFirst(), renewals).allSatisfy { $0 - $1 == Self.renewInterval }, "\(renewals)")
            }
            // Upstream's default drifts off any grid, and both paths see the same renewals.
            let jittered = try Self.renewTimes(jitter: "0.04", options: options)
            for renewals in jittered {
                #expect(renewals.count >= 15)
                #expect(Set(renewals.map { $0.microseconds % Self.renewInterval.microseconds }).count > 1, "\(renewals)")
            }
            seen.append(jittered)
        }
        #expect(seen[0] == seen[1], "the optimised and the straightforward path")
    }

    @Test("the default is upstream's 0.04")
    func defaultJitter() throws {
        let compiled = try #require(try ScenarioRun.compiled(text: "duration 1m\nzone a\nsite s zone a\nnode n site s\n").first)
        #expect(compiled.settings.kubelet.leaseRenewJitterPPM == 40_000)
        #expect(KubeletLeaseLoop.Timing(compiled.settings.kubelet).maxJitter == .milliseconds(400))
        #expect(compiled.settings.kubelet.heartbeatTimeout == Self.timeout)
    }

    /// Upstream's schedule for a kubelet whose first PUT at `first` gets no answer: the 5 PUTs
    /// of `retryUpdateLease` each time out, then GETs with the backoff between them.
    static func requestsDuringCut(from first: SimTime, until end: SimTime) -> [SimTime] {
        var sends: [SimTime] = [], at = first
        for _ in 0..<5 {
            sends.append(at)
            at += timeout
        }
        var sleep = SimTime.milliseconds(100)
        while at < end {
            sends.append(at)
            sleep = min(sleep + sleep, .seconds(7))
            at += timeout + sleep
        }
        return sends
    }

    @Test("after a cut heals the lease comes back at the first GET of the backoff schedule, and a PUT one round trip later")
    func retryAfterCut() {
        let cut = SimTime.seconds(100), heal = SimTime.seconds(400)
        var stream = Self.stream(origin: .seconds(3))
        // The first request sent during the cut.
        let firstCut = Self.upcoming(stream, from: .zero, count: 40).first { $0.sent >= cut }!.sent
        stream.reroute(nil, at: cut)
        stream.reroute(Self.route, at: heal)
        #expect(stream.newestSent(before: heal)!.renewTime < cut, "nothing renews the lease during the cut")
        let schedule = Self.requestsDuringCut(from: firstCut, until: heal + .seconds(60))
        // The GET sent before the heal fails; the first sent after it answers.
        let get = schedule.first { $0 >= heal }!
        #expect(get - heal <= Self.timeout + .seconds(7), "within a timeout and the longest backoff")
        let after = Self.upcoming(stream, from: heal, count: 3)
        #expect(after[0].sent == get && after[0].arrival == nil, "a GET first: \(after[0])")
        #expect(after[1].sent == get + Self.roundTrip && after[1].arrival == get + Self.roundTrip + Self.oneWay, "then the PUT: \(after[1])")
        // The sync that PUT ends: the next renewal one jittered interval after it returned.
        let gap = after[2].sent - (after[1].sent + Self.roundTrip)
        #expect(gap >= Self.renewInterval && gap < Self.renewInterval + .milliseconds(400))
        // The requests during the cut follow upstream's schedule exactly (seen on a route that
        // loses everything: no answer either way, as through the cut).
        var probe = Self.stream(origin: .seconds(3))
        probe.reroute(RouteProfile(links: [LinkProfile(latency: Self.oneWay, lossPPM: 1_000_000)]), at: cut)
        let during = Self.upcoming(probe, from: cut, count: schedule.count)
        #expect(during.map(\.sent) == schedule, "\(during.map(\.sent)) against \(schedule)")
    }

    @Test("a booted kubelet GETs its lease before the first PUT")
    func bootGetsFirst() {
        let requests = Self.upcoming(Self.stream(origin: .seconds(5), booted: true), from: .zero, count: 2)
        #expect(requests[0].sent == .seconds(5) && requests[0].arrival == nil)
        #expect(requests[1].sent == .seconds(5) + Self.roundTrip && requests[1].arrival == .seconds(5) + Self.roundTrip + Self.oneWay)
    }

    @Test("an API outage that begins before the answer makes the PUT fail at its timeout: the retry follows then")
    func outageCutsTheExchange() {
        let slow = RouteProfile(links: [LinkProfile(latency: .seconds(2))])
        var stream = LeaseRenewalStream(random: CounterRandom(seed: 1, stream: "kubelet-lease/test"), period: Self.renewInterval,
                                        origin: .seconds(1), life: 0, route: slow, loop: KubeletLeaseLoop.start(at: .seconds(1), booted: false),
                                        timing: KubeletLeaseLoop.Timing(KubeletSettings()))
        // The PUT sent at 1 s lands at 3 s; the API server goes down at 2 s.
        stream.dropInFlight(at: .seconds(2))
        #expect(stream.newestSent(before: .seconds(4)) == nil, "the PUT in flight never landed")
        let next = Self.upcoming(stream, from: .seconds(2), count: 1)[0]
        #expect(next.sent == .seconds(1) + Self.timeout, "the second attempt of retryUpdateLease, at once after the timeout")
    }

    @Test("lease-renew-jitter takes a fraction from 0 to 1")
    func settingValues() {
        var settings = SimulationSettings()
        let key = SimulationSettings.keys.first { $0.name == "lease-renew-jitter" }!
        #expect(key.apply(&settings, "0.1") && settings.kubelet.leaseRenewJitterPPM == 100_000)
        #expect(!key.apply(&settings, "1.5"))
        #expect(!key.apply(&settings, "-0.1"))
        #expect(!key.apply(&settings, "4%"))
    }

    /// The fuzzer's scenarios with upstream's jitter forced on (the generator pins the grid in
    /// a quarter of them), in every mode: cuts, flaps, power cycles and API outages while
    /// requests are in flight.
    @Test("the lease oracle walking the jittered loop gives the straightforward timeline and metrics", arguments: 25...30)
    func equivalenceWithJitter(seed: UInt64) throws {
        var scenario = ScenarioGenerator.generate(seed: seed)
        scenario.settings.removeAll { $0.key == "lease-renew-jitter" }
        scenario.settings.append(Setting(key: "lease-renew-jitter", value: "0.04"))
        for mode in ScenarioCompiler.implementedModes {
            let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: "fuzz-\(seed)", origin: .json), mode: mode)
            #expect(compiled.settings.kubelet.leaseRenewJitterPPM == 40_000)
            LazyKubeletEquivalenceTests.compare(compiled, checkingInvariants: false, label: "seed \(seed) \(mode) jittered")
        }
    }

    /// The jittered loop as events: each request sent on the route of its instant, its return
    /// taken up when it comes, an API outage before then making it fail at its timeout.
    struct Reference: LeaseRenewalStreamTests.Reference {
        let random: CounterRandom
        let timing = KubeletLeaseLoop.Timing(KubeletSettings())
        var life: UInt32, route: RouteProfile?, sending = true
        var loop: KubeletLeaseLoop
        var pending: (request: KubeletLeaseLoop, exchange: KubeletLeaseLoop.Exchange, interrupted: Bool)?
        var renewals: [LeaseRenewalStreamTests.Sent] = []
        var failedMessages = 0

        mutating func run(before time: SimTime) {
            while sending {
                if let (request, exchange, interrupted) = pending {
                    guard exchange.returned < time else { return }
                    loop = request.next(after: exchange, interrupted: interrupted, life: life, random: random, timing: timing)
                    pending = nil
                }
                guard loop.sent < time else { return }
                let exchange = loop.exchange(on: route, life: life, random: random, timing: timing)
                if exchange.refused || exchange.lost { failedMessages += 1 }
                if loop.isUpdate, route != nil { renewals.append(.init(renewTime: loop.sent, arrival: exchange.arrival)) }
                pending = (loop, exchange, false)
            }
        }

        mutating func apiServerDown(at time: SimTime) {
            run(before: time)
            if let (request, exchange, _) = pending, request.sent < time, time <= exchange.returned { pending!.interrupted = true }
        }

        /// A boot: the new life GETs its lease first.
        mutating func restart(at time: SimTime, life: UInt32, route: RouteProfile?) {
            self.life = life; self.route = route; sending = true
            loop = KubeletLeaseLoop.start(at: time, booted: true)
            pending = nil
        }
    }

    @Test("the stream's cursor walk matches the loop run as events on random histories", arguments: 1...40)
    func matchesReference(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let key = CounterRandom(seed: seed, stream: "test")
        let firstRoute = LeaseRenewalStreamTests.route(&random)
        let start = KubeletLeaseLoop.start(at: .seconds(3), booted: false)
        var stream = LeaseRenewalStream(random: key, period: Self.renewInterval, origin: .seconds(3), life: 0, route: firstRoute,
                                        loop: start, timing: KubeletLeaseLoop.Timing(KubeletSettings()))
        var reference = Reference(random: key, life: 0, route: firstRoute, loop: start)
        LeaseRenewalStreamTests.replayRandomHistory(&stream, &reference, random: &random, seed: seed)
    }
}
