/// A token bucket with burst 1, as client-go's `NewTokenBucketRateLimiter(qps, 1)` over
/// `golang.org/x/time/rate`, in integers: the rate in millionths of a token per second and the
/// bucket in 10⁻¹² tokens, so 0.1/s gives exactly one token every 10 s.
///
/// A rate of 0 is client-go's `NewFakeNeverRateLimiter`: it never accepts.
public struct TokenBucket: Sendable {
    /// Tokens per second × 10⁶; 0 never accepts.
    public let qpsMicro: Int64
    private var tokens: Int64
    private var last: SimTime
    private static let oneToken: Int64 = 1_000_000_000_000

    /// A bucket that starts full, as `rate.NewLimiter` does.
    public init(qpsMicro: Int64, now: SimTime) {
        self.qpsMicro = max(0, qpsMicro)
        tokens = Self.oneToken
        last = now
    }

    // k8s: flowcontrol.fakeNeverRateLimiter.QPS returns 1, which SwapLimiter compares against.
    /// What `RateLimiter.QPS()` reports, in millionths.
    public var reportedQPSMicro: Int64 { qpsMicro == 0 ? 1_000_000 : qpsMicro }

    /// `TryAccept`: takes a token if one is there.
    public mutating func tryAccept(now: SimTime) -> Bool {
        guard qpsMicro > 0 else { return false }
        refill(now: now)
        guard tokens >= Self.oneToken else { return false }
        tokens -= Self.oneToken
        return true
    }

    private mutating func refill(now: SimTime) {
        let elapsed = max(0, now.microseconds - last.microseconds)
        last = max(last, now)
        // Cap the elapsed time before multiplying, so a day-long idle bucket cannot overflow.
        let needed = Self.oneToken / qpsMicro + 1
        tokens = min(Self.oneToken, tokens + min(elapsed, needed) * qpsMicro)
    }
}
