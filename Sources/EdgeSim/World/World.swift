/// One run of a compiled scenario: the public handle on a `ClusterRun` of whichever control
/// plane the scenario's mode registers (`ControlPlanes.swift`). It only forwards: the run's
/// state lives in the struct, driven by the kernel's loop.
public final class World {
    private var state: RegisteredRun
    public let compiled: CompiledScenario
    public let options: Options

    /// How a run is carried out, not what it models: every option gives the same timeline.
    public struct Options: Sendable {
        /// Kubelets sleep while they have nothing to sync (false: tick every period, the
        /// straightforward path the equivalence test compares against).
        public var lazyKubeletStatus = true
        /// Kubelet lease renewals are worked out when the Lease is read, from each kubelet's
        /// renewal schedule and route (false: a tick event and an arrival event per renewal).
        public var leasesOnDemand = true
        /// A steady kubelet's periodic status reports are worked out when the Ready heartbeat is
        /// read (false: a tick event and an arrival event per report).
        public var statusReportsOnDemand = true
        /// Node lifecycle passes read only the nodes that are not quiet or whose deadline is due
        /// (false: every node on every pass).
        public var lazyMonitorPass = true
        /// The NoExecute tainting pass sleeps while no zone queue holds a node (false: it runs
        /// every 100 ms whatever the queues hold).
        public var lazyTaintingPass = true
        /// SuperEdge edge-health rounds of probes and row sends that drew no random number are
        /// replayed while the network and check set stand, and votes read only the targets
        /// that can change an annotation (false: every round sent, every target counted).
        public var edgeHealthOnDemand = true
        /// Invariants checked after every event (off for benchmarks: about 3 % of a large run).
        public var checkInvariants = true
        /// The run stops when its events and timeline lines pass this (see `overBudgetAt`).
        public var maxEvents = Int64.max
        /// The run stops when its timeline holds more lines than this.
        public var maxTimelineLines = Int64.max
        /// The run stops when the API server holds more pod objects than this
        /// (`RunBudget.maxPodObjects`).
        public var maxPodObjects = Int64.max
        public init() {}

        /// Every optimisation off: the path the equivalence tests compare against.
        public static var straightforward: Options {
            var options = Options()
            options.lazyKubeletStatus = false
            options.leasesOnDemand = false
            options.statusReportsOnDemand = false
            options.lazyMonitorPass = false
            options.lazyTaintingPass = false
            options.edgeHealthOnDemand = false
            return options
        }
    }

    public convenience init(_ compiled: CompiledScenario, checkingInvariants: Bool) {
        var options = Options()
        options.checkInvariants = checkingInvariants
        self.init(compiled, options: options)
    }

    /// `stream`: where the timeline goes batch by batch (`TimelineStream`); without one the
    /// run holds it (`timeline`).
    public init(_ compiled: CompiledScenario, options: Options = Options(), stream: (any TimelineStream)? = nil) {
        self.compiled = compiled
        self.options = options
        state = RegisteredRun(compiled, options: options, stream: stream)
    }

    /// Runs to the scenario's end (events at exactly `duration` included).
    public func run() { run(until: compiled.duration) }

    /// Runs every event up to `end`, or until an invariant breaks (see `violation`).
    public func run(until end: SimTime) {
        var visitor = RunUntil(end: end)
        state.accept(&visitor)
    }

    /// The run as a read-only view, whatever its plane (for reading results, not for the loop).
    private var opened: any ClusterRunning {
        var visitor = Open()
        return state.accept(&visitor)
    }

