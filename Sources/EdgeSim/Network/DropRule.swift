/// A one-way iptables-style `DROP` rule on the source host's OUTPUT chain:
/// packets from `source` to `target`, optionally only those to one destination port.
///
/// With `port`, only packets to that port match, so a rule on the API server port (6443)
/// leaves the edge-health peer port (51005) open and the other way round.
public struct DropRule: Hashable, Sendable, Codable {
    public var source: HostID
    public var target: HostID
    public var port: Int?

    public init(source: HostID, target: HostID, port: Int?) {
        self.source = source; self.target = target; self.port = port
    }

    func matches(source: HostID, target: HostID, port: Int?) -> Bool {
        self.source == source && self.target == target && (self.port == nil || self.port == port)
    }
}

extension HostID: Codable {
    public init(from decoder: Decoder) throws { index = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(index)
    }
}

/// Well-known ports: the message kinds a DROP rule can tell apart.
public enum Port {
    /// kube-apiserver's secure port: kubelet leases, status, watches.
    public static let apiServer = 6443
    /// The kubelet's port, probed by SuperEdge edge-health.
    public static let kubelet = 10250
    /// SuperEdge edge-health's peer communication port.
    public static let edgeHealth = 51005
    /// OpenYurt's pool coordinator API server (Service `pool-coordinator-apiserver:443`).
    public static let coordinator = 443
    /// OpenYurt v1.7 YurtHub's multiplexer, where followers list/watch pool-scope data from a
    /// leader hub (openyurt pkg/yurthub/util/util.go).
    public static let yurtHubMultiplexer = 10269
}
