import Testing
@testable import EdgeSim

/// One row of upstream's `TestMonitorNodeHealth` (reference §7): pass 1 at T0, statuses replaced,
/// pass 2 at T0+60m, then (for the taint outcomes E1–E6) one tainting pass 100 ms later.
struct UpstreamMonitorCase: Sendable, CustomTestStringConvertible {
    typealias Zone = TestCluster.Zone

    /// What a node's status is replaced with before pass 2.
    enum Later: Sendable {
        /// `H`: Ready True with a heartbeat at T0+60m.
        case healthy
        /// `U`: Ready Unknown with the heartbeat still at T0.
        case stale
        /// The Ready condition removed (`conditions: []`).
        case noConditions
    }

    struct Node: Sendable {
        var zone: Zone
        var first: ConditionStatus?
        var later: Later
        var excluded = false
    }

    var testDescription: String
    var nodes: [Node]
    var firstStates: [Zone: ZoneState]
    var laterStates: [Zone: ZoneState]
    /// Whether n0 ends up with unreachable:NoExecute; nil where upstream does not check it.
    var n0Tainted: Bool?
    var largeClusterSizeThreshold = 20

    static let passOne = SimTime.zero
    static let passTwo = SimTime.minutes(60)

    /// Upstream's setup: grace 50 s, startup grace 60 s, threshold 0.55, rates forced high.
    var settings: NodeLifecycleSettings {
        var settings = NodeLifecycleSettings()
        settings.gracePeriod = .seconds(50)
        settings.startupGracePeriod = .seconds(60)
        settings.unhealthyZoneThresholdPPM = 550_000
        settings.largeClusterSizeThreshold = largeClusterSizeThreshold
        settings.evictionRateMicro = 100_000_000_000
        settings.secondaryEvictionRateMicro = 100_000_000_000
        return settings
    }

    struct Outcome {
        var firstStates: [Zone: ZoneState]
        var laterStates: [Zone: ZoneState]
        var n0Tainted: Bool
    }

    func run() -> Outcome {
        var cluster = TestCluster(nodes.map { TestCluster.NodeSpec(zone: $0.zone, ready: $0.first, excluded: $0.excluded) },
                                  settings: settings)
        let zones = Set(nodes.map(\.zone))
        cluster.monitor(at: Self.passOne)
        let first = cluster.zoneStates(zones)
        for (index, node) in nodes.enumerated() {
            switch node.later {
            case .healthy: cluster.replaceStatus(index, ready: .true, heartbeat: Self.passTwo)
            case .stale: cluster.replaceStatus(index, ready: .unknown, heartbeat: Self.passOne)
            case .noConditions: cluster.replaceStatus(index, ready: nil, heartbeat: Self.passOne)
            }
        }
        cluster.monitor(at: Self.passTwo)
        let later = cluster.zoneStates(zones)
        cluster.taintingPass(at: Self.passTwo + NodeLifecycleController.taintingPassPeriod)
        return Outcome(firstStates: first, laterStates: later, n0Tainted: cluster.hasTaint(0, .unreachableNoExecute))
    }
}

extension UpstreamMonitorCase {
    private static func nodes(_ zone: Zone, _ pairs: [(ConditionStatus?, Later)]) -> [Node] {
        pairs.map { Node(zone: zone, first: $0.0, later: $0.1) }
    }

