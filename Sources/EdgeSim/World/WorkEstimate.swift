/// What a run will cost, worked out from the compiled scenario before anything is allocated for
/// it: work in events and peak memory in bytes. A run whose estimate is over its `RunBudget` is
/// refused up front, with the estimate and what makes it up, instead of running for hours or
/// running out of memory.
///
/// The unit of work is an event of the simulator's own (about a microsecond on the 2-core
/// machine the constants were measured on, README "Limits"); what is not an event of its own —
/// a node a network change reroutes, a pair of edge-health peers probing for an hour — counts
/// as the events it costs. Estimates are coarse on purpose (within a few times of the truth)
/// and saturate instead of overflowing; the run also counts its events as it goes and stops at
/// the budget if the estimate was short.
public struct WorkEstimate: Sendable, Equatable {
    /// The parts of the estimate, largest first in `description`.
    public struct Part: Sendable, Equatable {
        public var what: String
        public var events: Int64
        public var bytes: Int64

        /// A plane's own per-node loops: `tenthsPerNodeSecond` events a node-second, in tenths.
        static func perNode(_ what: String, nodes: Int64, seconds: Int64, tenthsPerNodeSecond: Int64) -> Part {
            Part(what: what, events: nodes.multipliedSaturated(by: seconds).multipliedSaturated(by: tenthsPerNodeSecond) / 10, bytes: 0)
        }
    }

    public private(set) var parts: [Part] = []

    public var events: Int64 { parts.reduce(0) { $0.addingSaturated($1.events) } }
    public var bytes: Int64 { parts.reduce(0) { $0.addingSaturated($1.bytes) } }

    /// Measured: a quiet Kubernetes node costs an event about every 100 s (status reports,
    /// its share of the monitor passes); the rest of a node and its pods sit in memory.
    static let quietNodeSecondsPerEvent: Int64 = 100
    static let bytesPerNode: Int64 = 2_048
    static let bytesPerPod: Int64 = 1_024
    static let baseBytes: Int64 = 32 << 20
    /// A timeline line held until the report is rendered, and its rendered text. A streamed
    /// timeline (`simulateStreamed`) holds only the initial placement's lines (they are printed
    /// once the clock leaves +0) and a batch of a few thousand.
    public static let bytesPerTimelineLine: Int64 = 256
    /// Rerouting one node costs about a tenth of an event.
    static let reroutesPerEvent: Int64 = 10
    /// A node that goes Unknown and comes back: its Ready changes, taints, and per pod the
    /// readiness, endpoint, eviction and rescheduling lines and events (measured on a flapping
    /// 10,000-node site: about 14 per node and episode with one pod a node).
    static let linesPerDisruptedNode: Int64 = 4
    static let linesPerDisruptedPod: Int64 = 4
    static let eventsPerDisruptedNode: Int64 = 4
    static let eventsPerDisruptedPod: Int64 = 2

    /// `holdsTimeline`: the run holds its timeline until its report is rendered (the SVG, the
    /// trace, `--by`); false when it streams it, and the faults' lines cost no memory.
    public init(_ compiled: CompiledScenario, holdsTimeline: Bool = true) {
        let seconds = max(1, compiled.duration.microseconds / 1_000_000)
        let nodes = Int64(compiled.nodes.count)
        let pods = compiled.workloads.reduce(Int64(0)) { $0.addingSaturated(Int64($1.replicas)) }
        let podsPerNode = nodes == 0 ? 0 : (pods + nodes - 1) / nodes

        // The monitor, tainting and workload loops tick whatever the size: a few events a second.
        add("\(nodes) nodes for \(compiled.duration)",
            events: (nodes.multipliedSaturated(by: seconds) / Self.quietNodeSecondsPerEvent).addingSaturated(seconds / 2),
            bytes: Self.baseBytes.addingSaturated(nodes.multipliedSaturated(by: Self.bytesPerNode)))
        let initialLines = pods.multipliedSaturated(by: 3).addingSaturated(nodes)
        add("the initial placement of \(pods) pods", events: initialLines,
            bytes: pods.multipliedSaturated(by: Self.bytesPerPod)
                .addingSaturated(initialLines.multipliedSaturated(by: Self.bytesPerTimelineLine)))
        addFaults(compiled, seconds: seconds, podsPerNode: podsPerNode, holdsTimeline: holdsTimeline)
        for part in RegisteredRun.planeCost(of: compiled, seconds: seconds) { parts.append(part) }
    }

