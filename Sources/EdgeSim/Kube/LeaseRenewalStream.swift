/// A kubelet Lease update that got through: the kubelet's clock when it sent it (RenewTime)
/// and when it reaches the API server.
public struct LeaseRenewal: Sendable, Equatable {
    public var renewTime: SimTime
    public var arrival: SimTime
}

/// One kubelet's lease renewals kept as a rule instead of as events. Whether a request gets
/// through, and when it lands, follows from its own counter-based draws and the route it
/// takes — which stays the same until the next fault. So nothing happens while nobody looks: a
/// reader of the Lease works out the renewals sent since the last read, and a quiet node costs
/// nothing between its reads. The world sending every renewal as events (the straightforward
/// path) gives the same Lease at every read; `LazyKubeletEquivalenceTests` checks it.
///
/// Two rules. Upstream's (`loop` set, `lease-renew-jitter` above 0): the lease controller's
/// requests one after another (`KubeletLeaseLoop`), each sent when the one before returned or
/// its wait ran out, so a read walks the requests since the last read from a cursor — a few
/// hashes each, no allocation. The exact grid (`lease-renew-jitter 0`): renewal k of a life is
/// sent at `origin + k × period` whatever became of the ones before, so a read jumps to the
/// newest and walks back only as far as one that landed.
struct LeaseRenewalStream: Sendable {
    let random: CounterRandom
    let period: SimTime
    let timing: KubeletLeaseLoop.Timing
    /// The lease controller's next request when renewals slide (nil: the exact grid).
    private var loop: KubeletLeaseLoop?
    /// The last request worked out and its exchange: an API outage that begins before it
    /// returned makes it fail after all (`dropInFlight`).
    private var previous: (request: KubeletLeaseLoop, exchange: KubeletLeaseLoop.Exchange)?
    private var origin: SimTime
    private var life: UInt32
    /// The route renewals take from the first one not worked out yet; nil when none gets through.
    private(set) var route: RouteProfile?
    /// A powered-off kubelet sends nothing.
    private var sending = true
    /// The first renewal of this life not worked out yet.
    private var next: Int64 = 0
    /// The first renewal of this life not counted in `dropped` or `lost` yet: counting is
    /// separate because working out skips renewals that cannot matter to any read.
    private var nextCounted: Int64 = 0
    /// Renewals worked out that got through, oldest first, with rising arrivals: every one but
    /// the first may still be in flight. Older ones are dropped once a newer one surely landed.
    private(set) var recent: [LeaseRenewal] = []
    /// Renewals the network refused (no route) or lost, for the message metrics.
    private var dropped = 0
    private var lost = 0

    init(random: CounterRandom, period: SimTime, origin: SimTime, life: UInt32, route: RouteProfile?,
         loop: KubeletLeaseLoop? = nil, timing: KubeletLeaseLoop.Timing = .init(KubeletSettings())) {
        self.random = random; self.period = period; self.origin = origin; self.life = life; self.route = route
        // The timing is the loop's: the exact grid needs only the period.
        self.loop = loop; self.timing = timing
    }

    /// Renewal `index` of `life`'s position in the counter-based stream, shared with the
    /// straightforward path so both draw the same numbers for the same message.
    static func counter(life: UInt32, index: Int64) -> UInt64 { UInt64(life) << 40 | UInt64(index) }

    /// How many renewals of this life are sent strictly before `time`. Renewals sent at an
    /// instant shared with other events go after them, as the late ticks they would have been.
    private func count(before time: SimTime) -> Int64 {
        guard time > origin else { return 0 }
        return ((time - origin).microseconds + period.microseconds - 1) / period.microseconds
    }

    @inline(__always)
    private func renewal(_ index: Int64, on route: RouteProfile) -> LeaseRenewal? {
        guard let delay = route.delay(of: Self.counter(life: life, index: index), random) else { return nil }
        let sent = origin + SimTime(microseconds: index * period.microseconds)
        return LeaseRenewal(renewTime: sent, arrival: sent + delay)
    }

