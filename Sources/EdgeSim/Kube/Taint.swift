/// A taint's effect, spelled as in the Kubernetes API.
public enum TaintEffect: String, Sendable, Codable, CaseIterable {
    case noSchedule = "NoSchedule"
    case preferNoSchedule = "PreferNoSchedule"
    case noExecute = "NoExecute"
}

/// A node taint. Equality ignores `timeAdded`, as upstream `Taint.MatchTaint` does.
public struct Taint: Sendable, Codable, CustomStringConvertible {
    public var key: String
    public var effect: TaintEffect
    /// Set for NoExecute taints, as the node lifecycle controller does.
    public var timeAdded: SimTime?

    public init(key: String, effect: TaintEffect, timeAdded: SimTime? = nil) {
        self.key = key; self.effect = effect; self.timeAdded = timeAdded
    }

    public func matches(_ other: Taint) -> Bool { key == other.key && effect == other.effect }

    /// `key:Effect`, the timeline's spelling.
    public var description: String { "\(key):\(effect.rawValue)" }

    // k8s: pkg/controller/nodelifecycle NotReadyTaintTemplate / UnreachableTaintTemplate
    public static let notReadyKey = "node.kubernetes.io/not-ready"
    public static let unreachableKey = "node.kubernetes.io/unreachable"
    public static let unschedulableKey = "node.kubernetes.io/unschedulable"

    public static let unreachableNoExecute = Taint(key: unreachableKey, effect: .noExecute)
    public static let notReadyNoExecute = Taint(key: notReadyKey, effect: .noExecute)
    public static let unreachableNoSchedule = Taint(key: unreachableKey, effect: .noSchedule)
    public static let notReadyNoSchedule = Taint(key: notReadyKey, effect: .noSchedule)
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
}
