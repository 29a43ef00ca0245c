/// A kubelet Lease update that got through: the kubelet's clock when it sent it (RenewTime)
/// and when it reaches the API server.
public struct LeaseRenewal: Sendable, Equatable {
    public var renewTime: SimTime
    public var arrival: SimTime
}

/// One kubelet's lease renewals kept as a rule instead of as events. Renewal k of a life is
/// sent at `origin + k × period` (k8s: kubelet nodelease controller, a plain ticker), and
/// whether it gets through, and when it lands, follows from its own counter-based draws and the
/// route it takes — which stays the same until the next fault. So nothing happens while nobody
/// looks: a reader of the Lease works out the renewals sent since the last read, and a quiet
/// node costs nothing between its reads. The world ticking every renewal as events (the
/// straightforward path) gives the same Lease at every read; `LazyKubeletEquivalenceTests` checks it.
struct LeaseRenewalStream: Sendable {
    let random: CounterRandom
    let period: SimTime
    private var origin: SimTime
    private var life: UInt32
    /// The route renewals take from the first one not worked out yet; nil when none gets through.
    private var route: RouteProfile?
    /// A powered-off kubelet sends nothing.
    private var sending = true
    /// The first renewal of this life not worked out yet.
    private var next: Int64 = 0
    /// Renewals worked out that got through, oldest first, with rising arrivals: every one but
    /// the first may still be in flight. Older ones are dropped once a newer one surely landed.
    private(set) var recent: [LeaseRenewal] = []
    /// Renewals the network refused (no route) or lost, for the message metrics.
    private(set) var dropped = 0
    private(set) var lost = 0

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

    /// Works out every renewal sent before `time`.
    mutating func advance(before time: SimTime) {
        let end = sending ? count(before: time) : next
        guard end > next else { return }
        defer { next = end }
        guard let route else {
            dropped += Int(end - next)
            return
        }
        for index in next..<end {
            guard let delay = route.delay(of: Self.counter(life: life, index: index), random) else {
                lost += 1
                continue
            }
            let sent = origin + SimTime(microseconds: index * period.microseconds)
            append(LeaseRenewal(renewTime: sent, arrival: sent + delay))
        }
    }

    private mutating func append(_ renewal: LeaseRenewal) {
        // An older renewal landing no earlier than this one can never be the newest landed.
        while let last = recent.last, last.arrival >= renewal.arrival { recent.removeLast() }
        recent.append(renewal)
        // Reads come after this renewal was sent: one that landed by then settles all before it.
        while recent.count >= 2 && recent[1].arrival <= renewal.renewTime { recent.removeFirst() }
    }

    /// The newest renewal sent before `time` that got through, landed or not.
    mutating func newestSent(before time: SimTime) -> LeaseRenewal? {
        advance(before: time)
        return recent.last
    }

    /// The newest renewal that landed before `time`.
    mutating func landed(before time: SimTime) -> LeaseRenewal? {
        advance(before: time)
        guard let index = recent.lastIndex(where: { $0.arrival < time }) else { return nil }
        if index > 0 { recent.removeFirst(index) }
        return recent[0]
    }

    /// The route changes at `time`: renewals sent from then on take the new one.
    mutating func reroute(_ newRoute: RouteProfile?, at time: SimTime) {
        advance(before: time)
        route = newRoute
    }

    /// The kubelet stops at `time` (power loss); what it sent before may still land.
    mutating func stop(at time: SimTime) {
        advance(before: time)
        sending = false
    }

    /// The kubelet boots: a new life whose first renewal goes at `time`.
    mutating func restart(at time: SimTime, life: UInt32, route: RouteProfile?) {
        origin = time
        self.life = life
        self.route = route
        next = 0
        sending = true
    }

    /// The API server goes down at `time`: renewals still in flight never land.
    mutating func dropInFlight(at time: SimTime) {
        advance(before: time)
        recent.removeAll { $0.arrival >= time }
    }
}
