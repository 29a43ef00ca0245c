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
    /// The pods in `addresses`, as stored (after any mutating webhook).
    public var readyAddresses = SortedPods()
    public var notReadyAddresses = SortedPods()
    /// What the endpoints controller computed, before webhooks.
    var computedReady = SortedPods()
    var computedNotReady = SortedPods()
}

/// A sorted set of pods with O(log n) look-ups, for Endpoints address lists.
public struct SortedPods: Sendable, Equatable {
    public private(set) var items: [PodID] = []

    public init() {}

    public var count: Int { items.count }

    func position(_ pod: PodID) -> (index: Int, found: Bool) {
        var low = 0, high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid] < pod { low = mid + 1 } else { high = mid }
        }
        return (low, low < items.count && items[low] == pod)
    }

    public func contains(_ pod: PodID) -> Bool { position(pod).found }

    mutating func insert(_ pod: PodID) {
        let (index, found) = position(pod)
        if !found { items.insert(pod, at: index) }
    }

    mutating func remove(_ pod: PodID) {
        let (index, found) = position(pod)
        if found { items.remove(at: index) }
    }
}

extension Array where Element == PodID {
    /// The sorted union of two sorted lists.
    func merged(with other: [PodID]) -> [PodID] {
        var out: [PodID] = []
        out.reserveCapacity(count + other.count)
        var i = 0, j = 0
        while i < count || j < other.count {
            if j == other.count || (i < count && self[i] < other[j]) { out.append(self[i]); i += 1 }
            else if i == count || other[j] < self[i] { out.append(other[j]); j += 1 }
            else { out.append(self[i]); i += 1; j += 1 }
        }
        return out
    }
}
