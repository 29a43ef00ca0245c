/// An index into the API server's workload list.
public struct WorkloadID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: WorkloadID, b: WorkloadID) -> Bool { a.index < b.index }
}

/// The controllers edgesim models, each with its upstream rule for replacing pods.
public enum WorkloadKind: String, Sendable, Codable, CaseIterable {
    /// Evicted pods are replaced at once (the ReplicaSet counts Terminating pods as gone).
    case deployment
    /// One pod per eligible node, tolerating not-ready/unreachable forever; never moves.
    case daemonSet = "daemonset"
    /// A pod with ordinal i is recreated only once the old one is confirmed gone.
    case statefulSet = "statefulset"
    /// Run by the kubelet from a manifest on disk; restarted at boot without the API server.
    case staticPod = "static-pod"
}

/// A workload as the API holds it: kind, size, where it may run, its tolerations, its Service.
public struct Workload: Sendable {
    public let id: WorkloadID
    public let name: String
    public let kind: WorkloadKind
    public var replicas: Int
    /// Nodes it may run on (its nodeSelector / affinity, resolved); all when nil.
    public var eligibleNodes: [NodeID]?
    /// Tolerations from the pod template, before admission adds defaults.
    public var tolerations: [Toleration]
    public var service: ServiceID?
}

/// An index into the API server's service list.
public struct ServiceID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: ServiceID, b: ServiceID) -> Bool { a.index < b.index }
}

/// A Service and its Endpoints (legacy `v1.Endpoints`: ready `addresses` and
/// `notReadyAddresses`; Terminating pods are dropped).
public struct ServiceObject: Sendable {
    public let id: ServiceID
    public let name: String
    public let workload: WorkloadID
    /// The pods in `addresses`, sorted.
    public var readyAddresses: [PodID] = []
    public var notReadyAddresses: [PodID] = []
}
