import Testing
@testable import EdgeSim

@Suite("RateLimitedTimedQueue")
struct RateLimitedTimedQueueTests {
    static let tenthPerSecond: Int64 = 100_000
    static let fast: Int64 = 1_000_000_000

    /// Runs `tryProcess` and returns the nodes handed to the action; `retry` decides each reply.
    static func process(_ queue: inout RateLimitedTimedQueue, at time: SimTime,
                        retry: (NodeID) -> SimTime? = { _ in nil }) -> [NodeID] {
        var handled: [NodeID] = []
        queue.tryProcess(now: time) { node in
            handled.append(node)
            return retry(node)
        }
        return handled
    }

    /// A queue whose bucket spent its token at zero (on a node that then stays in the set).
    static func drainedQueue(qpsMicro: Int64) -> RateLimitedTimedQueue {
        var queue = RateLimitedTimedQueue(qpsMicro: qpsMicro, now: .zero)
        queue.add(NodeID(99), now: .zero)
        _ = process(&queue, at: .zero)
        return queue
    }

    // MARK: - SwapLimiter

    @Test("swapLimiter is a no-op when the reported rate is unchanged")
    func swapSameRateIsNoOp() {
        var queue = Self.drainedQueue(qpsMicro: Self.tenthPerSecond)
        // Half a token accrued by 5 s survives the swap; a new bucket (full or drained) would not give one at 10 s and none before.
        queue.swapLimiter(qpsMicro: Self.tenthPerSecond, now: .seconds(5))
        var limiter = queue.limiter
        #expect(limiter.tryAccept(now: .microseconds(9_999_999)) == false)
        #expect(limiter.tryAccept(now: .seconds(10)) == true)
    }

