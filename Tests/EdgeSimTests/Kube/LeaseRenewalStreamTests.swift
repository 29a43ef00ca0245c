@testable import EdgeSim
import Testing

/// `LeaseRenewalStream` skips work: it walks back from the newest renewal and prunes what no
/// later read can see. Checked against the plain definition — every renewal sent, with the
/// route it went on, minus those an API outage caught in flight — over random routes (delays
/// longer than the period included), reroutes, power cycles, outages and reads.
struct LeaseRenewalStreamTests {
    struct Sent { var renewTime: SimTime; var arrival: SimTime? }

    /// The stream's two reads at `now` against what a reference sent: the newest renewal that got
    /// through (landed or in flight) and the newest landed, leaving out those an API outage lost.
    static func expectReads(_ stream: inout LeaseRenewalStream, sent: [Sent], lost: Set<SimTime>, now: SimTime, seed: UInt64) {
        let through = sent.filter { $0.arrival != nil && !lost.contains($0.renewTime) }
        let expectedSent = through.last
        let expectedLanded = through.filter { $0.arrival! < now }.max { $0.renewTime < $1.renewTime }
        let newest = stream.newestSent(before: now), landed = stream.landed(before: now)
        #expect(newest?.renewTime == expectedSent?.renewTime && newest?.arrival == expectedSent?.arrival, "seed \(seed) at \(now): newest sent")
        #expect(landed?.renewTime == expectedLanded?.renewTime && landed?.arrival == expectedLanded?.arrival, "seed \(seed) at \(now): landed")
    }

    /// A straightforward model of one kubelet's renewals, driven through a random history
    /// alongside the stream (`replayRandomHistory`).
    protocol Reference {
        var route: RouteProfile? { get set }
        var sending: Bool { get set }
        /// The PUTs sent so far that the route took, landed or lost (arrival nil).
        var renewals: [Sent] { get }
        /// Requests refused or lost so far.
        var failedMessages: Int { get }
        mutating func run(before time: SimTime)
        mutating func restart(at time: SimTime, life: UInt32, route: RouteProfile?)
        mutating func apiServerDown(at time: SimTime)
    }

    /// The exact grid: every renewal, worked out as it is sent.
    struct GridReference: Reference {
        let random: CounterRandom
        let period: SimTime
        var origin: SimTime, life: UInt32, route: RouteProfile?, sending = true
        var renewals: [Sent] = []
        var nextIndex: Int64 = 0
        var failedMessages: Int { renewals.filter { $0.arrival == nil }.count }

        mutating func run(before time: SimTime) {
            while sending, origin + period * nextIndex < time {
                let at = origin + period * nextIndex
                let delay = route?.delay(of: LeaseRenewalStream.counter(life: life, index: nextIndex), random)
                renewals.append(Sent(renewTime: at, arrival: delay.map { at + $0 }))
                nextIndex += 1
            }
        }

        mutating func restart(at time: SimTime, life: UInt32, route: RouteProfile?) {
            origin = time; self.life = life; self.route = route; nextIndex = 0; sending = true
        }

        /// Renewals in flight are lost: the caller's `lost` set says so.
        mutating func apiServerDown(at time: SimTime) { run(before: time) }
    }

    /// Reroutes, stops, reboots and API outages at random instants, each followed a little later
    /// by the reads a pass makes: the stream's against the reference's; then the message counts.
    static func replayRandomHistory<R: Reference>(_ stream: inout LeaseRenewalStream, _ reference: inout R,
                                                  random: inout SeededRandom, seed: UInt64) {
        var lost: Set<SimTime> = []  // renewal times caught in flight by an outage
        var now = SimTime.zero
        var life: UInt32 = 0
        for _ in 0..<60 {
            now += .microseconds(Int64(random.uniform(below: 90_000_000)))
            reference.run(before: now)
            switch random.uniform(below: 8) {
            case 0:
                let route = Self.route(&random)
                stream.reroute(route, at: now)
                reference.route = route
            case 1 where reference.sending:
                stream.stop(at: now)
                reference.sending = false
            case 2 where !reference.sending:
                life += 2
                let route = Self.route(&random)
                stream.restart(at: now, life: life, route: route)
                reference.restart(at: now, life: life, route: route)
            case 3:
                stream.dropInFlight(at: now)
                reference.apiServerDown(at: now)
                for renewal in reference.renewals where renewal.arrival.map({ $0 >= now }) ?? false { lost.insert(renewal.renewTime) }
            default:
                break
            }
            now += .microseconds(Int64(random.uniform(below: 12_000_000)))
            reference.run(before: now)
            expectReads(&stream, sent: reference.renewals, lost: lost, now: now, seed: seed)
        }
        let counts = stream.messageCounts(before: now)
        #expect(counts.dropped + counts.lost == reference.failedMessages, "seed \(seed): refused and lost requests")
    }

