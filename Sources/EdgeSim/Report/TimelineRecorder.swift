/// The run's timeline: every state transition in the order it happened. The API server's
/// writes come from its audit log; what happens outside it (faults, power, leader elections,
/// restarts of containers) is recorded here directly. Taking the audit log first keeps the
/// order: nothing the API server wrote before a direct record comes after it.
public struct TimelineRecorder: Sendable {
    public private(set) var events: [TimelineEvent] = []

    public init() {}

    /// Moves the API server's unrecorded writes here, in order.
    mutating func take(from api: inout APIServer) {
        guard !api.auditLog.isEmpty else { return }
        events.append(contentsOf: api.auditLog)
        api.auditLog.removeAll(keepingCapacity: true)
    }

    /// Records an event that happened outside the API server, after its writes so far.
    mutating func record(_ event: TimelineEvent, after api: inout APIServer) {
        take(from: &api)
        events.append(event)
    }
}
