/// The parts of kube-controller-manager's pod garbage collector that edgesim's verbs reach
/// (k8s: pkg/controller/podgc/gc_controller.go, `gc` every 20 s):
/// - `gcTerminating`, for non-graceful node shutdown (GA in 1.28, KEP-2268): a pod stuck
///   Terminating on a node that is not Ready and carries `node.kubernetes.io/out-of-service` is
///   force-deleted, so its StatefulSet can recreate it elsewhere.
/// - `gcOrphaned`, for `delete-node`: pods bound to a node that no longer exists are
///   force-deleted once the node has been missing for the quarantine, so their Deployments and
///   StatefulSets recreate them elsewhere.
/// Its other duties — terminated pods over the threshold, unscheduled terminating pods —
/// concern nothing edgesim models.
public struct PodGCController: Sendable {
    // k8s: podgc gcCheckPeriod — the gc loop runs every 20 s.
    public static let period = SimTime.seconds(20)
    // k8s: podgc quarantineTime — how long a node must stay missing from the informer before
    // its pods are deleted (a delaying queue's AddAfter, then a GET that finds it gone).
    public static let quarantineTime = SimTime.seconds(40)

    /// Nodes seen missing with pods bound to them, and when their quarantine ends, in the
    /// order they were first seen (the `orphaned_pods_nodes` delaying queue).
    public private(set) var quarantined: [(node: NodeID, until: SimTime)] = []

    public init() {}

    /// Whether a pass can do anything: a node carries the out-of-service taint, a node with
    /// pods bound to it has no Node object, or a quarantine is running.
    public static func hasWork(_ api: borrowing APIServer, _ controller: PodGCController) -> Bool {
        if !controller.quarantined.isEmpty { return true }
        for index in api.nodes.indices where isOutOfService(api.nodes[index]) || isOrphaning(api, index) { return true }
        return false
    }

    /// Whether any node carries the out-of-service taint.
    public static func hasOutOfServiceNode(_ api: borrowing APIServer) -> Bool {
        api.nodes.contains { Self.isOutOfService($0) }
    }

    // k8s: podgc gcTerminating — !nodeutil.IsNodeReady(node) && TaintKeyExists(out-of-service)
    static func isOutOfService(_ node: NodeObject) -> Bool {
        node.ready != .true && node.taints.contains { $0.key == Taint.outOfServiceKey }
    }

    /// A node with no Node object that pods are still bound to.
    static func isOrphaning(_ api: borrowing APIServer, _ index: Int) -> Bool {
        !api.nodes[index].registered && !api.podsOnNode[index].isEmpty
    }

    /// One pass: `gcTerminating`, then `gcOrphaned`, as upstream's `gc` runs them.
    public mutating func gc(now: SimTime, api: inout APIServer) {
        gcTerminating(now: now, api: &api)
        gcOrphaned(now: now, api: &api)
    }

    // k8s: podgc gcTerminating — force deletion (grace period 0): the object goes at once,
    // without the kubelet's confirmation.
    /// Force-deletes the Terminating pods of out-of-service nodes, in node order.
    public func gcTerminating(now: SimTime, api: inout APIServer) {
        for index in api.nodes.indices where Self.isOutOfService(api.nodes[index]) {
            for pod in api.podsOnNode[index] where api.pods[pod.index].isTerminating {
                api.finalizeDeletion(pod, now: now)
            }
        }
    }

    // k8s: podgc gcOrphaned / discoverDeletedNodes — a node missing from the lister with pods
    // bound to it is queued with AddAfter(quarantineTime) (a node already waiting keeps its
    // time); a pass that finds its quarantine over checks it is still gone and force-deletes
    // its pods (markFailedAndDeletePodWithCondition, DisruptionTarget DeletionByPodGC).
    /// Quarantines newly orphaning nodes and deletes the pods of those whose quarantine is over.
    public mutating func gcOrphaned(now: SimTime, api: inout APIServer) {
        for index in api.nodes.indices where Self.isOrphaning(api, index) && !quarantined.contains(where: { $0.node.index == index }) {
            quarantined.append((NodeID(index), now + Self.quarantineTime))
        }
        let due = quarantined.filter { $0.until <= now }
        quarantined.removeAll { $0.until <= now }
        for (node, _) in due where !api.nodes[node.index].registered {
            for pod in api.podsOnNode[node.index] { api.finalizeDeletion(pod, now: now) }
        }
    }
}
