/// Timers that all repeat with one period, kept outside the event heap: a ring sorted by next
/// time, read from a cursor. Firing a timer moves it one period on, which keeps the ring sorted,
/// so each tick costs O(1) instead of a heap pop and push. Inserting or removing one (a reboot)
/// costs O(n), which is rare.
///
/// Its ticks count as `late` events: at an instant shared with heap events they run after them,
/// exactly where the heap would have put them.
public struct PeriodicSchedule: Sendable {
    public let period: SimTime
    private var times: [SimTime] = []
    private var ids: [Int32] = []
    private var cursor = 0

    public init(period: SimTime, timers: [(id: Int, first: SimTime)]) {
        precondition(period > .zero, "a periodic schedule needs a positive period")
        self.period = period
        for timer in timers.sorted(by: { ($0.first, $0.id) < ($1.first, $1.id) }) {
            times.append(timer.first)
            ids.append(Int32(timer.id))
        }
    }

    public var isEmpty: Bool { times.isEmpty }
    public var nextTime: SimTime? { times.isEmpty ? nil : times[cursor] }

    /// Fires the earliest timer: returns its id and moves it one period on.
    public mutating func fire() -> Int {
        let id = Int(ids[cursor])
        times[cursor] += period
        cursor += 1
        if cursor == times.count { cursor = 0 }
        return id
    }

    /// Adds a timer whose first tick is at `time`; equal times keep insertion order.
    public mutating func insert(_ id: Int, at time: SimTime) {
        rotateCursorToStart()
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] <= time { low = mid + 1 } else { high = mid }
        }
        times.insert(time, at: low)
        ids.insert(Int32(id), at: low)
    }

    public mutating func remove(_ id: Int) {
        rotateCursorToStart()
        guard let index = ids.firstIndex(of: Int32(id)) else { return }
        times.remove(at: index)
        ids.remove(at: index)
    }

    /// Reorders the storage so the ring starts at index 0: then it is plainly sorted.
    private mutating func rotateCursorToStart() {
        guard cursor != 0 else { return }
        times = Array(times[cursor...] + times[..<cursor])
        ids = Array(ids[cursor...] + ids[..<cursor])
        cursor = 0
    }

    /// Timers in firing order, for tests.
    public var pending: [(id: Int, time: SimTime)] {
        (0..<times.count).map { k in let i = (cursor + k) % times.count; return (Int(ids[i]), times[i]) }
    }
}
