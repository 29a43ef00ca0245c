@testable import EdgeSim
import Testing

struct PeriodicScheduleTests {
    /// Fires `count` ticks and returns (id, time) in firing order.
    static func fire(_ schedule: inout PeriodicSchedule, _ count: Int) -> [(Int, SimTime)] {
        (0..<count).map { _ in let time = schedule.nextTime!; return (schedule.fire(), time) }
    }

    @Test("timers fire in time order and come back one period later")
    func firesInOrder() {
        var schedule = PeriodicSchedule(period: .seconds(10), timers: [(0, .seconds(7)), (1, .seconds(2)), (2, .seconds(5))])
        let fired = Self.fire(&schedule, 6)
        #expect(fired.map(\.0) == [1, 2, 0, 1, 2, 0])
        #expect(fired.map(\.1) == [2, 5, 7, 12, 15, 17].map { SimTime.seconds($0) })
    }

    @Test("a timer inserted mid-cycle fires at its time, then every period")
    func insertMidCycle() {
        var schedule = PeriodicSchedule(period: .seconds(10), timers: [(0, .seconds(1)), (1, .seconds(6))])
        _ = Self.fire(&schedule, 1)  // id 0 at 1s, next at 11s
        schedule.insert(7, at: .seconds(3))
        let fired = Self.fire(&schedule, 4)
        #expect(fired.map(\.0) == [7, 1, 0, 7])
        #expect(fired.map(\.1) == [3, 6, 11, 13].map { SimTime.seconds($0) })
    }

    @Test("a removed timer never fires again, the others keep their order")
    func removal() {
        var schedule = PeriodicSchedule(period: .seconds(10), timers: [(0, .seconds(1)), (1, .seconds(2)), (2, .seconds(3))])
        _ = Self.fire(&schedule, 2)
        schedule.remove(0)
        #expect(Self.fire(&schedule, 3).map(\.0) == [2, 1, 2])
    }

    @Test("random inserts, removals and firings keep the ring sorted", arguments: 0..<20)
    func randomOperations(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        var schedule = PeriodicSchedule(period: .seconds(10), timers: (0..<8).map { ($0, .microseconds(Int64(random.uniform(below: 10_000_000)))) })
        var nextID = 8
        for _ in 0..<200 {
            switch random.uniform(below: 4) {
            case 0: schedule.insert(nextID, at: (schedule.nextTime ?? .zero) + .microseconds(Int64(random.uniform(below: 10_000_000)))); nextID += 1
            case 1: if let victim = schedule.pending.first { schedule.remove(victim.id) }
            default: if !schedule.isEmpty { _ = schedule.fire() }
            }
            let times = schedule.pending.map(\.time)
            #expect(times == times.sorted())
        }
    }
}