    /// Works out the renewals sent before `time` that a read at or after it can see. Walking
    /// back from the newest, it stops at the first that landed before the newest was sent:
    /// everything older is settled, so a node read once an hour costs a few renewals, not 360.
    mutating func advance(before time: SimTime) {
        if loop != nil { return walk(before: time) }
        let end = sending ? count(before: time) : next
        guard end > next else { return }
        defer { next = end }
        guard let route else { return }
        var from = next, newestSent: SimTime?
        for index in stride(from: end - 1, through: next, by: -1) {
            guard let renewal = renewal(index, on: route) else { continue }
            if newestSent == nil { newestSent = renewal.renewTime }
            if renewal.arrival <= newestSent! {
                from = index
                recent.removeAll()
                break
            }
        }
        for index in from..<end {
            if let renewal = renewal(index, on: route) { append(renewal) }
        }
    }

    /// Upstream's rule: works out every request sent before `time`, in order, from the cursor.
    private mutating func walk(before time: SimTime) {
        guard sending, var request = loop, request.sent < time else { return }
        while request.sent < time {
            let exchange = request.exchange(on: route, life: life, random: random, timing: timing)
            if exchange.refused { dropped += 1 }
            if exchange.lost { lost += 1 }
            if let arrival = exchange.arrival { append(LeaseRenewal(renewTime: request.sent, arrival: arrival)) }
            previous = (request, exchange)
            request = request.next(after: exchange, interrupted: false, life: life, random: random, timing: timing)
        }
        loop = request
    }

    private mutating func append(_ renewal: LeaseRenewal) {
        // The usual case, delays far shorter than the period: the previous renewal landed
        // before this one went and lands first, so it replaces the one before it in place.
        if recent.count == 2, recent[1].arrival <= renewal.renewTime, recent[1].arrival < renewal.arrival {
            recent[0] = recent[1]
            recent[1] = renewal
            return
        }
        // An older renewal landing no earlier than this one can never be the newest landed.
        while let last = recent.last, last.arrival >= renewal.arrival { recent.removeLast() }
        recent.append(renewal)
        // Reads come after this renewal was sent: one that landed by then settles all before it.
        while recent.count >= 2 && recent[1].arrival <= renewal.renewTime { recent.removeFirst() }
    }

    /// Counts the renewals sent before `time` as dropped or lost, on the current route.
    private mutating func tally(before time: SimTime) {
        // Upstream's rule counts as it walks.
        if loop != nil { return walk(before: time) }
        let end = sending ? count(before: time) : nextCounted
        guard end > nextCounted else { return }
        defer { nextCounted = end }
        guard let route else {
            dropped += Int(end - nextCounted)
            return
        }
        for index in nextCounted..<end where route.isLost(Self.counter(life: life, index: index), random) { lost += 1 }
    }

    /// The newest renewal sent before `time` that got through, landed or not.
    mutating func newestSent(before time: SimTime) -> LeaseRenewal? {
        advance(before: time)
        return recent.last
    }

    /// The renewals sent before `time` that a reader may not have settled yet, oldest first: the
    /// newest that landed and those still in flight.
    mutating func recentRenewals(before time: SimTime) -> [LeaseRenewal] {
        advance(before: time)
        return recent
    }

    /// The newest renewal that landed before `time`.
    mutating func landed(before time: SimTime) -> LeaseRenewal? {
        advance(before: time)
        guard let index = recent.lastIndex(where: { $0.arrival < time }) else { return nil }
        if index > 0 { recent.removeFirst(index) }
        return recent[0]
    }

    /// The renewals this kubelet will send from `time` on if its route stays as it is — when
    /// each goes and when it lands, nil if lost — in order, until `body` returns false: a
    /// look ahead that settles nothing.
    func forEachUpcoming(from time: SimTime, _ body: (_ sent: SimTime, _ arrival: SimTime?) -> Bool) {
        guard sending, let route else { return }
        if var request = loop {
            // Every request goes to `body`, a GET or a lost PUT with no arrival: the sends
            // rise, so a caller's horizon ends the walk even when nothing gets through.
            while true {
                let exchange = request.exchange(on: route, life: life, random: random, timing: timing)
                if request.sent >= time, !body(request.sent, exchange.arrival) { return }
                request = request.next(after: exchange, interrupted: false, life: life, random: random, timing: timing)
            }
        }
        var index = count(before: time)
        while true {
            let sent = origin + SimTime(microseconds: index * period.microseconds)
            let delay = route.delay(of: Self.counter(life: life, index: index), random)
            if !body(sent, delay.map { sent + $0 }) { return }
            index += 1
        }
    }