    mutating func add(_ what: String, events: Int64, bytes: Int64 = 0) {
        parts.append(Part(what: what, events: events, bytes: bytes))
    }

    /// Each fault: the nodes each of its network changes reroutes, and the nodes that go
    /// Unknown and come back (with their pods) in each of its outages that outlasts the grace.
    private mutating func addFaults(_ compiled: CompiledScenario, seconds: Int64, podsPerNode: Int64, holdsTimeline: Bool) {
        guard !compiled.faults.isEmpty else { return }
        let nodes = Int64(compiled.nodes.count)
        var routedOver = Array(repeating: Int64(0), count: compiled.topology.links.count)
        for node in compiled.nodes {
            compiled.topology.forEachLink(from: node.host, to: .cloud) { routedOver[$0.index] += 1 }
        }
        let grace = compiled.settings.nodeLifecycle.gracePeriod
        var events: Int64 = 0, lines: Int64 = 0
        for fault in compiled.faults {
            let end = fault.until ?? compiled.duration
            let window = max(.zero, end - fault.at)
            let outageLongerThanGrace: Int64 = fault.until == nil || window > grace ? 1 : 0
            var changes: Int64 = fault.until == nil ? 1 : 2
            let reach: Int64, outages: Int64
            switch fault.action {
            case .cut(let link):
                reach = routedOver[link.index]; outages = outageLongerThanGrace
            case .heal(let link):
                reach = routedOver[link.index]; outages = 0
            case .loss(let link, _), .latency(let link, _, _):
                reach = routedOver[link.index]; outages = 0
            case .flap(let link, let period, let upPercent):
                reach = routedOver[link.index]
                let periods = max(1, window.microseconds / max(1, period.microseconds))
                changes = periods.multipliedSaturated(by: 2)
                let down = period.microseconds / 100 * Int64(100 - upPercent)
                outages = down > grace.microseconds ? periods : 0
            case .partition, .apiServerDown, .apiServerUp, .coordinatorPower:
                reach = nodes; outages = outageLongerThanGrace
            case .drop, .undrop, .label, .powerOn, .untaint, .uncordon:
                reach = 1; outages = 0
            case .taint, .cordon, .drain, .reportsReady, .networkUnavailable:
                // A NoExecute taint evicts the node's pods, as an outage does.
                reach = 1; outages = 1
            case .powerOff, .kubelet, .deleteNode:
                // A deleted node's pods are deleted and replaced, as an outage's are evicted.
                reach = 1; outages = 1
            case .addNode:
                reach = 1; outages = 0
            case .restartEdge(let restarted):
                reach = Int64(restarted.count); outages = 0
            }
            let rerouted = changes.multipliedSaturated(by: reach)
            let disrupted = outages.multipliedSaturated(by: reach)
            events = events.addingSaturated(changes).addingSaturated(rerouted / Self.reroutesPerEvent)
                .addingSaturated(disrupted.multipliedSaturated(
                    by: Self.eventsPerDisruptedNode + Self.eventsPerDisruptedPod * podsPerNode))
            lines = lines.addingSaturated(disrupted.multipliedSaturated(
                by: Self.linesPerDisruptedNode + Self.linesPerDisruptedPod * podsPerNode))
        }
        add("\(compiled.faults.count) fault\(compiled.faults.count == 1 ? "" : "s")", events: events.addingSaturated(lines),
            bytes: holdsTimeline ? lines.multipliedSaturated(by: Self.bytesPerTimelineLine) : 0)
    }

