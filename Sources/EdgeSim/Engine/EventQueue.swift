/// A binary min-heap of events ordered by `(time, band, rank, sequence)`.
///
/// `sequence` is a counter bumped on every insertion, so simultaneous events run in the
/// order they were scheduled, always the same (SimPy's `eid`, swift-nio's `insertOrder`).
/// Three bands order an instant's events before that:
/// - ordinary events first;
/// - then ranked ones, by their rank: a model that parks a periodic loop instead of booking
///   its events can tell from the rank alone where a parked event would have run among the
///   events of an instant, whenever it was booked;
/// - then `late` ones (SimPy's NORMAL after URGENT, the other way round), by rank too: kubelet
///   lease and status events use it, so that renewals and reports worked out on demand
///   (`LeaseRenewalStream`, `StatusReportChain`) fall exactly where these events would, and
///   two kubelets' events of one instant run in the same order whenever each was booked (a
///   kubelet woken from sleep books its tick later than one that ticked all along).
public struct EventQueue<Event> {
    public struct Entry {
        public let time: SimTime
        /// The band in the top two bits, then a ranked event's rank, then the sequence: one
        /// comparison orders them all.
        public let order: UInt64
        public let event: Event
        public var sequence: UInt64 { order & (order & (Key.rankedBit | Key.lateBit) != 0 ? Key.rankedSequenceMask : ~(Key.lateBit | Key.rankedBit)) }
        public var isLate: Bool { order & Key.lateBit != 0 }
    }

    /// The order a ranked event of `rank` has below any sequence: an event of that rank runs
    /// after an event of order `order` at the same instant exactly when this is greater.
    public static func rankedFloor(_ rank: UInt32) -> UInt64 {
        precondition(UInt64(rank) < 1 << 30, "ranks fit in 30 bits")
        return Key.rankedBit | UInt64(rank) << 32
    }

    /// What the heap orders: the event's time and order, and the slot holding the event. The
    /// same 24 bytes whatever `Event` is, so sifting moves little and its code is one function
    /// for every kind of event.
    private struct Key {
        let time: SimTime
        let order: UInt64
        let slot: Int32
        static var lateBit: UInt64 { 1 << 63 }
        static var rankedBit: UInt64 { 1 << 62 }
        /// A ranked event's sequence: the low 32 bits (it only orders events of one rank).
        static var rankedSequenceMask: UInt64 { (1 << 32) - 1 }
    }

    private var heap: [Key] = []
    /// Events by slot; a popped event's slot is reused by the next push.
    private var slots: [Event?] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    /// The time of the earliest entry, if any.
    public var nextTime: SimTime? { heap.first?.time }

    /// An ordinary event, or a late one of rank 0.
    public mutating func push(_ event: Event, at time: SimTime, late: Bool = false) {
        late ? push(event, at: time, rank: 0, late: true) : push(event, at: time, order: nextSequence & ~(Key.lateBit | Key.rankedBit))
    }

    /// A ranked event: after the ordinary events of its instant, before the late ones, by rank;
    /// or, `late`, among the late ones by rank.
    public mutating func push(_ event: Event, at time: SimTime, rank: UInt32, late: Bool = false) {
        let band = Self.rankedFloor(rank) ^ (late ? Key.rankedBit | Key.lateBit : 0)
        push(event, at: time, order: band | nextSequence & Key.rankedSequenceMask)
    }

    private mutating func push(_ event: Event, at time: SimTime, order: UInt64) {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(free)] = event
        } else {
            slot = Int32(slots.count)
            slots.append(event)
        }
        heap.append(Key(time: time, order: order, slot: slot))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    public mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        let event = slots[Int(top.slot)].take()!
        freeSlots.append(top.slot)
        return Entry(time: top.time, order: top.order, event: event)
    }

    @inline(__always)
    private static func before(_ a: Key, _ b: Key) -> Bool {
        a.time != b.time ? a.time < b.time : a.order < b.order
    }

    // Both sifts work on the heap's buffer directly: through the array, every store checked
    // that the buffer is not shared, and popping is most of what a run does.
    private mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            var child = start
            let item = heap[child]
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.before(item, heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = item
        }
    }

    private mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            var parent = start
            let item = heap[parent]
            let count = heap.count
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                let right = left + 1
                let child = right < count && Self.before(heap[right], heap[left]) ? right : left
                guard Self.before(heap[child], item) else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = item
        }
    }

    /// Checks the heap property; for tests.
    public func checkInvariants() -> Bool {
        for index in heap.indices.dropFirst() where Self.before(heap[index], heap[(index - 1) / 2]) {
            return false
        }
        return true
    }
}
