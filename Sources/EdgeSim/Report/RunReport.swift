/// What a finished run leaves behind: its timeline when the run held it, the names to print
/// it with, and the counters its metrics are made from. A run that streamed its timeline
/// (`simulateStreamed`) holds none: its metrics and expectations were folded as it ran
/// (`folded`).
public struct RunReport: Sendable {
    public let scenario: String
    public let variant: String?
    public let mode: Mode
    public let seed: UInt64
    public let kubernetesVersion: KubernetesVersion
    public let duration: SimTime
    /// Every event, when the run held its timeline; empty when it streamed it.
    public let timeline: [TimelineEvent]
    /// The run's timeline lines, held or streamed.
    public let timelineCount: Int
    /// The metrics and expectation outcomes folded while the run streamed its timeline.
    public internal(set) var folded: FoldedResults?
    /// The text format's subject column width (`TimelineLines.subjectWidth`).
    public let subjectWidth: Int
    public let nodeNames: [String]
    public let podNames: [String]
    /// The workload each pod belongs to, by pod index.
    public let podWorkloads: [String]
    /// The same, as an index into `workloads`.
    public let podWorkloadIndex: [Int]
    /// When each pod object was created, by pod index.
    public let podCreated: [SimTime]
    /// Each workload's name, kind and the nodes it may run on (nil: any), by workload index.
    public let workloads: [(name: String, kind: WorkloadKind, eligibleNodes: [NodeID]?)]
    /// Each node's labels, by node index (looked up, never iterated into output).
    public let nodeLabels: [[String: String]]
    /// Each service's name and its desired number of endpoints (the workload's replicas).
    public let services: [(name: String, desired: Int)]
    /// Each service's workload, by service index (an index into `workloads`).
    public let serviceWorkloads: [Int]
    public let zoneOfNode: [String]
    /// The site each node sits in, by node index.
    public let siteOfNode: [String]
    /// When nodes were really dead (powered off), in the order it happened.
    public let powerSpans: [PowerSpan]
    /// Every time a node lost or regained power, in order (what `powerSpans` pairs up).
    public let powerChanges: [PowerChange]
    /// The scenario's faults as stretches of time and the nodes they hit, in scenario order.
    public let faultSpans: [FaultSpan]
    /// The run's `expect` lines, and where each stands in the scenario's list.
    public let expectations: [Expectation]
    public let expectationIndices: [Int]
    /// How many expect lines the scenario has, every variant's included.
    public let scenarioExpectationCount: Int
    public let eventsProcessed: Int
    public let messagesDropped: Int
    public let messagesLost: Int
    public var unnecessaryEvictions: Int { unnecessaryEvictionPods.count }
    /// The pods evicted while their node was powered and running them, in eviction order.
    public let unnecessaryEvictionPods: [PodID]
    /// Bytes on the cloud-edge links by resource and direction; nil for modes that do not
    /// count them (only `openyurt` does).
    public let traffic: CloudEdgeTraffic?
    public var cloudEdgeBytes: Int64? { traffic?.total }
    /// What the controllers declined to do (`CauseHold`), when the run held its timeline.
    public let causeHolds: [CauseHold]

    public init(world: World) {
        let compiled = world.compiled
        scenario = compiled.scenario.name
        variant = compiled.variant
        mode = compiled.scenario.mode
        seed = compiled.seed
        kubernetesVersion = compiled.settings.kubernetesVersion
        duration = compiled.duration
        timeline = world.timeline
        timelineCount = world.timelineCount
        folded = nil
        subjectWidth = TimelineLines.subjectWidth(compiled)
        // Read once: each read of the world opens the run.
        let api = world.api
        nodeNames = api.nodes.map(\.name)
        podNames = api.pods.map(\.name)
        podWorkloads = api.pods.map { api.workloads[$0.workload.index].name }
        podWorkloadIndex = api.pods.map(\.workload.index)
        podCreated = api.pods.map(\.created)
        workloads = api.workloads.map { ($0.name, $0.kind, $0.eligibleNodes) }
        nodeLabels = api.nodes.map(\.labels)
        services = api.services.map { ($0.name, api.workloads[$0.workload.index].replicas) }
        serviceWorkloads = api.services.map(\.workload.index)
        zoneOfNode = api.nodes.map { $0.labels[ZoneLabels.zone] ?? "" }
        siteOfNode = compiled.nodes.map { node in
            compiled.topology.hosts[node.host.index].site.map { compiled.topology.sites[$0.index].name } ?? ""
        }
        powerChanges = world.powerChanges
        powerSpans = PowerSpan.spans(powerChanges)
        faultSpans = FaultSpan.spans(compiled)
        expectations = compiled.expectations
        expectationIndices = compiled.expectationIndices
        scenarioExpectationCount = compiled.scenario.expectations.count
        eventsProcessed = world.eventsProcessed
        (messagesDropped, messagesLost) = world.messageCounts()
        unnecessaryEvictionPods = world.unnecessaryEvictionPods
        traffic = world.traffic
        causeHolds = api.causes.holds
    }

    /// The same report with the results folded from its streamed timeline.
    func with(_ folded: FoldedResults) -> RunReport {
        var report = self
        report.folded = folded
        return report
    }

    public func nodeName(_ id: NodeID?) -> String? { id.map { nodeNames[$0.index] } }
    public func podName(_ id: PodID?) -> String? { id.map { podNames[$0.index] } }
}

/// Runs a compiled scenario to its end and returns its report. A broken invariant stops the
/// program rather than hand back the report of a run cut short: for tests of runs known to be
/// sound. Commands and the sweep runner use `simulateChecked`, which throws it instead.
public func simulate(_ compiled: CompiledScenario) -> RunReport {
    let world = World(compiled)
    world.run()
    if let violation = world.violation { preconditionFailure(violation.description) }
    return RunReport(world: world)
}
