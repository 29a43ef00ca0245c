@testable import EdgeSim

/// API objects built by hand as the compiler builds them, for tests that drive one agent or
/// controller on a chosen state instead of running a `World`.
enum HandBuilt {
    /// Node `index` on host `index + 1` (host 0 is the cloud), created at zero, without zone labels.
    static func node(_ index: Int, labels: [String: String] = [:], ready: ConditionStatus? = .true) -> NodeObject {
        NodeObject(id: NodeID(index), name: "n-\(index)", host: HostID(index + 1), labels: labels, zoneKey: "", ready: ready,
                   taints: [], creation: .zero, excludedFromDisruption: false)
    }
}
