/// `random NAME ACTION for DIST (every DIST | once) [from T] [until T] [share P% | count N]
/// [permanent P%]`: a fault that happens at random. The action is a fault verb whose target is a
/// set (`cut uplink store-*`, `power-off role=till`); each target runs its own alternating
/// process — up for an `every` draw, down for a `for` draw, again — unless `share` or `count`
/// makes it one process for the whole set whose every outage hits that many of its targets at
/// once. The compiler realises processes into ordinary faults (`ScenarioCompiler+Processes`),
/// each from a random stream keyed by the process's name and the target's, so adding a
/// process or a node leaves every other process's schedule as it was.
public struct FaultProcessDecl: Codable, Equatable, Sendable {
    public var name: String
    /// The fault with its target slot holding the target set as written.
    public var action: FaultAction
    /// How long each outage lasts.
    public var outage: Distribution
    /// How long from the end of one outage (or the window's start) to the next; nil: `once`, a
    /// single outage at a uniformly random time in the window.
    public var every: Distribution?
    public var from: Duration?
    public var until: Duration?
    /// One process for the whole set: each outage hits this share of its targets (ppm) ...
    public var sharePPM: Int?
    /// ... or this many of them.
    public var count: Int?
    /// The share of outages (ppm) that never end.
    public var permanentPPM: Int?

    public init(name: String, action: FaultAction, outage: Distribution) {
        self.name = name; self.action = action; self.outage = outage
    }

    enum CodingKeys: String, CodingKey {
        case name, action, outage = "for", every, from, until, sharePPM, count, permanentPPM
    }

    /// Verbs a process can realise: those with a stretch of time to undo at its end.
    public static let verbs: [FaultVerb] = FaultVerb.allCases.filter(\.takesRange)
}

/// Which kind of thing a fault verb's target slot names.
public enum TargetKind: String, Sendable {
    case site, node, none
}

extension FaultAction {
    /// The name in the action's target slot and what it names: the link's site or node (the
    /// first site of a site pair), a DROP's source, the node powered; nil for actions with no
    /// target (the API server) or more than one (a partition, a restart list).
    public var target: (name: String, kind: TargetKind)? {
        switch self {
        case .cut(let ref), .heal(let ref), .loss(let ref, _), .latency(let ref, _, _), .flap(let ref, _, _):
            switch ref {
            case .uplink(let site): (site, .site)
            case .access(let node): (node, .node)
            case .between(let a, _): (a, .site)
            }
        case .drop(let source, _, _), .undrop(let source, _, _): (source, .node)
        case .label(let node, _, _), .taint(let node, _), .untaint(let node, _): (node, .node)
        case .powerOff, .powerOn, .cordon, .uncordon, .drain, .kubeletStop, .kubeletStart, .notReady, .ready,
             .networkUnavailable, .networkAvailable, .addNode, .deleteNode: onlyNode.map { ($0, .node) }
        case .partition, .apiServerDown, .apiServerUp, .restartEdge: nil
        }
    }

    /// The same action with `name` in its target slot.
    public func withTarget(_ name: String) -> FaultAction {
        func on(_ ref: LinkRef) -> LinkRef {
            switch ref {
            case .uplink: .uplink(site: name)
            case .access: .access(node: name)
            case .between(_, let b): .between(name, b)
            }
        }
        switch self {
        case .cut(let ref): return .cut(link: on(ref))
        case .heal(let ref): return .heal(link: on(ref))
        case .loss(let ref, let ppm): return .loss(link: on(ref), ppm: ppm)
        case .latency(let ref, let latency, let jitter): return .latency(link: on(ref), latency: latency, jitter: jitter)
        case .flap(let ref, let period, let up): return .flap(link: on(ref), period: period, upPercent: up)
        case .drop(_, let target, let port): return .drop(source: name, target: target, port: port)
        case .undrop(_, let target, let port): return .undrop(source: name, target: target, port: port)
        case .label(_, let key, let value): return .label(node: name, key: key, value: value)
        case .taint(_, let taint): return .taint(node: name, taint: taint)
        case .untaint(_, let taint): return .untaint(node: name, taint: taint)
        case .powerOff, .powerOn, .cordon, .uncordon, .drain, .kubeletStop, .kubeletStart, .notReady, .ready,
             .networkUnavailable, .networkAvailable, .addNode, .deleteNode:
            return FaultAction.onNode(verb, name)!
        case .partition, .apiServerDown, .apiServerUp, .restartEdge: return self
        }
    }
}
