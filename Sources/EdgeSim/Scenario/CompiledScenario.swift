/// A scenario with every name resolved and every value checked: what a `World` is built from.
public struct CompiledScenario: Sendable {
    public let scenario: Scenario
    public let variant: String?
    public let settings: SimulationSettings
    public let topology: Topology
    public let nodes: [NodeObject]
    public let workloads: [Workload]
    public let services: [ServiceObject]
    public let faults: [Fault]
    public let expectations: [Expectation]
    /// OpenYurt NodePools: every node in exactly one.
    public var pools: [Pool] = []
    /// Node IDs by name, for lookups in constant time (never iterated: its order is no one's).
    public var nodeIDsByName: [String: NodeID] = [:]
    /// The file it came from, and where it sets its duration (empty if it does not), for
    /// errors found after compiling: a run refused for its cost points at its duration.
    public var sourceFile = ""
    public var durationLocation = ""

    public var seed: UInt64 { scenario.seed }
    public var duration: SimTime { scenario.duration.time }

    public func nodeID(named name: String) -> NodeID? { nodeIDsByName[name] }

    /// A fault with its targets resolved to IDs.
    public struct Fault: Sendable {
        public var at: SimTime
        public var until: SimTime?
        public var action: Action
        /// What it hit, for the timeline (`gz-3`, `uplink:factory`, `apiserver`).
        public var subject: String
        /// The statement as written, for the timeline.
        public var text: String
    }

    public enum Action: Sendable {
        case cut(LinkID)
        case heal(LinkID)
        case drop(DropRule)
        case undrop(DropRule)
        case loss(LinkID, ppm: Int)
        case latency(LinkID, latency: SimTime, jitter: SimTime)
        case flap(LinkID, period: SimTime, upPercent: Int)
        case partition(Partition)
        case label(NodeID, key: String, value: String?)
        case powerOff(NodeID)
        case powerOn(NodeID)
        case apiServerDown
        case apiServerUp
        /// Power of a dedicated coordinator host.
        case coordinatorPower(HostID, on: Bool)
        case restartEdge([NodeID])
        case taint(NodeID, Taint)
        case untaint(NodeID, Taint)
        case cordon(NodeID)
        case uncordon(NodeID)
        case drain(NodeID)
        /// The kubelet process stops (`running` false) or starts, the node powered throughout.
        case kubelet(NodeID, running: Bool)
        /// What the kubelet reports as Ready: False (`not-ready`) or True again (`ready`).
        case reportsReady(NodeID, Bool)
        /// The NetworkUnavailable condition: True (`network-unavailable`) or False.
        case networkUnavailable(NodeID, Bool)
        /// The node joins: its kubelet starts (again) and registers the Node object.
        case addNode(NodeID)
        /// `kubectl delete node`: the Node object goes.
        case deleteNode(NodeID)
    }

    /// An OpenYurt NodePool and where its coordinator runs.
    public struct Pool: Sendable {
        public var name: String
        /// Members in node order.
        public var members: [NodeID]
        public var coordinatorHost: HostID
    }
}
