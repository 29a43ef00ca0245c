/// What printing or judging a timeline event needs to know of its run: the names behind its
/// node and pod ids. A finished `RunReport` knows them all; `LiveNames` learns each pod's as
/// the run creates it, so that a streamed timeline is printed the same way while it runs.
public protocol TimelineNames {
    var variant: String? { get }
    func nodeName(_ id: NodeID?) -> String?
    func podName(_ id: PodID?) -> String?
    /// The name and kind of the workload a pod belongs to.
    func workload(ofPod pod: PodID) -> (name: String, kind: WorkloadKind)
    /// The workload a pod belongs to, as an index into `workloadNames` (declaration order).
    func workloadIndex(ofPod pod: PodID) -> Int
    var workloadNames: [String] { get }
    /// The zone label of a node ("" without one).
    func zone(ofNode node: NodeID) -> String
    func isNodeName(_ name: String) -> Bool
}

extension RunReport: TimelineNames {
    public func workload(ofPod pod: PodID) -> (name: String, kind: WorkloadKind) {
        let workload = workloads[podWorkloadIndex[pod.index]]
        return (workload.name, workload.kind)
    }
    public func workloadIndex(ofPod pod: PodID) -> Int { podWorkloadIndex[pod.index] }
    public var workloadNames: [String] { workloads.map(\.name) }
    public func zone(ofNode node: NodeID) -> String { zoneOfNode[node.index] }
    public func isNodeName(_ name: String) -> Bool { nodeNames.contains(name) }
}

/// The names of a run that is still going: nodes and workloads from the start, each pod's
/// from the API server once it exists (`update`). O(nodes + pods), never O(events).
public struct LiveNames: TimelineNames {
    public let variant: String?
    let nodeNames: [String]
    let nodeSet: Set<String>
    let zoneOfNode: [String]
    private(set) var workloads: [(name: String, kind: WorkloadKind)] = []
    private(set) var podNames: [String] = []
    private(set) var podWorkloadIndex: [Int] = []

    public init(_ compiled: CompiledScenario) {
        variant = compiled.variant
        nodeNames = compiled.nodes.map(\.name)
        nodeSet = Set(nodeNames)
        zoneOfNode = compiled.nodes.map { $0.labels[ZoneLabels.zone] ?? "" }
    }

    /// Learns the pods (and workloads) created since the last update.
    public mutating func update(from api: APIServer) {
        if workloads.count < api.workloads.count {
            workloads += api.workloads[workloads.count...].map { ($0.name, $0.kind) }
        }
        guard podNames.count < api.pods.count else { return }
        for pod in api.pods[podNames.count...] {
            podNames.append(pod.name)
            podWorkloadIndex.append(pod.workload.index)
        }
    }

    public func nodeName(_ id: NodeID?) -> String? { id.map { nodeNames[$0.index] } }
    public func podName(_ id: PodID?) -> String? { id.map { podNames[$0.index] } }
    public func workload(ofPod pod: PodID) -> (name: String, kind: WorkloadKind) { workloads[podWorkloadIndex[pod.index]] }
    public func workloadIndex(ofPod pod: PodID) -> Int { podWorkloadIndex[pod.index] }
    public var workloadNames: [String] { workloads.map(\.name) }
    public func zone(ofNode node: NodeID) -> String { zoneOfNode[node.index] }
    public func isNodeName(_ name: String) -> Bool { nodeSet.contains(name) }
}
