/// Upstream's per-zone tainting queue: nodes waiting for a NoExecute taint, ordered by
/// `processAt`, behind a token bucket.
///
/// Its quirks are kept on purpose (k8s: nodelifecycle/scheduler/rate_limited_queue.go):
/// `add` is a no-op while the node is in the set, a processed node stays in the set until an
/// explicit `remove`, and `try` spends a token before it looks at the head's `processAt`.
public struct RateLimitedTimedQueue: Sendable {
    struct Item: Sendable {
        var node: NodeID
        var processAt: SimTime
        var sequence: UInt64
    }

    public private(set) var limiter: TokenBucket
    /// Waiting items sorted by (processAt, sequence); ties run in insertion order.
    private var queue: [Item] = []
    private var members: Set<NodeID> = []
    private var sequence: UInt64 = 0

    // k8s: addPodEvictorForNewZone — NewRateLimitedTimedQueue(NewTokenBucketRateLimiter(qps, 1)),
    // a token bucket even for a rate of 0.
    public init(qpsMicro: Int64, now: SimTime) {
        limiter = TokenBucket(qpsMicro: qpsMicro, now: now)
    }

    public var waiting: [NodeID] { queue.map(\.node) }
    public func contains(_ node: NodeID) -> Bool { !members.isEmpty && members.contains(node) }

    /// No node in the queue or the set.
    public var isEmpty: Bool { members.isEmpty }

    /// `Add`: queues the node unless it is already in the set. Returns whether it was added.
    @discardableResult
    public mutating func add(_ node: NodeID, now: SimTime) -> Bool {
        guard members.insert(node).inserted else { return false }
        insert(Item(node: node, processAt: now, sequence: sequence))
        sequence &+= 1
        return true
    }

    /// `Remove`: drops the node from the queue and the set.
    public mutating func remove(_ node: NodeID) {
        // Every pass marks every Ready node reachable: an empty queue must cost nothing.
        guard !members.isEmpty, members.remove(node) != nil else { return }
        queue.removeAll { $0.node == node }
    }

    // k8s: RateLimitedTimedQueue.SwapLimiter
    /// `SwapLimiter`: a new limiter unless the reported rate is unchanged — the fake-never one
    /// for a rate of 0, else a bucket that starts drained if the old limiter had no token, so
    /// leaving a 0 rate waits a whole period.
    public mutating func swapLimiter(qpsMicro: Int64, now: SimTime) {
        guard limiter.reportedQPSMicro != qpsMicro else { return }
        guard qpsMicro > 0 else {
            limiter = .fakeNever
            return
        }
        var replacement = TokenBucket(qpsMicro: qpsMicro, now: now)
        if !limiter.tryAccept(now: now) {
            _ = replacement.tryAccept(now: now)
        }
        limiter = replacement
    }

    /// `Try`: while the bucket gives tokens, hands the due head to `action`. `action` returns
    /// nil when done (the item leaves the queue but stays in the set) or a retry delay.
    public mutating func tryProcess(now: SimTime, _ action: (NodeID) -> SimTime?) {
        while let head = queue.first {
            guard limiter.tryAccept(now: now) else { break }
            guard now >= head.processAt else { break }
            queue.removeFirst()
            if let retry = action(head.node) {
                insert(Item(node: head.node, processAt: now + retry + .microseconds(1), sequence: head.sequence))
            }
        }
    }

    private mutating func insert(_ item: Item) {
        var low = 0, high = queue.count
        while low < high {
            let mid = (low + high) / 2
            let other = queue[mid]
            if other.processAt < item.processAt || (other.processAt == item.processAt && other.sequence < item.sequence) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        queue.insert(item, at: low)
    }
}
