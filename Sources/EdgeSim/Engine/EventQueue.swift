/// A binary min-heap of events ordered by `(time, late, sequence)`.
///
/// `sequence` is a counter bumped on every insertion, so simultaneous events run in the
/// order they were scheduled, always the same (SimPy's `eid`, swift-nio's `insertOrder`).
/// A `late` event runs after every ordinary event of its instant (SimPy's NORMAL after URGENT,
/// the other way round): kubelet lease ticks and arrivals use it, so that renewals worked out
/// on demand (`LeaseRenewalStream`) fall exactly where these events would.
public struct EventQueue<Event> {
    public struct Entry {
        public let time: SimTime
        /// Sequence in the low 63 bits, `late` in the top bit: one comparison orders both.
        let order: UInt64
        public let event: Event
        public var sequence: UInt64 { order & ~Self.lateBit }
        public var isLate: Bool { order & Self.lateBit != 0 }
        static var lateBit: UInt64 { 1 << 63 }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    /// The time of the earliest entry, if any.
    public var nextTime: SimTime? { heap.first?.time }

    public mutating func push(_ event: Event, at time: SimTime, late: Bool = false) {
        heap.append(Entry(time: time, order: nextSequence | (late ? Entry.lateBit : 0), event: event))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    public mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        if heap.count == 1 { return heap.removeLast() }
        let top = heap[0]
        heap[0] = heap.removeLast()
        siftDown(0)
        return top
    }

    @inline(__always)
    private func before(_ a: Entry, _ b: Entry) -> Bool {
        a.time != b.time ? a.time < b.time : a.order < b.order
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let item = heap[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(item, heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = item
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let item = heap[parent]
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let child = right < count && before(heap[right], heap[left]) ? right : left
            guard before(heap[child], item) else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = item
    }

    /// Checks the heap property; for tests.
    public func checkInvariants() -> Bool {
        for index in heap.indices.dropFirst() where before(heap[index], heap[(index - 1) / 2]) {
            return false
        }
        return true
    }
}
