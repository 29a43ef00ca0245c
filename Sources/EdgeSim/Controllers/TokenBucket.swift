/// A token bucket with burst 1, as client-go's `NewTokenBucketRateLimiter(qps, 1)` over
/// `golang.org/x/time/rate`, in integers: the rate in millionths of a token per second and the
/// bucket in 10⁻¹² tokens, so 0.1/s gives exactly one token every 10 s.
///
/// Two limiters accept nothing new: a token bucket of rate 0 still holds its one burst token
/// (x/time/rate ≥ v0.3.0, vendored by Kubernetes 1.28–1.35: `reserveN` on a zero limit spends
/// the burst, golang/go#39984), and client-go's `NewFakeNeverRateLimiter`, which `SwapLimiter`
/// installs for a rate of 0, never accepts at all.
public struct TokenBucket: Sendable {
    /// Tokens per second × 10⁶; 0 gives only the burst token.
    public let qpsMicro: Int64
    /// client-go's fake-never limiter rather than a token bucket.
    public let never: Bool
    private var tokens: Int64
    private var last: SimTime
    private static let oneToken: Int64 = 1_000_000_000_000

    // k8s: flowcontrol.NewTokenBucketRateLimiter → rate.NewLimiter(qps, 1)
    /// A bucket that starts full, as `rate.NewLimiter` does.
    public init(qpsMicro: Int64, now: SimTime) {
        self.qpsMicro = max(0, qpsMicro)
        never = false
        tokens = Self.oneToken
        last = now
    }

    private init(never: Void) {
        qpsMicro = 0
        self.never = true
        tokens = 0
        last = .zero
    }

    // k8s: flowcontrol.NewFakeNeverRateLimiter
    /// The limiter `SwapLimiter` installs for a rate of 0 or less: it never accepts.
    public static let fakeNever = TokenBucket(never: ())

    // k8s: flowcontrol.fakeNeverRateLimiter.QPS returns 1, which SwapLimiter compares against;
    // tokenBucketRateLimiter.QPS returns its rate, 0 included.
    /// What `RateLimiter.QPS()` reports, in millionths.
    public var reportedQPSMicro: Int64 { never ? 1_000_000 : qpsMicro }

    /// `TryAccept`: takes a token if one is there.
    public mutating func tryAccept(now: SimTime) -> Bool {
        guard !never else { return false }
        if qpsMicro > 0 { refill(now: now) }
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