    /// "about 1.2 G events and 3.4 GiB (…: …)" with the three largest parts.
    public var description: String {
        let largest = parts.sorted { ($0.events, $0.bytes) > ($1.events, $1.bytes) }.prefix(3)
        return "about \(Self.count(events)) events and \(Self.size(bytes)) ("
            + largest.map { "\($0.what): \(Self.count($0.events)) events, \(Self.size($0.bytes))" }.joined(separator: "; ") + ")"
    }

    /// 1234 → "1234", 12_345_678 → "12 M", 4_200_000_000 → "4.2 G".
    static func count(_ value: Int64) -> String {
        if value < 10_000 { return "\(value)" }
        if value < 10_000_000 { return "\(value / 1_000) k" }
        if value < 1_000_000_000 { return "\(value / 1_000_000) M" }
        return "\(value / 1_000_000_000).\(value % 1_000_000_000 / 100_000_000) G"
    }

    /// Bytes as MiB under a GiB, else GiB with one decimal.
    static func size(_ bytes: Int64) -> String {
        if bytes < 1 << 30 { return "\(bytes >> 20) MiB" }
        return "\(bytes >> 30).\((bytes & ((1 << 30) - 1)) * 10 >> 30) GiB"
    }
}

/// How much a run may cost: refused up front when its estimate is over, stopped when its
/// counted events (the simulator's own and its timeline lines) pass `maxEvents` or its
/// timeline would no longer fit `maxBytes`.
public struct RunBudget: Sendable, Equatable {
    public var maxEvents: Int64
    public var maxBytes: Int64

    public init(maxEvents: Int64 = RunBudget.defaultMaxEvents, maxBytes: Int64 = RunBudget.defaultMaxBytes) {
        self.maxEvents = maxEvents; self.maxBytes = maxBytes
    }

    /// About 10 minutes at the measured worst rate (README "Limits").
    public static let defaultMaxEvents: Int64 = 400_000_000
    public static let defaultMaxBytes: Int64 = 4 << 30
    /// The timeline lines a run that holds its timeline may hold (until the report is
    /// rendered); a streamed run's are not limited by memory, only by `maxEvents`.
    public var maxTimelineLines: Int64 { maxBytes / WorkEstimate.bytesPerTimelineLine }

    /// Pod objects a run may create: every step scans the pods bound to the nodes it touches,
    /// so a controller loop that keeps replacing pods nobody can delete (a Terminating pod on
    /// a node that never confirms) grows each step's work without bound, long before the
    /// event count says so. 64 replacements per desired pod plus 10,000 is far above any
    /// outage's churn (retail-fleet's day: 341 pods for 315); `--max-events` raises it in step.
    public func maxPodObjects(desiredPods: Int) -> Int64 {
        guard self != .unlimited else { return .max }
        let base = Int64(desiredPods).multipliedSaturated(by: 64).addingSaturated(10_000)
        return base.multipliedSaturated(by: max(1, maxEvents / Self.defaultMaxEvents))
    }

    /// No limit (the benchmark, whose workloads are sized on purpose).
    public static let unlimited = RunBudget(maxEvents: .max, maxBytes: .max)

    /// Throws when the estimate is over the budget, naming the estimate and the flags that
    /// raise it.
    public func admit(_ compiled: CompiledScenario, holdsTimeline: Bool = true) throws(ScenarioError) {
        guard self != .unlimited else { return }
        let estimate = WorkEstimate(compiled, holdsTimeline: holdsTimeline)
        guard estimate.events > maxEvents || estimate.bytes > maxBytes else { return }
        throw ScenarioError(file: compiled.sourceFile, location: compiled.durationLocation,
                            message: "this scenario\(compiled.variant.map { " (variant \($0))" } ?? "") needs "
                                + estimate.description + ", over the budget of \(WorkEstimate.count(maxEvents)) events and "
                                + "\(WorkEstimate.size(maxBytes)); --max-events N and --max-memory GIB raise it")
    }
}
