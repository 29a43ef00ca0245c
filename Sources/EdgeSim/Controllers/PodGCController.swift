/// The part of kube-controller-manager's pod garbage collector that non-graceful node shutdown
/// needs (GA in 1.28, KEP-2268): a pod stuck Terminating on a node that is not Ready and carries
/// `node.kubernetes.io/out-of-service` is force-deleted, so its StatefulSet can recreate it
/// elsewhere. (k8s: pkg/controller/podgc/gc_controller.go gcTerminating.) Its other duties —
/// terminated pods over the threshold, orphans of deleted nodes, unscheduled terminating
/// pods — concern nothing edgesim models.
public struct PodGCController: Sendable {
    // k8s: podgc gcCheckPeriod — the gc loop runs every 20 s.
    public static let period = SimTime.seconds(20)

    public init() {}

    /// Whether any node carries the out-of-service taint: only then can a pass do anything.
    public static func hasOutOfServiceNode(_ api: borrowing APIServer) -> Bool {
        api.nodes.contains { Self.isOutOfService($0) }
    }

    // k8s: podgc gcTerminating — !nodeutil.IsNodeReady(node) && TaintKeyExists(out-of-service)
    static func isOutOfService(_ node: NodeObject) -> Bool {
        node.ready != .true && node.taints.contains { $0.key == Taint.outOfServiceKey }
    }

    // k8s: podgc gcTerminating — force deletion (grace period 0): the object goes at once,
    // without the kubelet's confirmation.
    /// One pass: force-deletes the Terminating pods of out-of-service nodes, in node order.
    public func gcTerminating(now: SimTime, api: inout APIServer) {
        for index in api.nodes.indices where Self.isOutOfService(api.nodes[index]) {
            for pod in api.podsOnNode[index] where api.pods[pod.index].isTerminating {
                api.finalizeDeletion(pod, now: now)
            }
        }
    }
}
