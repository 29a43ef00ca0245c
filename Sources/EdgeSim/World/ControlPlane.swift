/// A control plane as an extension of the shared model (`Cluster`): vanilla Kubernetes is the
/// base and adds nothing; SuperEdge, OpenYurt and the others each own their state, their events,
/// their API server admission steps and these hooks. Every hook has a default that does nothing,
/// so an extension writes only the ones its upstream changes.
///
/// Hooks run inside the shared model's handling of an event, at the place the comment names,
/// and reach the shared model through `cluster` (the network, the API server, the clock, the
/// timeline; `cluster.schedule(.plane(...))` for their own events).
protocol ControlPlane {
    associatedtype Event: Sendable
    typealias Shared = Cluster<Event>

    /// Builds the extension's state for a run and installs what it adds to the API server
    /// (admission plugins, watches) before any object exists.
    init(_ compiled: CompiledScenario, cluster: inout Shared)

    /// Whether the kubelet's lease PUT reaches the API server. False when a node agent answers
    /// it (OpenYurt's YurtHub): the kubelet's renewals are then events the extension takes in
    /// `kubeletRenewedLease`, never worked out on demand.
    static var kubeletLeasesReachAPIServer: Bool { get }
    /// Whether the kubelet's status sync goes to the API server over its own connection (6443).
    /// False when a node agent carries it (KubeEdge's EdgeHub, over CloudHub's WebSocket): each
    /// sync the kubelet sends is handed to `kubeletSentStatus`, which delivers it
    /// (`Cluster.deliverStatusSync`) or not.
    static var kubeletStatusReachesAPIServer: Bool { get }
    /// Whether the kubelet syncs its status at every period, needed or not (OpenYurt counts
    /// each sync's Node GET as cloud-edge traffic), so it never sleeps.
    static var kubeletSyncsEveryPeriod: Bool { get }
    /// Whether a steady kubelet's periodic reports may be worked out on demand
    /// (`StatusReportChain`): false for a plane whose `kubeletSyncedStatus` does something, or
    /// that reads the Ready heartbeat. By default, wherever the kubelet sends its own sync and
    /// sleeps between them.
    static var kubeletReportsMayRunOnDemand: Bool { get }
    /// Which pods the extension's endpoint webhooks let a Service list (for the invariants).
    static var endpointRule: EndpointRule { get }
    /// What the extension's own agents add to a run of `seconds` simulated seconds, for the
    /// up-front estimate (`WorkEstimate`).
    static func estimatedCost(of compiled: CompiledScenario, seconds: Int64) -> [WorkEstimate.Part]

    /// The run starts: the cluster has converged and every kubelet has started.
    mutating func start(_ cluster: inout Shared)
    /// One of the extension's own events.
    mutating func handle(_ event: Event, _ cluster: inout Shared)
    /// The kubelet sent a lease renewal (only when `kubeletLeasesReachAPIServer` is false).
    mutating func kubeletRenewedLease(_ node: NodeID, _ cluster: inout Shared)
    /// The kubelet sent a status sync (only when `kubeletStatusReachesAPIServer` is false).
    mutating func kubeletSentStatus(_ node: NodeID, _ cluster: inout Shared)
    /// A kubelet status sync completed at the API server.
    mutating func kubeletSyncedStatus(_ node: NodeID, _ cluster: inout Shared)
    /// An API change reaches the extension's controllers, after the vanilla ones saw it.
    mutating func observe(_ change: APIChange, _ cluster: inout Shared)
    /// After every event, once the API changes it caused reached the controllers, before the
    /// invariants: the place to notice a change of the network or of labels, whatever event
    /// made it (`cluster.simulation.currentOrder` still names that event).
    mutating func settled(_ cluster: inout Shared)
    /// A node lost power (after its kubelet stopped) or booted (after its kubelet started).
    mutating func nodePoweredOff(_ node: NodeID, _ cluster: inout Shared)
    mutating func nodePoweredOn(_ node: NodeID, _ cluster: inout Shared)
    /// `restart-edge`: the edge processes of these nodes restart.
    mutating func edgeRestarted(_ nodes: [NodeID], _ cluster: inout Shared)
    /// A host that runs no node (a dedicated coordinator) lost or regained power.
    mutating func dedicatedHostPowered(_ host: HostID, on: Bool, _ cluster: inout Shared)
    /// Bytes on the cloud-edge links, for the extensions that count them.
    var traffic: CloudEdgeTraffic? { get }
}

extension ControlPlane {
    static var kubeletLeasesReachAPIServer: Bool { true }
    static var kubeletStatusReachesAPIServer: Bool { true }
    static var kubeletSyncsEveryPeriod: Bool { false }
    static var kubeletReportsMayRunOnDemand: Bool { kubeletStatusReachesAPIServer && !kubeletSyncsEveryPeriod }
    static var endpointRule: EndpointRule { .strict }
    static func estimatedCost(of compiled: CompiledScenario, seconds: Int64) -> [WorkEstimate.Part] { [] }
    mutating func start(_ cluster: inout Shared) {}
    mutating func kubeletRenewedLease(_ node: NodeID, _ cluster: inout Shared) {}
    mutating func kubeletSentStatus(_ node: NodeID, _ cluster: inout Shared) {}
    mutating func kubeletSyncedStatus(_ node: NodeID, _ cluster: inout Shared) {}
    mutating func observe(_ change: APIChange, _ cluster: inout Shared) {}
    mutating func settled(_ cluster: inout Shared) {}
    mutating func nodePoweredOff(_ node: NodeID, _ cluster: inout Shared) {}
    mutating func nodePoweredOn(_ node: NodeID, _ cluster: inout Shared) {}
    mutating func edgeRestarted(_ nodes: [NodeID], _ cluster: inout Shared) {}
    mutating func dedicatedHostPowered(_ host: HostID, on: Bool, _ cluster: inout Shared) {}
    var traffic: CloudEdgeTraffic? { nil }
}

/// Vanilla Kubernetes (and OpenShift, which differs only in settings): the shared model as it
/// is, with no extension.
struct VanillaKubernetes: ControlPlane {
    typealias Event = Never
    init(_ compiled: CompiledScenario, cluster: inout Shared) {}
    mutating func handle(_ event: Never, _ cluster: inout Shared) {}
}