    static func route(_ random: inout SeededRandom) -> RouteProfile? {
        if random.uniform(below: 5) == 0 { return nil }
        let links = (0..<(1 + Int(random.uniform(below: 3)))).map { _ in
            LinkProfile(latency: .milliseconds(Int64(random.uniform(below: 2) == 0 ? random.uniform(below: 100) : random.uniform(below: 25_000))),
                        jitter: .milliseconds(Int64(random.uniform(below: 3_000))),
                        lossPPM: [0, 10_000, 500_000, 900_000][Int(random.uniform(below: 4))])
        }
        return RouteProfile(links: links)
    }

    @Test("reads match the plain definition on random histories", arguments: 1...40)
    func matchesReference(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let period = SimTime.seconds(10)
        let key = CounterRandom(seed: seed, stream: "test")
        let firstRoute = Self.route(&random)
        var stream = LeaseRenewalStream(random: key, period: period, origin: .seconds(3), life: 0, route: firstRoute)
        var reference = GridReference(random: key, period: period, origin: .seconds(3), life: 0, route: firstRoute)
        Self.replayRandomHistory(&stream, &reference, random: &random, seed: seed)
    }

    @Test("a quiet node's look ahead lists the renewals the stream will then report")
    func lookAheadAgreesWithLaterReads() {
        let route = RouteProfile(links: [LinkProfile(latency: .milliseconds(30), jitter: .milliseconds(20), lossPPM: 300_000)])
        var stream = LeaseRenewalStream(random: CounterRandom(seed: 9, stream: "look"), period: .seconds(10), origin: .seconds(4), life: 0, route: route)
        var upcoming: [(SimTime, SimTime?)] = []
        stream.forEachUpcoming(from: .seconds(100)) { sent, arrival in
            upcoming.append((sent, arrival))
            return sent < .seconds(400)
        }
        #expect(upcoming.first?.0 == .seconds(104))
        #expect(upcoming.contains { $0.1 == nil }, "a 30 % loss should lose one of 31 renewals")
        for (sent, arrival) in upcoming where arrival != nil {
            #expect(stream.newestSent(before: sent + .microseconds(1))?.arrival == arrival)
        }
    }
    /// `landingChain` against every renewal worked out: a chain it finds starts at the first
    /// renewal that lands, has no gap longer than its stride and reaches within a stride of the
    /// horizon; when it finds none, `stride` renewals in a row before the horizon are lost.
    @Test("the landing chain over a lossy route agrees with working every renewal out", arguments: 1...60)
    func landingChainAgreesWithEveryRenewal(seed: UInt64) {
        var draw = SeededRandom(seed: seed, stream: "landing-chain")
        let period = SimTime.seconds(10)
        let lossPPM = [10_000, 100_000, 300_000, 600_000][Int(seed % 4)]
        let route = RouteProfile(links: [LinkProfile(latency: .milliseconds(30), jitter: .milliseconds(20), lossPPM: lossPPM)])
        let random = CounterRandom(seed: seed, stream: "kubelet-lease/test")
        let origin = draw.duration(upTo: .seconds(9))
        let stream = LeaseRenewalStream(random: random, period: period, origin: origin, life: 0, route: route)
        let stride = Int64(2 + seed % 3)
        let time = origin + draw.duration(upTo: .minutes(30)), horizon = time + .minutes(1 + Int64(seed % 60))
        func sent(_ index: Int64) -> SimTime { origin + period * index }
        func lands(_ index: Int64) -> Bool { route.delay(of: LeaseRenewalStream.counter(life: 0, index: index), random) != nil }
        var start: Int64 = 0
        while sent(start) < time { start += 1 }
        if let chain = stream.landingChain(stride: stride, from: time, before: horizon) {
            var first = start
            while !lands(first) { first += 1 }
            #expect(chain.firstSend == sent(first), "seed \(seed): the chain starts at the first renewal that lands")
            var previous = first, index = first + 1
            while sent(index) <= chain.lastSend {
                if lands(index) {
                    #expect(index - previous <= stride, "seed \(seed): a gap of \(index - previous) renewals")
                    previous = index
                }
                index += 1
            }
            #expect(sent(previous) == chain.lastSend && lands(previous))
            #expect(sent(previous + stride) >= horizon, "seed \(seed): the chain stops a stride or less short of the horizon")
        } else {
            var run: Int64 = 0, longest: Int64 = 0, index = start
            while sent(index) < horizon || index < start + stride {
                run = lands(index) ? 0 : run + 1
                longest = max(longest, run)
                index += 1
            }
            #expect(longest >= stride, "seed \(seed): no chain, but no \(stride) lost in a row either")
        }
    }
}
