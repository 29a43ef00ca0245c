/// A token bucket of `qps` tokens a second holding `burst`, as client-go's
/// `NewTokenBucketRateLimiter(qps, burst)`, in the form that answers "when does the n-th of
/// these messages get through" (the generic cell rate algorithm: a theoretical arrival time).
public struct MessageDrain: Sendable, Equatable {
    /// Microseconds between tokens.
    let interval: Int64
    /// How far the theoretical arrival time may run ahead of now: the burst less one.
    let tolerance: Int64
    /// When the bucket would next be empty-handed if messages kept coming at the rate.
    private var theoreticalArrival = SimTime.zero

    public init(qps: Int64, burst: Int64) {
        interval = 1_000_000 / max(1, min(qps, 1_000_000))
        tolerance = interval * max(0, burst - 1)
    }

    /// `count` messages queued at `now` wait their turn: when the last of them gets through.
    public mutating func send(_ count: Int64, at now: SimTime) -> SimTime {
        guard count > 0 else { return now }
        let start = max(theoreticalArrival, now)
        let last = SimTime(microseconds: start.microseconds + (count - 1) * interval - tolerance)
        theoreticalArrival = SimTime(microseconds: start.microseconds + count * interval)
        return max(now, last)
    }
}
