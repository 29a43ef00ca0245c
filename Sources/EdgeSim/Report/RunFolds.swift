/// What a streamed run keeps of its timeline: its metrics and expectation outcomes.
public struct FoldedResults: Sendable {
    public let metrics: Metrics
    public let expectations: [ExpectationChecker.Outcome]
}

/// The stream every streamed run feeds (`simulateStreamed`): the metric and expectation folds,
/// then the renderer, if any, that prints the events. Holds O(nodes + pods), never the timeline.
///
/// The folds read an instant's events only once the clock has left it: a power change at the
/// same instant may be recorded in a later step of it, and the held computation applies every
/// power change up to an event's time before the event.
public final class RunFolds: TimelineStream {
    private let compiled: CompiledScenario
    private var names: LiveNames
    private var metrics: MetricsFold
    private var expectations: ExpectationFold
    /// Events of the last instant seen, not yet folded.
    private var deferred: [TimelineEvent] = []
    private var powerChanges: [PowerChange] = []
    private let renderer: (any TimelineStream)?

    public init(_ compiled: CompiledScenario, renderer: (any TimelineStream)? = nil) {
        self.compiled = compiled
        self.renderer = renderer
        names = LiveNames(compiled)
        let services = compiled.services.map { ($0.name, compiled.workloads[$0.workload.index].replicas) }
        metrics = MetricsFold(services: services, podCount: 0, nodeCount: compiled.nodes.count, scope: nil)
        expectations = ExpectationFold(compiled.expectations)
    }

    public func receive(_ events: [TimelineEvent], _ run: SettledRun) {
        renderer?.receive(events, run)
        names.update(from: run.api)
        powerChanges = run.powerChanges
        if let first = deferred.first, first.time < run.now {
            fold(deferred)
            deferred.removeAll(keepingCapacity: true)
        }
        let settled = deferred.isEmpty ? events.firstIndex { $0.time >= run.now } ?? events.count : 0
        fold(events[..<settled])
        deferred += events[settled...]
    }

    private func fold(_ events: some Collection<TimelineEvent>) {
        for event in events {
            metrics.add(event, powerChanges: powerChanges)
            expectations.add(event, names)
        }
    }

    /// The report of the finished run, with what the folds worked out.
    func finish(_ report: RunReport) -> RunReport {
        powerChanges = report.powerChanges
        fold(deferred)
        deferred = []
        var history = metrics.history
        history.finish(podCount: report.podNames.count)
        return report.with(FoldedResults(metrics: metrics.finish(report), expectations: expectations.finish(report, history: history)))
    }
}
