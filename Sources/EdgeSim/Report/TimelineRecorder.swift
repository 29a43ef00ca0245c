/// The run's timeline: every state transition in the order it happened. The API server's
/// writes come from its audit log; what happens outside it (faults, power, leader elections,
/// restarts of containers) is recorded here directly. Taking the audit log first keeps the
/// order: nothing the API server wrote before a direct record comes after it.
///
/// Without a stream the recorder holds every event (SVG, trace, tests). With one it holds only
/// the batch not yet handed over: the run hands it to the stream once the batch is settled
/// (invariants checked, evictions observed) and long enough to be worth a call, and at its end.
public struct TimelineRecorder {
    /// The events recorded and not yet handed to the stream: every event when there is none.
    public private(set) var events: [TimelineEvent] = []
    /// Events handed to the stream so far.
    private var handedOver = 0
    /// Where settled batches go; nil: the recorder holds the whole timeline.
    let stream: (any TimelineStream)?

    /// A batch is handed over once it is this long (and at the end of the run): one call per
    /// few thousand events costs nothing against the run, and holds a few hundred kilobytes.
    static let batchLength = 4096

    public init(stream: (any TimelineStream)? = nil) { self.stream = stream }

    /// Every event recorded so far, handed over or not: the run's timeline lines.
    public var count: Int { handedOver + events.count }
    public var holdsTimeline: Bool { stream == nil }

    /// Moves the API server's unrecorded writes here, in order.
    mutating func take(from api: inout APIServer) {
        guard !api.auditLog.isEmpty else { return }
        events.append(contentsOf: api.auditLog)
        api.auditLog.removeAll(keepingCapacity: api.auditLog.count <= APIServer.keptCapacity)
    }

    /// Records an event that happened outside the API server, after its writes so far.
    mutating func record(_ event: TimelineEvent, after api: inout APIServer) {
        take(from: &api)
        var event = event
        api.causes.note(&event)
        events.append(event)
    }

    /// Whether the batch should be handed over now (`force`: the run is ending or pausing).
    @inline(__always)
    func wantsHandOver(force: Bool) -> Bool {
        stream != nil && !events.isEmpty && (force || events.count >= Self.batchLength)
    }

    /// Hands the batch to the stream and starts the next one. The caller's cursors into
    /// `events` (invariants, observed evictions) must have read it all: they start again at 0.
    mutating func handOver(_ run: SettledRun) {
        guard let stream, !events.isEmpty else { return }
        stream.receive(events, run)
        handedOver += events.count
        events.removeAll(keepingCapacity: true)
    }
}

/// What a timeline stream is handed with each batch: the run as it stands once the batch is
/// settled. Pods created in the batch are in `api.pods` (their names); `powerChanges` holds
/// every power change up to `now`.
public struct SettledRun {
    public let now: SimTime
    public let api: APIServer
    public let powerChanges: [PowerChange]
}

/// Where a run hands its timeline, batch by batch, instead of holding it: the streaming
/// renderers (text, JSONL, CSV) and the metric and expectation folds. Called on the run's
/// thread, in order; events within and across batches are in timeline order.
public protocol TimelineStream: AnyObject {
    func receive(_ events: [TimelineEvent], _ run: SettledRun)
}
