/// What crosses the cloud-edge links, in bytes, by resource and direction: every list, watch
/// event and lease exchange between the API server and an edge host. LAN traffic (hub to its
/// pool's coordinator) is not counted: it never touches an uplink.
public struct CloudEdgeTraffic: Sendable, Equatable {
    /// The kinds of objects that travel, in report order.
    public enum Resource: Int, Sendable, CaseIterable {
        case endpoints, endpointSlices, services, pods, nodes, leases

        /// The report's spelling (the resource's plural, as in the API).
        public var name: String {
            switch self {
            case .endpoints: "endpoints"
            case .endpointSlices: "endpointslices"
            case .services: "services"
            case .pods: "pods"
            case .nodes: "nodes"
            case .leases: "leases"
            }
        }
    }

    public enum Direction: Int, Sendable { case down, up }

    /// Indexed `[resource.rawValue * 2 + direction.rawValue]`.
    public private(set) var bytes = Array(repeating: Int64(0), count: Resource.allCases.count * 2)

    public init() {}

    /// Counts `objects` objects of `size` bytes each. Saturating: the sizes and counts are
    /// settings, and a counter must not trap whatever they are.
    public mutating func add(_ objects: Int64, of size: Int64, _ resource: Resource, _ direction: Direction) {
        let index = resource.rawValue * 2 + direction.rawValue
        bytes[index] = bytes[index].addingSaturated(objects.multipliedSaturated(by: size))
    }

    public func bytes(_ resource: Resource, _ direction: Direction) -> Int64 { bytes[resource.rawValue * 2 + direction.rawValue] }
    public func bytes(_ resource: Resource) -> Int64 { bytes(resource, .down).addingSaturated(bytes(resource, .up)) }
    public var down: Int64 { Resource.allCases.reduce(0) { $0.addingSaturated(bytes($1, .down)) } }
    public var up: Int64 { Resource.allCases.reduce(0) { $0.addingSaturated(bytes($1, .up)) } }
    public var total: Int64 { down.addingSaturated(up) }
}