    public var now: SimTime { opened.now }
    public var api: APIServer { opened.api }
    public var kubelets: [Kubelet] { opened.kubelets }
    /// The network as it stands (a conformance plan reads each kubelet's route from it).
    public var network: Network { opened.network }
    /// Every state transition so far, in order, when the run holds its timeline; with a
    /// stream, only the events not yet handed to it (none once a run has ended).
    public var timeline: [TimelineEvent] { opened.timeline }
    /// The timeline's lines so far, held or streamed.
    public var timelineCount: Int { opened.timelineCount }
    public var eventsProcessed: Int { opened.eventsProcessed }
    public var unnecessaryEvictions: Int { opened.unnecessaryEvictionPods.count }
    /// The pods evicted while their node was powered and running them, in eviction order.
    public var unnecessaryEvictionPods: [PodID] { opened.unnecessaryEvictionPods }
    /// Every time a node actually lost or regained power, in order.
    public var powerChanges: [PowerChange] { opened.powerChanges }
    /// Bytes on the cloud-edge links, for the control planes that count them.
    public var traffic: CloudEdgeTraffic? { opened.traffic }
    /// The first broken invariant; the run stopped there.
    public var violation: InvariantViolation? { opened.violation }
    public var checksInvariants: Bool { options.checkInvariants }
    /// When the run went past `Options.maxEvents` and stopped; nil if it did not.
    public var overBudgetAt: SimTime? { opened.overBudgetAt }

    /// Lease renewals and kubelet requests the network refused, and those it lost, so far.
    public func messageCounts() -> (dropped: Int, lost: Int) {
        var visitor = MessageCounts()
        return state.accept(&visitor)
    }

    /// Applies `mutation` to the API server as if an event did it now: the seam through which
    /// tests break a rule on purpose.
    func injectForTesting(_ mutation: @escaping (inout APIServer, SimTime) -> Void) {
        var visitor = Inject(mutation: mutation)
        state.accept(&visitor)
    }
}

private struct RunUntil: ClusterRunVisitor {
    let end: SimTime
    func visit<Plane: ControlPlane>(_ run: inout ClusterRun<Plane>) {
        run.run(until: end)
        // What a reader of the world sees now is what events would have left: every report up
        // to the end itself worked out.
        run.cluster.endStatusChains(before: run.cluster.now + .microseconds(1))
        run.handOverTimeline(force: true)
    }
}

private struct MessageCounts: ClusterRunVisitor {
    func visit<Plane: ControlPlane>(_ run: inout ClusterRun<Plane>) -> (dropped: Int, lost: Int) { run.cluster.messageCounts() }
}

private struct Inject: ClusterRunVisitor {
    let mutation: (inout APIServer, SimTime) -> Void
    func visit<Plane: ControlPlane>(_ run: inout ClusterRun<Plane>) { run.injectForTesting(mutation) }
}

private struct Open: ClusterRunVisitor {
    func visit<Plane: ControlPlane>(_ run: inout ClusterRun<Plane>) -> any ClusterRunning { run }
}

/// What the facade reads of a finished (or paused) run, whatever its control plane.
protocol ClusterRunning {
    var now: SimTime { get }
    var api: APIServer { get }
    var kubelets: [Kubelet] { get }
    var network: Network { get }
    var timeline: [TimelineEvent] { get }
    var timelineCount: Int { get }
    var eventsProcessed: Int { get }
    var unnecessaryEvictionPods: [PodID] { get }
    var powerChanges: [PowerChange] { get }
    var violation: InvariantViolation? { get }
    var overBudgetAt: SimTime? { get }
    var traffic: CloudEdgeTraffic? { get }
}

extension ClusterRun: ClusterRunning {
    var now: SimTime { cluster.now }
    var api: APIServer { cluster.api }
    var kubelets: [Kubelet] { cluster.kubelets }
    var network: Network { cluster.network }
    var timeline: [TimelineEvent] { cluster.timeline.events }
    var timelineCount: Int { cluster.timeline.count }
    var eventsProcessed: Int { cluster.simulation.eventsProcessed }
    var unnecessaryEvictionPods: [PodID] { cluster.unnecessaryEvictionPods }
    var powerChanges: [PowerChange] { cluster.powerChanges }
    var traffic: CloudEdgeTraffic? { plane.traffic }
}