    /// What holds of every renewal sent from `time` on while the route stays as it is, when
    /// each surely lands: the first is sent at `firstSend`, each next one at most `maxGap` after
    /// the one before, and each lands at most `maxDelay` after it was sent. nil when the kubelet
    /// is not sending or the route may lose a message.
    func landingBound(from time: SimTime) -> (firstSend: SimTime, maxGap: SimTime, maxDelay: SimTime)? {
        guard sending, let route, let maxDelay = route.maxDelayIfLossless else { return nil }
        guard var request = loop else {
            let firstSend = origin + SimTime(microseconds: count(before: time) * period.microseconds)
            return (firstSend, period, maxDelay)
        }
        // Upstream's loop: on a route that loses nothing, every exchange is answered within two
        // delays; if that fits the client's timeout, every PUT succeeds and the next is the next
        // sync's, sent a jittered period after the answer. (A GET first — after a boot or
        // failures — is left to the walk.)
        guard maxDelay + maxDelay <= timing.timeout else { return nil }
        while request.sent < time {
            let exchange = request.exchange(on: route, life: life, random: random, timing: timing)
            request = request.next(after: exchange, interrupted: false, life: life, random: random, timing: timing)
        }
        guard request.isUpdate else { return nil }
        return (request.sent, timing.period + timing.maxJitter + maxDelay + maxDelay, maxDelay)
    }

    /// On the exact grid, while the route stays as it is: a chain of renewals sent from `time`
    /// on, each landing no more than `stride` renewals after the one before, up to the last
    /// `stride` before `horizon` — found by jumping `stride` ahead and stepping back over lost
    /// ones, so most renewals are never looked at. The first and last sends of the chain; nil
    /// when `stride` renewals in a row are lost, on upstream's loop, or when the kubelet is not
    /// sending.
    func landingChain(stride: Int64, from time: SimTime, before horizon: SimTime) -> (firstSend: SimTime, lastSend: SimTime)? {
        guard loop == nil, sending, let route, stride >= 1 else { return nil }
        func sent(_ index: Int64) -> SimTime { origin + SimTime(microseconds: index * period.microseconds) }
        func lands(_ index: Int64) -> Bool { !route.isLost(Self.counter(life: life, index: index), random) }
        let start = count(before: time)
        var landed = start
        while !lands(landed) {
            landed += 1
            if landed - start >= stride { return nil }
        }
        let first = sent(landed)
        guard first < horizon else { return nil }
        while sent(landed + stride) < horizon {
            var next = landed + stride
            while !lands(next) {
                next -= 1
                if next == landed { return nil }
            }
            landed = next
        }
        return (first, sent(landed))
    }

    /// The route changes at `time`: renewals sent from then on take the new one.
    mutating func reroute(_ newRoute: RouteProfile?, at time: SimTime) {
        guard newRoute != route else { return }
        advance(before: time)
        tally(before: time)
        route = newRoute
    }

    /// The kubelet stops at `time` (power loss); what it sent before may still land.
    mutating func stop(at time: SimTime) {
        advance(before: time)
        tally(before: time)
        sending = false
    }

    /// The kubelet boots: a new life whose first renewal goes at `time`.
    mutating func restart(at time: SimTime, life: UInt32, route: RouteProfile?) {
        if loop != nil {
            loop = KubeletLeaseLoop.start(at: time, booted: true)
            previous = nil
        }
        origin = time
        self.life = life
        self.route = route
        next = 0
        nextCounted = 0
        sending = true
    }

    /// The API server goes down at `time`: renewals still in flight never land.
    mutating func dropInFlight(at time: SimTime) {
        advance(before: time)
        recent.removeAll { $0.arrival >= time }
        // The request the kubelet waits on gets no answer now: it fails when its timeout runs
        // out, and what follows moves with it.
        if sending, let (request, exchange) = previous, exchange.succeeded, request.sent < time, time <= exchange.returned {
            loop = request.next(after: exchange, interrupted: true, life: life, random: random, timing: timing)
            previous = nil
        }
    }

    /// Renewals refused for want of a route and renewals lost on the way, sent before `time`.
    mutating func messageCounts(before time: SimTime) -> (dropped: Int, lost: Int) {
        tally(before: time)
        return (dropped, lost)
    }
}
