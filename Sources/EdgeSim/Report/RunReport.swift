/// What a finished run leaves behind: its timeline, the names to print it with, and the
/// counters its metrics are made from. Rendering happens after the run, never during it.
public struct RunReport: Sendable {
    public let scenario: String
    public let variant: String?
    public let mode: Mode
    public let seed: UInt64
    public let kubernetesVersion: KubernetesVersion
    public let duration: SimTime
    public let timeline: [TimelineEvent]
    public let nodeNames: [String]
    public let podNames: [String]
    /// The workload each pod belongs to, by pod index.
    public let podWorkloads: [String]
    /// Each service's name and its desired number of endpoints (the workload's replicas).
    public let services: [(name: String, desired: Int)]
    public let zoneOfNode: [String]
    /// The site each node sits in, by node index.
    public let siteOfNode: [String]
    /// When nodes were really dead (powered off), in the order it happened.
    public let powerSpans: [PowerSpan]
    /// The scenario's faults as stretches of time and the nodes they hit, in scenario order.
    public let faultSpans: [FaultSpan]
    public let eventsProcessed: Int
    public let messagesDropped: Int
    public let messagesLost: Int
    public let unnecessaryEvictions: Int
    /// Bytes on the cloud-edge links by resource and direction; nil for modes that do not
    /// count them (only `openyurt` does).
    public let traffic: CloudEdgeTraffic?
    public var cloudEdgeBytes: Int64? { traffic?.total }

    public init(world: World) {
        let compiled = world.compiled
        scenario = compiled.scenario.name
        variant = compiled.variant
        mode = compiled.scenario.mode
        seed = compiled.seed
        kubernetesVersion = compiled.settings.kubernetesVersion
        duration = compiled.duration
        timeline = world.timeline
        // Read once: each read of the world opens the run.
        let api = world.api
        nodeNames = api.nodes.map(\.name)
        podNames = api.pods.map(\.name)
        podWorkloads = api.pods.map { api.workloads[$0.workload.index].name }
        services = api.services.map { ($0.name, api.workloads[$0.workload.index].replicas) }
        zoneOfNode = api.nodes.map { $0.labels[ZoneLabels.zone] ?? "" }
        siteOfNode = compiled.nodes.map { node in
            compiled.topology.hosts[node.host.index].site.map { compiled.topology.sites[$0.index].name } ?? ""
        }
        powerSpans = PowerSpan.spans(world.powerChanges)
        faultSpans = FaultSpan.spans(compiled)
        eventsProcessed = world.eventsProcessed
        (messagesDropped, messagesLost) = world.messageCounts()
        unnecessaryEvictions = world.unnecessaryEvictions
        traffic = world.traffic
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
