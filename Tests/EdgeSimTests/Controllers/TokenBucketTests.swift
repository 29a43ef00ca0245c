import Testing
@testable import EdgeSim

@Suite("TokenBucket")
struct TokenBucketTests {
    /// 0.1 tokens per second, the default `--node-eviction-rate`.
    static let tenthPerSecond: Int64 = 100_000

    /// The instants in `times` at which `tryAccept` succeeds, called in order.
    static func accepted(_ bucket: inout TokenBucket, at times: [SimTime]) -> [SimTime] {
        times.filter { bucket.tryAccept(now: $0) }
    }

    @Test("0.1/s starts full and then gives exactly one token every 10 s")
    func tenthPerSecond() {
        var bucket = TokenBucket(qpsMicro: Self.tenthPerSecond, now: .zero)
        let times: [SimTime] = [.zero, .zero, .microseconds(9_999_999), .seconds(10), .seconds(10), .seconds(19),
                                .seconds(20), .seconds(30)]
        #expect(Self.accepted(&bucket, at: times) == [.zero, .seconds(10), .seconds(20), .seconds(30)])
    }

    @Test("the bucket holds one token at most, however long it idles")
    func burstIsOne() {
        var bucket = TokenBucket(qpsMicro: Self.tenthPerSecond, now: .zero)
        let year = SimTime.seconds(86_400 * 365)
        let tenLater = year + .seconds(10)
        let accepted = Self.accepted(&bucket, at: [year, year, tenLater])
        #expect(accepted == [year, tenLater])
    }

    // x/time/rate reserveN: a zero limit spends the burst and then refuses (golang/go#39984;
    // upstream's TestZeroLimit-style case: NewLimiter(0, 1) allows exactly one event).
    @Test("a token bucket of rate 0 gives its one burst token, then none, and reports 0")
    func zeroRateGivesTheBurstOnly() {
        var bucket = TokenBucket(qpsMicro: 0, now: .zero)
        #expect(Self.accepted(&bucket, at: [.seconds(5), .seconds(10), .seconds(1_000_000)]) == [.seconds(5)])
        #expect(bucket.reportedQPSMicro == 0)
    }

    @Test("the fake-never limiter never accepts and reports 1.0, as client-go's")
    func fakeNeverNeverAccepts() {
        var bucket = TokenBucket.fakeNever
        #expect(Self.accepted(&bucket, at: [.zero, .seconds(10), .seconds(1_000_000)]).isEmpty)
        #expect(bucket.reportedQPSMicro == 1_000_000)
        #expect(TokenBucket(qpsMicro: Self.tenthPerSecond, now: .zero).reportedQPSMicro == Self.tenthPerSecond)
    }

    @Test("time running backwards neither adds nor removes tokens")
    func backwardsTime() {
        var bucket = TokenBucket(qpsMicro: Self.tenthPerSecond, now: .seconds(100))
        #expect(Self.accepted(&bucket, at: [.seconds(100), .seconds(50), .seconds(109), .seconds(110)]) == [.seconds(100), .seconds(110)])
    }
}
