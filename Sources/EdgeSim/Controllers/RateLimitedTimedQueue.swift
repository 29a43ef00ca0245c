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
        /// Orders nodes queued at the same instant (see `add`).
        var rank: UInt64
        var sequence: UInt64
    }

    public private(set) var limiter: TokenBucket
    /// Items sorted by (processAt, rank, sequence) from `head` on. A
    /// removed node's item stays behind as a tombstone (its sequence no longer matches the
    /// member's) until it reaches the head or a compaction: upstream's `Remove` scans its heap,
    /// and a fully disrupted zone removes and re-adds every node on every pass, which made
    /// each pass quadratic in the zone's size here.
    private var queue: [Item] = []
    private var head = 0
    /// Each node in the set, with the sequence of its live item (if it still has one).
    private var members: [NodeID: UInt64] = [:]
    /// Live items in `queue[head...]`; the rest are tombstones.
    private var live = 0
    /// Sequences of the live items.
    private var queued: Set<UInt64> = []
    private var sequence: UInt64 = 0

    // k8s: addPodEvictorForNewZone — NewRateLimitedTimedQueue(NewTokenBucketRateLimiter(qps, 1)),
    // a token bucket even for a rate of 0.
    public init(qpsMicro: Int64, now: SimTime) {
        limiter = TokenBucket(qpsMicro: qpsMicro, now: now)
    }

    /// The nodes waiting, in the order they will be processed.
    public var waiting: [NodeID] { queue[head...].filter(isLive).map(\.node) }
    /// Whether any node waits in the queue (cheaper than `waiting.isEmpty`).
    public var hasWaiting: Bool { live > 0 }
    public func contains(_ node: NodeID) -> Bool { !members.isEmpty && members[node] != nil }

    /// No node in the queue or the set.
    public var isEmpty: Bool { members.isEmpty }

    /// `Add`: queues the node unless it is already in the set. Returns whether it was added.
    /// Nodes added at the same instant are taken by `rank`, then in insertion order: upstream
    /// stamps each `Add` with `time.Now()`, so its order is the order a pass met the nodes in,
    /// the lister's map order — the caller passes a seeded rank for that.
    @discardableResult
    public mutating func add(_ node: NodeID, now: SimTime, rank: UInt64 = 0) -> Bool {
        guard members[node] == nil else { return false }
        members[node] = sequence
        insert(Item(node: node, processAt: now, rank: rank, sequence: sequence))
        sequence &+= 1
        return true
    }

    /// `Remove`: drops the node from the queue and the set.
    public mutating func remove(_ node: NodeID) {
        // Every pass marks every Ready node reachable: an empty queue must cost nothing.
        guard !members.isEmpty, let removed = members.removeValue(forKey: node) else { return }
        if queued.remove(removed) != nil { live -= 1 }
        compactIfMostlyTombstones()
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
        while let item = firstLive() {
            guard limiter.tryAccept(now: now) else { break }
            guard now >= item.processAt else { break }
            head += 1
            live -= 1
            queued.remove(item.sequence)
            if let retry = action(item.node) {
                insert(Item(node: item.node, processAt: now + retry + .microseconds(1), rank: item.rank, sequence: item.sequence))
            }
        }
        if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
    }

    private func isLive(_ item: Item) -> Bool { queued.contains(item.sequence) }

    /// The head after dropping the tombstones in front of it.
    private mutating func firstLive() -> Item? {
        while head < queue.count {
            if isLive(queue[head]) { return queue[head] }
            head += 1
        }
        return nil
    }

    private mutating func compactIfMostlyTombstones() {
        let tombstones = queue.count - head - live
        guard tombstones > 64, tombstones > live else { return }
        queue = queue[head...].filter(isLive)
        head = 0
    }

    private mutating func insert(_ item: Item) {
        queued.insert(item.sequence)
        live += 1
        var low = head, high = queue.count
        while low < high {
            let mid = (low + high) / 2
            let other = queue[mid]
            if (other.processAt, other.rank, other.sequence) < (item.processAt, item.rank, item.sequence) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        queue.insert(item, at: low)
    }
}
