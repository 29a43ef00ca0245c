/// OpenYurt's podbinding controller (v1.2–v1.6): pods on an autonomous node tolerate
/// not-ready/unreachable NoExecute forever (v1.6: for the node's autonomy duration), so the
/// stock taint eviction controller never evicts them; pods on other nodes are reset to 300 s.
/// DaemonSet and static pods are left alone (they tolerate forever already).
/// (openyurt pkg/controller/podbinding/podbinding_controller.go processNode, configureTolerationForPod)
public struct PodBindingController: Sendable {
    /// The `autonomy-duration` setting, as if every node carried the v1.6 annotation.
    public let defaultAutonomy: SimTime?
    /// podbinding's `defaultTolerationSeconds`: a constant upstream, whatever the apiserver's default.
    public static let defaultTolerationSeconds: Int64 = 300

    public init(defaultAutonomy: SimTime?) { self.defaultAutonomy = defaultAutonomy }

    /// A node changed (its annotations): every pod on it is reconsidered.
    public func nodeChanged(_ id: NodeID, now: SimTime, api: inout APIServer) {
        for pod in api.podsOnNode[id.index] { configure(pod, now: now, api: &api) }
    }

    /// A pod changed: reconsidered once it runs.
    public func podChanged(_ id: PodID, now: SimTime, api: inout APIServer) {
        configure(id, now: now, api: &api)
    }

    // openyurt: podbinding reconcilePod skips pods whose phase is not Running. Not Ready is no
    // reason to skip: the node lifecycle controller marks a silent node's pods not ready but
    // leaves their phase Running, so labelling a tainted node autonomous still saves its pods.
    func configure(_ id: PodID, now: SimTime, api: inout APIServer) {
        let pod = api.pods[id.index]
        guard pod.isActive, pod.running, let node = pod.node else { return }
        let kind = api.workloads[pod.workload.index].kind
        guard kind != .daemonSet, kind != .staticPod else { return }
        let autonomy = NodeAutonomy.of(api.nodes[node.index], defaultDuration: defaultAutonomy)
        let seconds = autonomy.map { $0.tolerationSeconds } ?? Self.defaultTolerationSeconds
        let tolerations = Self.withNodeProblemTolerations(pod.tolerations, seconds: seconds)
        api.setTolerations(id, tolerations, detail: "not-ready,unreachable:NoExecute " + (seconds.map { "\($0)s" } ?? "forever"), now: now)
    }

    // openyurt: addOrUpdateTolerationInPodSpec — a toleration with the same key and effect is
    // replaced in place, else appended.
    static func withNodeProblemTolerations(_ tolerations: [Toleration], seconds: Int64?) -> [Toleration] {
        var result = tolerations
        for key in [Taint.notReadyKey, Taint.unreachableKey] {
            let wanted = Toleration(key: key, effect: .noExecute, seconds: seconds)
            if let index = result.firstIndex(where: { $0.key == key && $0.effect == .noExecute }) {
                result[index] = wanted
            } else {
                result.append(wanted)
            }
        }
        return result
    }
}
