/// The Kubernetes minor release a run models (setting `kubernetes-version`, 1.28 … 1.35).
/// Each property is one upstream change between those releases; the README lists them.
public struct KubernetesVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The minor number: 29 for 1.29.
    public let minor: Int

    public static let oldest = KubernetesVersion(uncheckedMinor: 28)
    public static let newest = KubernetesVersion(uncheckedMinor: 35)
    /// What the shipped scenarios were written for, and what the real control plane they were
    /// checked against ran (release-1.29, grace 40 s).
    public static let v1_29 = KubernetesVersion(uncheckedMinor: 29)

    private init(uncheckedMinor minor: Int) { self.minor = minor }

    /// `1.29` (or `v1.29`) within the modelled range; nil otherwise.
    public init?(_ text: String) {
        let body = text.hasPrefix("v") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "1", parts[1].count <= 2, parts[1].allSatisfy(\.isASCII),
              let minor = Int(parts[1]), minor >= Self.oldest.minor, minor <= Self.newest.minor else { return nil }
        self.minor = minor
    }

    public static var allModelled: [KubernetesVersion] {
        (oldest.minor...newest.minor).map { KubernetesVersion(uncheckedMinor: $0) }
    }

    public var description: String { "1.\(minor)" }
    public static func < (a: KubernetesVersion, b: KubernetesVersion) -> Bool { a.minor < b.minor }

    // k8s: nodelifecycle config/v1alpha1 defaults — 40 s up to 1.31, 50 s from 1.32
    // (k/k PR #126287, issue #121793: the kubelet's HTTP/2 health check needs 45 s).
    /// The default `--node-monitor-grace-period`.
    public var defaultGracePeriod: SimTime { minor >= 32 ? .seconds(50) : .seconds(40) }

    // k8s: nodelifecycle.Controller.monitorNodeHealth from 1.34 (k/k PR #120816, issue #120815;
    // upstream test TestApplyNoExecuteTaintsToUnreachableNode): the taint decision reads the
    // Ready condition as this pass left it, so the pass that sets Unknown queues the node.
    /// Whether `unreachable:NoExecute` is queued in the pass that sets Unknown, not one later.
    public var taintsInTheUnknownPass: Bool { minor >= 34 }

    // k8s: tainteviction.Controller.addConditionAndDeletePod — PodDisruptionConditions GA in
    // 1.31 (k/k PR #125461): a DisruptionTarget condition, reason DeletionByTaintManager,
    // is patched onto the pod before the delete.
    /// Whether a taint eviction first marks the pod `DisruptionTarget=DeletionByTaintManager`.
    public var marksDisruptionTarget: Bool { minor >= 31 }

    /// The condition a taint eviction adds, as the timeline's `pod-evicted` detail.
    public var taintEvictionDetail: String? { marksDisruptionTarget ? "DisruptionTarget=DeletionByTaintManager" : nil }

    // k8s: registry/core/pod/storage eviction.go addConditionAndDeletePod — the Eviction API
    // patches DisruptionTarget, reason EvictionByEvictionAPI, before it deletes the pod
    // (PodDisruptionConditions, GA in 1.31: the same gate as the taint manager's condition here).
    /// The condition an Eviction API call (`kubectl drain`) adds, as the `pod-drained` detail.
    public var evictionAPIDetail: String? { marksDisruptionTarget ? "DisruptionTarget=EvictionByEvictionAPI" : nil }
}
