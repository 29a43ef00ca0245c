/// A kubelet Lease update that got through: the kubelet's clock when it sent it (RenewTime)
/// and when it reaches the API server.
public struct LeaseRenewal: Sendable, Equatable {
    public var renewTime: SimTime
    public var arrival: SimTime
}

/// One kubelet's lease renewals kept as a rule instead of as events. Renewal k of a life is
/// sent at `origin + k × period`, and whether it gets through, and when it lands, follows from
/// its own counter-based draws and the route it takes — which stays the same until the next
/// fault. (k8s: component-helpers lease controller runs `wait.JitterUntilWithContext(sync,
/// renewInterval, 0.04, sliding)`: each renewal 10–10.4 s after the previous PUT returned.
/// edgesim keeps the fixed 10 s grid it always had, as the SimPy model and the seeds do.) So nothing happens while nobody
/// looks: a reader of the Lease works out the renewals sent since the last read, and a quiet
/// node costs nothing between its reads. The world ticking every renewal as events (the
/// straightforward path) gives the same Lease at every read; `LazyKubeletEquivalenceTests` checks it.
struct LeaseRenewalStream: Sendable {
    let random: CounterRandom
    let period: SimTime
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

    init(random: CounterRandom, period: SimTime, origin: SimTime, life: UInt32, route: RouteProfile?) {
        self.random = random; self.period = period; self.origin = origin; self.life = life; self.route = route
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
        guard sending, let maxDelay = route?.maxDelayIfLossless else { return nil }
        let firstSend = origin + SimTime(microseconds: count(before: time) * period.microseconds)
        return (firstSend, period, maxDelay)
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
    }

    /// Renewals refused for want of a route and renewals lost on the way, sent before `time`.
    mutating func messageCounts(before time: SimTime) -> (dropped: Int, lost: Int) {
        tally(before: time)
        return (dropped, lost)
    }
}
