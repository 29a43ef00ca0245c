/// An index into the API server's node list, stable for the whole run.
public struct NodeID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
}

/// A node condition's status, spelled as in the Kubernetes API.
public enum ConditionStatus: String, Sendable, Codable, CaseIterable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}

/// The API server's copy of a Node: what controllers can see, nothing more.
public struct NodeObject: Sendable {
    public let id: NodeID
    public let name: String
    public let host: HostID
    public var labels: [String: String]
    public var annotations: [String: String] = [:]
    /// `GetZoneKey`: region + ":\0:" + zone, the unit of eviction rate limiting.
    public var zoneKey: String
    /// The Ready condition; nil until the kubelet first posts status.
    public var ready: ConditionStatus?
    public var readyHeartbeat: SimTime = .zero
    public var readyTransition: SimTime = .zero
    /// The Ready status before the last transition (nil: none before).
    public var previousReady: ConditionStatus?
    public var taints: [Taint] = []
    /// The NetworkUnavailable condition is True (set by the CNI or the route controller).
    public var networkUnavailable = false
    /// `spec.unschedulable`, set by `kubectl cordon`.
    public var unschedulable = false
    /// When the Node object was created (registered by its kubelet).
    public var creation: SimTime
    /// The Node object exists. A node added during the run (`add-node`) has none until its
    /// kubelet registers it, a deleted one (`delete-node`) none after: the API server refuses
    /// writes to it (NotFound) and no controller lists it.
    public var registered = true
    /// `node.kubernetes.io/exclude-disruption`: left out of zone counts, still tainted.
    public var excludedFromDisruption: Bool

    public var isReady: Bool { ready == .true }

    // k8s: nodelifecycle monitorNodeHealth calls MarkPodsNotReady only when it takes a node off
    // True itself; a kubelet reporting False (its runtime down) leaves its pods Ready, and so
    // does a node that goes Unknown after it reported False.
    /// Whether the node lifecycle controller marked this node's pods not ready: it turned the
    /// node from True to Unknown.
    public var podsMarkedNotReady: Bool { ready == .unknown && previousReady == .true }
}

// k8s: component-helpers node/topology.GetZoneKey
public enum ZoneLabels {
    public static let zone = "topology.kubernetes.io/zone"
    public static let region = "topology.kubernetes.io/region"
    public static let betaZone = "failure-domain.beta.kubernetes.io/zone"
    public static let betaRegion = "failure-domain.beta.kubernetes.io/region"
    public static let excludeDisruption = "node.kubernetes.io/exclude-disruption"

    /// Beta labels win when present, as upstream; no labels at all is the zone "".
    public static func zoneKey(_ labels: [String: String]) -> String {
        let zone = labels[betaZone] ?? labels[zone] ?? ""
        let region = labels[betaRegion] ?? labels[region] ?? ""
        if zone.isEmpty && region.isEmpty { return "" }
        return region + ":\u{0}:" + zone
    }

    /// The zone key as people read it and `expect` names it (`zone:south`): the zone's name,
    /// which a scenario declares once whatever its region; `region/` for a region alone.
    public static func displayName(_ key: String) -> String {
        guard !key.isEmpty else { return "(none)" }
        let parts = key.components(separatedBy: ":\u{0}:")
        guard parts.count == 2 else { return key }
        return parts[1].isEmpty ? parts[0] + "/" : parts[1]
    }
}