    @Test("a never-limiter reports 1.0, so swapping it to exactly 1.0/s keeps it never accepting")
    func fakeNeverReportsOne() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.tenthPerSecond, now: .zero)
        queue.swapLimiter(qpsMicro: 0, now: .zero)
        queue.swapLimiter(qpsMicro: 1_000_000, now: .seconds(1))
        #expect(queue.limiter.never)
        var limiter = queue.limiter
        #expect(limiter.tryAccept(now: .seconds(100)) == false)
    }

    @Test("a replacement starts drained when the old bucket had no token: first token after 1/q")
    func drainedReplacement() {
        var queue = Self.drainedQueue(qpsMicro: Self.tenthPerSecond)
        queue.swapLimiter(qpsMicro: 200_000, now: .seconds(1))
        var limiter = queue.limiter
        #expect(limiter.qpsMicro == 200_000)
        #expect(limiter.tryAccept(now: .microseconds(5_999_999)) == false)
        #expect(limiter.tryAccept(now: .seconds(6)) == true)
    }

    @Test("leaving a rate of 0 waits a whole period before the first token")
    func leavingZeroWaitsAPeriod() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.tenthPerSecond, now: .zero)
        queue.swapLimiter(qpsMicro: 0, now: .zero)
        queue.swapLimiter(qpsMicro: Self.tenthPerSecond, now: .seconds(100))
        var limiter = queue.limiter
        #expect(limiter.tryAccept(now: .seconds(109)) == false)
        #expect(limiter.tryAccept(now: .seconds(110)) == true)
    }

    // k8s: addPodEvictorForNewZone builds NewTokenBucketRateLimiter(evictionLimiterQPS, 1) even
    // for --node-eviction-rate 0; x/time/rate lets a zero limit spend its burst once.
    @Test("a new zone's queue at rate 0 processes one node, then no other, and swapping to 0 keeps it")
    func zeroRateZoneProcessesOneNode() {
        var queue = RateLimitedTimedQueue(qpsMicro: 0, now: .zero)
        // Initial → Normal: SwapLimiter(0) is a no-op, the bucket reports 0.
        queue.swapLimiter(qpsMicro: 0, now: .zero)
        #expect(!queue.limiter.never)
        queue.add(NodeID(0), now: .seconds(1))
        queue.add(NodeID(1), now: .seconds(1))
        var processed: [NodeID] = []
        for time in [SimTime.seconds(1), .seconds(11), .seconds(1_000)] {
            queue.tryProcess(now: time) { processed.append($0); return nil }
        }
        #expect(processed == [NodeID(0)])
    }

    @Test("a replacement starts full when the old bucket still had its token")
    func fullReplacement() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.tenthPerSecond, now: .zero)
        queue.swapLimiter(qpsMicro: 200_000, now: .seconds(1))
        var limiter = queue.limiter
        #expect(limiter.tryAccept(now: .seconds(1)) == true)
    }

    // MARK: - Add, Remove, Try

    @Test("add is a no-op while the node is in the set")
    func addDeduplicates() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.fast, now: .zero)
        #expect(queue.add(NodeID(1), now: .zero) == true)
        #expect(queue.add(NodeID(1), now: .seconds(5)) == false)
        #expect(queue.waiting == [NodeID(1)])
    }

    @Test("a processed node leaves the queue but stays in the set until remove")
    func processedStaysInSet() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.fast, now: .zero)
        queue.add(NodeID(1), now: .zero)
        #expect(Self.process(&queue, at: .seconds(1)) == [NodeID(1)])
        #expect(queue.waiting.isEmpty)
        #expect(queue.add(NodeID(1), now: .seconds(2)) == false)
        #expect(Self.process(&queue, at: .seconds(3)).isEmpty)
        queue.remove(NodeID(1))
        #expect(queue.add(NodeID(1), now: .seconds(4)) == true)
        #expect(Self.process(&queue, at: .seconds(5)) == [NodeID(1)])
    }

    @Test("nodes added at one instant are processed in insertion order, one per token")
    func processesInOrderPerToken() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.tenthPerSecond, now: .zero)
        for index in [3, 1, 2] { queue.add(NodeID(index), now: .zero) }
        #expect(Self.process(&queue, at: .zero) == [NodeID(3)])
        #expect(Self.process(&queue, at: .seconds(5)).isEmpty)
        #expect(Self.process(&queue, at: .seconds(10)) == [NodeID(1)])
        #expect(Self.process(&queue, at: .seconds(20)) == [NodeID(2)])
    }

    @Test("tryProcess spends a token before it checks the head's processAt")
    func tokenSpentBeforeProcessAt() {
        var queue = RateLimitedTimedQueue(qpsMicro: 1_000_000, now: .zero)
        queue.add(NodeID(0), now: .zero)
        // A retry puts the node back at 1 s + 1 µs.
        #expect(Self.process(&queue, at: .zero, retry: { _ in .seconds(1) }) == [NodeID(0)])
        #expect(queue.waiting == [NodeID(0)])
        // At 1 s a token is there but the head is not due: the token is spent anyway.
        #expect(Self.process(&queue, at: .seconds(1)).isEmpty)
        // So at 1 s + 1 µs, when it is due, there is no token.
        #expect(Self.process(&queue, at: .microseconds(1_000_001)).isEmpty)
        #expect(Self.process(&queue, at: .seconds(2)) == [NodeID(0)])
    }

    @Test("remove drops a waiting node from the queue")
    func removeDropsWaiting() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.fast, now: .zero)
        queue.add(NodeID(1), now: .zero)
        queue.add(NodeID(2), now: .zero)
        queue.remove(NodeID(1))
        #expect(queue.waiting == [NodeID(2)])
        #expect(Self.process(&queue, at: .seconds(1)) == [NodeID(2)])
    }

    @Test("a zone re-queued on every pass keeps its order through tombstones and compactions")
    func requeueEveryPassKeepsOrder() {
        // A fully disrupted zone (rate 0): every pass removes and re-adds each untainted node,
        // in node order, at the pass's time. 500 nodes for 10 passes leave thousands of
        // tombstones behind; the queue must still hold each node once, in the last pass's order.
        var queue = RateLimitedTimedQueue(qpsMicro: 0, now: .zero)
        let nodes = (0..<500).map { NodeID($0) }
        for pass in 0..<10 {
            let now = SimTime.seconds(Int64(pass) * 5)
            for node in nodes { queue.remove(node); queue.add(node, now: now) }
            #expect(queue.waiting == nodes)
        }
        // Removing every other node leaves the rest, still in order, and once the bucket gives
        // tokens they are processed in that order and nothing removed comes back.
        for node in nodes where node.index % 2 == 0 { queue.remove(node) }
        #expect(queue.hasWaiting)
        queue.swapLimiter(qpsMicro: Self.fast, now: .seconds(50))
        // One token a millisecond (burst 1): a pass every millisecond takes one node.
        var handled: [NodeID] = []
        for ms in 0..<300 { handled += Self.process(&queue, at: .seconds(51) + .milliseconds(Int64(ms))) }
        #expect(handled == nodes.filter { $0.index % 2 == 1 })
        #expect(!queue.hasWaiting && queue.waiting.isEmpty)
        // Processed nodes stay in the set until removed: add is a no-op for them.
        #expect(queue.add(NodeID(1), now: .seconds(52)) == false)
        #expect(queue.add(NodeID(0), now: .seconds(52)) == true)
        #expect(queue.waiting == [NodeID(0)])
    }

    // k8s: RateLimitedTimedQueue.Add stamps time.Now(), so nodes of one pass go in the order the
    // pass met them (the lister's map order), which the caller draws as a rank.
    @Test("nodes added at the same instant go by rank, then by insertion")
    func sameInstantByRank() {
        var queue = RateLimitedTimedQueue(qpsMicro: Self.fast, now: .zero)
        queue.add(NodeID(1), now: .zero, rank: 30)
        queue.add(NodeID(2), now: .zero, rank: 10)
        queue.add(NodeID(3), now: .zero, rank: 20)
        queue.add(NodeID(5), now: .zero, rank: 20)
        queue.add(NodeID(4), now: .seconds(1), rank: 0)
        #expect(queue.waiting == [NodeID(2), NodeID(3), NodeID(5), NodeID(1), NodeID(4)])
    }
}