    /// C1–C9 and E1–E6 of reference §7.
    static let all: [UpstreamMonitorCase] = [
        UpstreamMonitorCase(testDescription: "C1 one unlabelled node stays Normal",
                            nodes: nodes(.unlabelled, [(.true, .healthy)]),
                            firstStates: [.unlabelled: .normal], laterStates: [.unlabelled: .normal], n0Tainted: false),
        UpstreamMonitorCase(testDescription: "C2/E5 two Full zones enter master mode, then one recovers and its peer is tainted",
                            nodes: nodes(.z1, [(.unknown, .stale)]) + nodes(.z2, [(.unknown, .healthy)]),
                            firstStates: [.z1: .fullDisruption, .z2: .fullDisruption],
                            laterStates: [.z1: .fullDisruption, .z2: .normal], n0Tainted: true),
        UpstreamMonitorCase(testDescription: "C3 nodes without conditions count as not ready, then 3/4 is Partial",
                            nodes: nodes(.z1, [(nil, .stale), (nil, .stale), (nil, .stale), (nil, .healthy)]),
                            firstStates: [.z1: .fullDisruption], laterStates: [.z1: .partialDisruption]),
        UpstreamMonitorCase(testDescription: "C4 2 of 5 is Normal, 3 of 5 is Partial",
                            nodes: nodes(.z1, [(.unknown, .stale), (.unknown, .stale), (.true, .stale), (.true, .healthy),
                                               (.true, .healthy)]),
                            firstStates: [.z1: .normal], laterStates: [.z1: .partialDisruption]),
        UpstreamMonitorCase(testDescription: "C5 2 of 3 is Normal, 3 of 3 is Full",
                            nodes: nodes(.z1, [(.unknown, .stale), (.unknown, .stale), (.true, .stale)]),
                            firstStates: [.z1: .normal], laterStates: [.z1: .fullDisruption]),
        UpstreamMonitorCase(testDescription: "C6/E3 one Full zone beside a Normal one is tainted",
                            nodes: nodes(.z1, [(.unknown, .stale)]) + nodes(.z2, [(.true, .healthy)]),
                            firstStates: [.z1: .fullDisruption, .z2: .normal],
                            laterStates: [.z1: .fullDisruption, .z2: .normal], n0Tainted: true),
        UpstreamMonitorCase(testDescription: "C7/E2 two regions both Full stay in master mode, untainted",
                            nodes: nodes(.z1, [(.unknown, .stale)]) + nodes(.region2Zone2, [(.unknown, .stale)]),
                            firstStates: [.z1: .fullDisruption, .region2Zone2: .fullDisruption],
                            laterStates: [.z1: .fullDisruption, .region2Zone2: .fullDisruption], n0Tainted: false),
        UpstreamMonitorCase(testDescription: "C8 a removed Ready condition makes the zone Full",
                            nodes: nodes(.z1, [(.true, .noConditions)]),
                            firstStates: [.z1: .normal], laterStates: [.z1: .fullDisruption]),
        UpstreamMonitorCase(testDescription: "C9/E4 an excluded healthy node does not save its zone from master mode",
                            nodes: nodes(.z1, [(.unknown, .stale)]) + [Node(zone: .z1, first: .true, later: .healthy, excluded: true)],
                            firstStates: [.z1: .fullDisruption], laterStates: [.z1: .fullDisruption], n0Tainted: false),
        UpstreamMonitorCase(testDescription: "E1 one zone, every node down throughout: master mode, untainted",
                            nodes: nodes(.z1, [(.unknown, .stale), (.unknown, .stale)]),
                            firstStates: [.z1: .fullDisruption], laterStates: [.z1: .fullDisruption], n0Tainted: false),
        UpstreamMonitorCase(testDescription: "E6 a small Partial zone gets rate 0 and is not tainted",
                            nodes: nodes(.z1, [(.unknown, .stale), (.unknown, .stale), (.unknown, .stale), (.true, .healthy),
                                               (.true, .healthy)]),
                            firstStates: [.z1: .partialDisruption], laterStates: [.z1: .partialDisruption], n0Tainted: false),
        UpstreamMonitorCase(testDescription: "E6 forced: a Partial zone above the size threshold is tainted",
                            nodes: nodes(.z1, [(.unknown, .stale), (.unknown, .stale), (.unknown, .stale), (.true, .healthy),
                                               (.true, .healthy)]),
                            firstStates: [.z1: .partialDisruption], laterStates: [.z1: .partialDisruption], n0Tainted: true,
                            largeClusterSizeThreshold: 0),
    ]
}
