/// The kubelet's node-lease controller, one request at a time.
///
/// k8s: component-helpers/apimachinery/lease/controller.go. `Run` calls `sync` under
/// `wait.JitterUntil(sync, renewInterval, 0.04, sliding=true)`: the next sync starts
/// renewInterval + U(0, 0.04 × renewInterval) after this one returned, so every renewal's
/// instant depends on all before it. `sync` PUTs the lease it last wrote (`retryUpdateLease`:
/// up to `maxUpdateRetries` = 5 attempts back to back); when all fail it falls back to
/// `backoffEnsureLease` (GET until one answers, sleeping 200 ms doubling to `maxBackoff` 7 s
/// between tries) and `retryUpdateLease` again; a kubelet that has not written the lease in
/// this process yet (a boot) starts there. Every request is a message with its own
/// counter-based draws (request, reply, and the jitter of the wait that follows), so the loop
/// is a pure function of the seed, the life and the routes its requests met: the event path
/// (`Cluster.sendLeaseRequest`) and the lease oracle (`LeaseRenewalStream`) step the same
/// values. Not modelled: optimistic-lock conflicts (only the kubelet writes its lease) and
/// `onRepeatedHeartbeatFailure` (closing the kubelet's other connections).
struct KubeletLeaseLoop: Sendable, Equatable {
    enum Request: Sendable, Equatable {
        /// PUT number `attempt` (0 to 4) of a `retryUpdateLease`; `afterEnsure`: the one that
        /// follows `backoffEnsureLease`, after which the sync ends whatever the outcome.
        case update(attempt: UInt8, afterEnsure: Bool)
        /// A GET of `backoffEnsureLease`; `sleep` is the wait before the next one if it fails.
        case ensure(sleep: SimTime)
    }

    /// The request's number in this life: its draws' counter.
    var index: Int64
    /// When the kubelet sends it (a PUT's RenewTime: the kubelet's clock at `newLease`).
    var sent: SimTime
    var request: Request

    static let maxUpdateRetries: UInt8 = 5
    static let firstBackoff = SimTime.milliseconds(200)
    static let maxBackoff = SimTime.seconds(7)
    /// Where a request's reply draws its links' delays and the sync's wait its jitter, in the
    /// message's counter-based slots (the request takes slot j for link j).
    static let replySlots: UInt64 = 128
    static let jitterSlot: UInt64 = 255

    /// The first request of a life: a running kubelet at the start of a run already holds its
    /// lease and PUTs; a booted one GETs it first (`latestLease` is nil in a new process).
    static func start(at time: SimTime, booted: Bool) -> KubeletLeaseLoop {
        KubeletLeaseLoop(index: 0, sent: time, request: booted ? .ensure(sleep: firstBackoff) : .update(attempt: 0, afterEnsure: false))
    }

    var isUpdate: Bool {
        if case .update = request { return true }
        return false
    }

    /// What became of the request on `route` (nil: no connection), decided when it is sent:
    /// later route changes do not reach a request already on its way, and only the API server
    /// going down cuts its exchange short (`next(after:interrupted:)`). A request that gets no
    /// answer fails when the client's timeout runs out.
    func exchange(on route: RouteProfile?, life: UInt32, random: CounterRandom, timing: Timing) -> Exchange {
        let failed = sent + timing.timeout
        guard let route else { return Exchange(arrival: nil, returned: failed, succeeded: false, refused: true, lost: false) }
        let counter = LeaseRenewalStream.counter(life: life, index: index)
        guard let there = route.delay(of: counter, random) else {
            return Exchange(arrival: nil, returned: failed, succeeded: false, refused: false, lost: true)
        }
        // A GET changes nothing on the server; a PUT that got there renewed the lease, answer or not.
        let arrival = isUpdate ? sent + there : nil
        guard let back = route.delay(of: counter, random, firstSlot: Self.replySlots) else {
            return Exchange(arrival: arrival, returned: failed, succeeded: false, refused: false, lost: true)
        }
        guard there + back <= timing.timeout else { return Exchange(arrival: arrival, returned: failed, succeeded: false, refused: false, lost: false) }
        return Exchange(arrival: arrival, returned: sent + there + back, succeeded: true, refused: false, lost: false)
    }

    /// The kubelet's next request once this one's `exchange` ended; `interrupted`: the API
    /// server went down while it waited for the answer, so it failed after all.
    func next(after exchange: Exchange, interrupted: Bool, life: UInt32, random: CounterRandom, timing: Timing) -> KubeletLeaseLoop {
        let succeeded = exchange.succeeded && !interrupted
        let end = succeeded ? exchange.returned : sent + timing.timeout
        switch request {
        case .update(let attempt, let afterEnsure):
            if succeeded || (afterEnsure && attempt + 1 >= Self.maxUpdateRetries) {
                return nextSync(after: end, life: life, random: random, timing: timing)
            }
            if attempt + 1 < Self.maxUpdateRetries {
                return KubeletLeaseLoop(index: index + 1, sent: end, request: .update(attempt: attempt + 1, afterEnsure: afterEnsure))
            }
            return KubeletLeaseLoop(index: index + 1, sent: end, request: .ensure(sleep: Self.firstBackoff))
        case .ensure(let sleep):
            if succeeded { return KubeletLeaseLoop(index: index + 1, sent: end, request: .update(attempt: 0, afterEnsure: true)) }
            return KubeletLeaseLoop(index: index + 1, sent: end + sleep, request: .ensure(sleep: min(sleep + sleep, Self.maxBackoff)))
        }
    }

    /// The sync ended at `end`: the next starts one jittered renew interval later (sliding).
    func nextSync(after end: SimTime, life: UInt32, random: CounterRandom, timing: Timing) -> KubeletLeaseLoop {
        KubeletLeaseLoop(index: index + 1, sent: end + timing.jitteredPeriod(life: life, index: index, random),
                         request: .update(attempt: 0, afterEnsure: false))
    }

    /// How one request ended.
    struct Exchange: Sendable, Equatable {
        /// When a PUT reached the API server (nil: a GET, or nothing got there).
        var arrival: SimTime?
        /// When the kubelet had its answer, or gave up.
        var returned: SimTime
        var succeeded: Bool
        /// For the message metrics: no connection, or the request or its reply lost.
        var refused: Bool
        var lost: Bool
    }

    /// The loop's durations, from the kubelet's settings.
    struct Timing: Sendable, Equatable {
        var period: SimTime
        /// The most the jitter adds to a period (`lease-renew-jitter` × period).
        var maxJitter: SimTime
        var timeout: SimTime

        init(_ settings: KubeletSettings) {
            period = settings.leaseRenewInterval
            // At most 21,600 s × 1,000,000 ppm: far inside Int64.
            maxJitter = SimTime(microseconds: period.microseconds * settings.leaseRenewJitterPPM / 1_000_000)
            timeout = settings.heartbeatTimeout
        }

        // k8s: apimachinery wait.Jitter — duration + rand × maxFactor × duration.
        func jitteredPeriod(life: UInt32, index: Int64, _ random: CounterRandom) -> SimTime {
            guard maxJitter > .zero else { return period }
            let bits = random.bits(LeaseRenewalStream.counter(life: life, index: index), slot: KubeletLeaseLoop.jitterSlot)
            return period + SimTime(microseconds: Int64(bits.multipliedFullWidth(by: UInt64(maxJitter.microseconds)).high))
        }
    }
}
