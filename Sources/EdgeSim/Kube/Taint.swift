/// A taint's effect, spelled as in the Kubernetes API.
public enum TaintEffect: String, Sendable, Codable, CaseIterable {
    case noSchedule = "NoSchedule"
    case preferNoSchedule = "PreferNoSchedule"
    case noExecute = "NoExecute"
}

/// A node taint. Equality ignores `timeAdded`, as upstream `Taint.MatchTaint` does.
public struct Taint: Sendable, Codable, CustomStringConvertible {
    public var key: String
    /// Only user taints carry one (`kubectl taint`); matching ignores it, as upstream's does.
    public var value: String?
    public var effect: TaintEffect
    /// Set for NoExecute taints, as the node lifecycle controller does.
    public var timeAdded: SimTime?

    public init(key: String, value: String? = nil, effect: TaintEffect, timeAdded: SimTime? = nil) {
        self.key = key; self.value = value; self.effect = effect; self.timeAdded = timeAdded
    }

    // k8s: core/v1 Taint.MatchTaint — key and effect.
    public func matches(_ other: Taint) -> Bool { key == other.key && effect == other.effect }

    /// `key[=value]:Effect`, the timeline's spelling.
    public var description: String { key + (value.map { "=" + $0 } ?? "") + ":" + effect.rawValue }

    // k8s: pkg/controller/nodelifecycle NotReadyTaintTemplate / UnreachableTaintTemplate
    public static let notReadyKey = "node.kubernetes.io/not-ready"
    public static let unreachableKey = "node.kubernetes.io/unreachable"
    public static let unschedulableKey = "node.kubernetes.io/unschedulable"
    public static let networkUnavailableKey = "node.kubernetes.io/network-unavailable"
    /// k8s: core/v1 TaintNodeOutOfService — non-graceful node shutdown (GA 1.28, KEP-2268).
    public static let outOfServiceKey = "node.kubernetes.io/out-of-service"

    public static let unreachableNoExecute = Taint(key: unreachableKey, effect: .noExecute)
    public static let notReadyNoExecute = Taint(key: notReadyKey, effect: .noExecute)
    public static let unreachableNoSchedule = Taint(key: unreachableKey, effect: .noSchedule)
    public static let notReadyNoSchedule = Taint(key: notReadyKey, effect: .noSchedule)
    // k8s: nodelifecycle UnschedulableTaintTemplate
    public static let unschedulableNoSchedule = Taint(key: unschedulableKey, effect: .noSchedule)
    public static let networkUnavailableNoSchedule = Taint(key: networkUnavailableKey, effect: .noSchedule)
}

/// A pod toleration (`operator: Exists` when `key` is nil or `value` is unused; edgesim's taints
/// carry no values, so `Exists` and `Equal` coincide).
public struct Toleration: Hashable, Sendable, Codable {
    /// Nil tolerates every key.
    public var key: String?
    /// Nil tolerates every effect.
    public var effect: TaintEffect?
    /// Nil tolerates forever; only meaningful for NoExecute.
    public var seconds: Int64?

    public init(key: String?, effect: TaintEffect?, seconds: Int64? = nil) {
        self.key = key; self.effect = effect; self.seconds = seconds
    }

    // k8s: core/v1 Toleration.ToleratesTaint
    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, effect != taint.effect { return false }
        if let key, key != taint.key { return false }
        return true
    }

    /// Tolerates everything, forever (what static pod manifests of system components carry).
    public static let everything = Toleration(key: nil, effect: nil)
}

extension Array where Element == Taint {
    public func contains(_ taint: Taint) -> Bool { contains { $0.matches(taint) } }
    public var noExecute: [Taint] { filter { $0.effect == .noExecute } }
    /// The taints a pod must tolerate to be placed: NoSchedule and NoExecute.
    public var placementBlocking: [Taint] { filter { $0.effect == .noSchedule || $0.effect == .noExecute } }
}
