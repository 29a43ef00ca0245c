/// The simulation kernel: a clock and a queue of events, and nothing else — no network, no
/// Kubernetes (SimPy's `Environment`, swift-nio's `EmbeddedEventLoop`).
///
/// Time moves only when an event is taken, never backwards, and simultaneous events come out
/// in the total order of `EventQueue`: `(time, band, rank, insertion)`.
public struct Simulation<Event> {
    /// The current simulated time: the time of the event being handled.
    public private(set) var now = SimTime.zero
    /// How many events have been taken so far.
    public private(set) var eventsProcessed = 0
    private var queue = EventQueue<Event>()
    /// The order of the event being handled among the events of its instant (`EventQueue`).
    public private(set) var currentOrder: UInt64 = 0

    public init() {}

    /// Schedules `event` at `time` (never before `now`). A `late` event runs after every
    /// ordinary event of its instant.
    public mutating func schedule(_ event: Event, at time: SimTime, late: Bool = false) {
        queue.push(event, at: time, late: late)
    }

    /// Schedules a ranked event: after the ordinary events of its instant, before the late
    /// ones, in rank order; `late`, among the late ones in rank order.
    public mutating func schedule(_ event: Event, at time: SimTime, rank: UInt32, late: Bool = false) {
        queue.push(event, at: time, rank: rank, late: late)
    }

    /// Whether an event of `rank` at the current instant runs after the event being handled,
    /// whenever it was booked.
    public func rankedRunsAfterCurrent(_ rank: UInt32) -> Bool { EventQueue<Event>.rankedFloor(rank) > currentOrder }

    /// Takes the next event due at or before `end` and moves the clock to it.
    public mutating func next(until end: SimTime) -> Event? {
        guard let time = queue.nextTime, time <= end, let entry = queue.pop() else { return nil }
        precondition(entry.time >= now, "simulated time never goes backwards")
        now = entry.time
        currentOrder = entry.order
        eventsProcessed += 1
        return entry.event
    }

    /// Moves the clock to `end` once every event up to it has been handled.
    public mutating func finish(at end: SimTime) { now = max(now, end) }
}

/// A model the kernel drives: it handles one event at a time and, after each, settles what the
/// event set in motion and checks its invariants (the hook that can stop the run).
public protocol SimulationModel {
    associatedtype Event
    var simulation: Simulation<Event> { get set }
    /// Handles one event at `simulation.now`.
    mutating func handle(_ event: Event)
    /// Runs after every event; returns false to stop the run (a broken invariant).
    mutating func settle() -> Bool
    /// Whether the run has stopped for good (no further event is taken).
    var isStopped: Bool { get }
}

extension SimulationModel {
    /// Handles every event up to `end` (events at exactly `end` included), or until `settle`
    /// stops the run; the clock then reads `end`, or the time of the event that stopped it.
    public mutating func run(until end: SimTime) {
        guard !isStopped else { return }
        while let event = simulation.next(until: end) {
            handle(event)
            guard settle() else { return }
        }
        simulation.finish(at: end)
    }
}
