/// An index into the API server's pod list. Deleted pods keep their slot, so IDs are stable.
public struct PodID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: PodID, b: PodID) -> Bool { a.index < b.index }
}

/// The API server's copy of a Pod.
public struct PodObject: Sendable {
    public let id: PodID
    public let name: String
    public let workload: WorkloadID
    /// When the object was created (reports measure time spent Pending from here).
    public let created: SimTime
    /// The binding (`spec.nodeName`); nil while pending.
    public var node: NodeID?
    /// The PodReady condition as the API holds it.
    public var ready: Bool = false
    /// `status.phase == Running`: the kubelet reported the containers started. Nothing in the
    /// control plane takes it back: marking a pod not ready (k8s: MarkPodsNotReady) leaves the
    /// phase alone, and a silent node cannot report anything else.
    public var running = false
    public var tolerations: [Toleration]
    /// Set by a graceful delete (an eviction); the object stays, Terminating, until the kubelet
    /// confirms the containers are gone. StatefulSets wait for that (seed 003).
    public var deletionRequested: SimTime?
    /// Gone from the API for good.
    public var deleted = false

    public var isTerminating: Bool { deletionRequested != nil && !deleted }
    public var isActive: Bool { deletionRequested == nil && !deleted }
}
