import Testing
@testable import EdgeSim

@Suite("EventQueue")
struct EventQueueTests {
    static func drain<Event>(_ queue: inout EventQueue<Event>) -> [EventQueue<Event>.Entry] {
        var entries: [EventQueue<Event>.Entry] = []
        while let entry = queue.pop() { entries.append(entry) }
        return entries
    }

    @Test("pops by time, whatever the insertion order")
    func popsByTime() {
        var queue = EventQueue<String>()
        queue.push("c", at: .seconds(3))
        queue.push("a", at: .seconds(1))
        queue.push("b", at: .seconds(2))
        #expect(queue.nextTime == .seconds(1))
        #expect(Self.drain(&queue).map(\.event) == ["a", "b", "c"])
        #expect(queue.isEmpty && queue.pop() == nil)
    }

    @Test("simultaneous events pop in the order they were pushed")
    func simultaneousAreFIFO() {
        var queue = EventQueue<Int>()
        for value in 0..<50 { queue.push(value, at: .seconds(value % 2 == 0 ? 5 : 1)) }
        let popped = Self.drain(&queue).map(\.event)
        #expect(popped == Array(stride(from: 1, to: 50, by: 2)) + Array(stride(from: 0, to: 50, by: 2)))
    }

    @Test("random pushes and pops keep the heap valid and pop sorted", arguments: 0..<20)
    func randomPushes(seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: "event-queue-test")
        var queue = EventQueue<Int>()
        var popped: [EventQueue<Int>.Entry] = []
        for value in 0..<500 {
            queue.push(value, at: .milliseconds(Int64(random.uniform(below: 50))))
            #expect(queue.checkInvariants())
            // Interleave pops so sifting down is exercised on partly drained heaps too.
            if random.chance(ppm: 200_000), let entry = queue.pop() {
                popped.append(entry)
                #expect(queue.checkInvariants())
            }
        }
        #expect(queue.count + popped.count == 500)
        let rest = Self.drain(&queue)
        #expect(rest.count + popped.count == 500)
        for (a, b) in zip(rest, rest.dropFirst()) {
            #expect(a.time < b.time || (a.time == b.time && a.sequence < b.sequence))
        }
    }

    /// Ordinary, then ranked by rank whatever was pushed first, then late: a parked loop's
    /// event falls where its rank says (`Simulation.rankedRunsAfterCurrent`).
    @Test("an instant's bands: ordinary, then ranked by rank, then late")
    func bands() {
        var queue = EventQueue<String>()
        queue.push("late", at: .seconds(1), late: true)
        queue.push("rank 7", at: .seconds(1), rank: 7)
        queue.push("ordinary", at: .seconds(1))
        queue.push("rank 2", at: .seconds(1), rank: 2)
        queue.push("rank 7 again", at: .seconds(1), rank: 7)
        queue.push("earlier, rank 9", at: .milliseconds(1), rank: 9)
        let entries = Self.drain(&queue)
        #expect(entries.map(\.event) == ["earlier, rank 9", "ordinary", "rank 2", "rank 7", "rank 7 again", "late"])
        let ordinary = entries[1].order, rankTwo = entries[2].order, late = entries[5].order
        #expect(EventQueue<String>.rankedFloor(3) > ordinary && EventQueue<String>.rankedFloor(3) > rankTwo)
        #expect(EventQueue<String>.rankedFloor(1) < rankTwo && EventQueue<String>.rankedFloor(3) < late)
        #expect(entries[3].sequence < entries[4].sequence && entries[5].isLate && !entries[3].isLate)
    }
}
