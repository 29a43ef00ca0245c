/// The fault verbs of a scenario, each defined once: the word a `.scenario` file writes after
/// `at TIME`, the key a `.json` file writes, whether it takes a range and what undoes it, how
/// the timeline draws it, and which lease-renewal routes it can change.
///
/// The parser's verb list, the JSON "expected one of" lists, the printer, `FaultSpan`, the SVG
/// shading and the fuzzer read from here. The order of the cases is the order error messages
/// list them in.
///
/// To add a verb: a case here (and in each switch below), a case of `FaultAction` (the AST,
/// `Scenario.swift`) and of `CompiledScenario.Action`, then follow the compiler. Every switch
/// over them is exhaustive, with no `default:`, so nothing builds until each place handles it:
/// `FaultAction.verb`/`undo`/`link` below, `Action.verb`/`target` (`CompiledScenario+Verb`),
/// the parser's `faultAction`, the compiler's `resolve` (`ScenarioCompiler+Faults`),
/// `FaultText.arguments`, the fuzzer's `faultAction` and the run's `startFault`/`endFault`
/// (`World/ClusterRun+Faults.swift`, with the shared part in `World/Cluster+Faults.swift`).
/// `Scenarios/schema.json` and `Scenarios/README.md` are kept in step by `FaultVerbTests`,
/// which also fail until the fuzzer generates the verb.
public enum FaultVerb: String, CaseIterable, Sendable {
    case cut
    case heal
    case drop
    case undrop
    case partition
    case loss
    case latency
    case flap
    case powerOff = "power-off"
    case powerOn = "power-on"
    case apiServerDown = "apiserver-down"
    case apiServerUp = "apiserver-up"
    case label
    case unlabel
    case restartEdge = "restart-edge"
    case taint
    case untaint
    case cordon
    case uncordon
    case drain
    case kubeletStop = "kubelet-stop"
    case kubeletStart = "kubelet-start"
    case notReady = "not-ready"
    case ready
    case networkUnavailable = "network-unavailable"
    case networkAvailable = "network-available"
    case addNode = "add-node"
    case deleteNode = "delete-node"

    /// The word of the line language: `at 5m cut uplink plant`.
    public var word: String { rawValue }

    /// The key of the action's JSON object, `FaultAction`'s case name: `{"cut": {...}}`.
    /// `unlabel` is a `label` whose value is null.
    public var jsonKey: String {
        switch self {
        case .cut, .heal, .drop, .undrop, .partition, .loss, .latency, .flap, .label, .taint, .untaint, .cordon, .uncordon, .drain,
             .ready: rawValue
        case .unlabel: "label"
        case .powerOff: "powerOff"
        case .powerOn: "powerOn"
        case .apiServerDown: "apiServerDown"
        case .apiServerUp: "apiServerUp"
        case .restartEdge: "restartEdge"
        case .kubeletStop: "kubeletStop"
        case .kubeletStart: "kubeletStart"
        case .notReady: "notReady"
        case .networkUnavailable: "networkUnavailable"
        case .networkAvailable: "networkAvailable"
        case .addNode: "addNode"
        case .deleteNode: "deleteNode"
        }
    }

    /// Whether `at A..B` may undo it at `B`. The undoing verbs and the one-off changes take a
    /// time only: there is nothing to end.
    public var takesRange: Bool {
        switch self {
        case .cut, .drop, .partition, .loss, .latency, .flap, .powerOff, .apiServerDown, .taint, .cordon, .drain, .kubeletStop,
             .notReady, .networkUnavailable, .deleteNode: true
        case .heal, .undrop, .powerOn, .apiServerUp, .label, .unlabel, .restartEdge, .untaint, .uncordon, .kubeletStart, .ready,
             .networkAvailable, .addNode: false
        }
    }

    /// The verb that ends this fault when it was written without a range (`heal` a `cut`), nil
    /// if only a range's end undoes it.
    public var undo: FaultVerb? {
        switch self {
        case .cut: .heal
        case .drop: .undrop
        case .powerOff: .powerOn
        case .apiServerDown: .apiServerUp
        case .taint: .untaint
        case .cordon, .drain: .uncordon
        case .kubeletStop: .kubeletStart
        case .notReady: .ready
        case .networkUnavailable: .networkAvailable
        // A deleted node comes back when it joins again (`at 20m..25m delete-node n-1`).
        case .deleteNode: .addNode
        case .heal, .undrop, .partition, .loss, .latency, .flap, .powerOn, .apiServerUp, .label, .unlabel, .restartEdge, .untaint,
             .uncordon, .kubeletStart, .ready, .networkAvailable, .addNode: nil
        }
    }

    /// Whether this verb is another one's undo.
    public var isUndo: Bool { Self.allCases.contains { $0.undo == self } }

    /// How the timeline shades the stretch the fault lasts; nil for verbs that are no stretch
    /// of their own (the undoing verbs, label changes, restarts).
    public var shading: FaultShading? {
        switch self {
        case .cut, .partition: .linkCut
        case .drop: .drop
        case .loss, .latency, .flap: .degraded
        case .powerOff: .power
        case .apiServerDown: .apiServer
        case .taint, .cordon, .drain: .userTaint
        case .kubeletStop, .notReady, .networkUnavailable: .kubelet
        case .deleteNode: .absent
        case .heal, .undrop, .powerOn, .apiServerUp, .label, .unlabel, .restartEdge, .untaint, .uncordon, .kubeletStart, .ready,
             .networkAvailable, .addNode: nil
        }
    }

    /// Whose lease-renewal routes can change when the fault starts or ends.
    public var reroutes: RerouteScope {
        switch self {
        case .cut, .heal, .loss, .latency, .flap: .overItsLink
        case .powerOff, .powerOn, .label, .unlabel, .taint, .untaint, .cordon, .uncordon, .drain, .notReady, .ready,
             .networkUnavailable, .networkAvailable: .none
        // A joining kubelet starts its renewals on the route it has, as a boot does; a deleted
        // Node object moves no packet.
        case .addNode, .deleteNode: .none
        // The kubelet's renewals stop and start with its process, as with power: no route moves.
        case .kubeletStop, .kubeletStart: .none
        case .drop, .undrop, .partition, .apiServerDown, .apiServerUp, .restartEdge: .everyone
        }
    }

    /// Every verb's word, in order: what the parser accepts after `at TIME`.
    public static let words = allCases.map(\.word)

    /// The JSON keys, each once, in order: what a fault's `action` object may hold.
    public static let jsonKeys: [String] = allCases.map(\.jsonKey).reduce(into: []) { keys, key in
        if !keys.contains(key) { keys.append(key) }
    }
}

/// How the SVG timeline shades a fault on the lanes it hits.
public enum FaultShading: Sendable, CaseIterable {
    case power, linkCut, drop, degraded, apiServer, userTaint
    /// The kubelet stopped or reports a condition: the node's own word, not the network's.
    case kubelet
    /// The node has no Node object: deleted (`delete-node`) or not added yet (`add-node`).
    case absent
}

/// Which nodes' routes to the API server a fault can change, so which must be recomputed after
/// it starts or ends.
public enum RerouteScope: Sendable, Equatable {
    /// None: a node's power stops and restarts its own renewals, and labels and taints move no
    /// packet.
    case none
    /// The nodes whose route to the API server crosses the fault's link.
    case overItsLink
    /// Every node: a DROP rule, a partition, the API server or a restart can change any route.
    case everyone
}

extension FaultAction {
    /// The verb it was written with.
    public var verb: FaultVerb {
        switch self {
        case .cut: .cut
        case .heal: .heal
        case .drop: .drop
        case .undrop: .undrop
        case .loss: .loss
        case .latency: .latency
        case .flap: .flap
        case .partition: .partition
        case .label(_, _, let value): value == nil ? .unlabel : .label
        case .powerOff: .powerOff
        case .powerOn: .powerOn
        case .apiServerDown: .apiServerDown
        case .apiServerUp: .apiServerUp
        case .restartEdge: .restartEdge
        case .taint: .taint
        case .untaint: .untaint
        case .cordon: .cordon
        case .uncordon: .uncordon
        case .drain: .drain
        case .kubeletStop: .kubeletStop
        case .kubeletStart: .kubeletStart
        case .notReady: .notReady
        case .ready: .ready
        case .networkUnavailable: .networkUnavailable
        case .networkAvailable: .networkAvailable
        case .addNode: .addNode
        case .deleteNode: .deleteNode
        }
    }

    /// The action that undoes this one when written later (`heal` for a `cut` of the same link),
    /// nil when its verb has no undo.
    public var undo: FaultAction? {
        switch self {
        case .cut(let link): .heal(link: link)
        case .drop(let source, let target, let port): .undrop(source: source, target: target, port: port)
        case .powerOff(let node): .powerOn(node: node)
        case .apiServerDown: .apiServerUp
        case .taint(let node, let taint): .untaint(node: node, taint: taint)
        case .cordon(let node), .drain(let node): .uncordon(node: node)
        case .kubeletStop(let node): .kubeletStart(node: node)
        case .notReady(let node): .ready(node: node)
        case .networkUnavailable(let node): .networkAvailable(node: node)
        case .deleteNode(let node): .addNode(node: node)
        case .heal, .undrop, .loss, .latency, .flap, .partition, .label, .powerOn, .apiServerUp, .restartEdge, .untaint,
             .uncordon, .kubeletStart, .ready, .networkAvailable, .addNode: nil
        }
    }
}

extension FaultAction {
    /// The link it changes, if it acts on one.
    public var link: LinkRef? {
        switch self {
        case .cut(let link), .heal(let link), .loss(let link, _), .latency(let link, _, _), .flap(let link, _, _): link
        case .drop, .undrop, .partition, .label, .powerOff, .powerOn, .apiServerDown, .apiServerUp, .restartEdge, .taint, .untaint, .cordon, .uncordon,
             .drain, .kubeletStop, .kubeletStart, .notReady, .ready, .networkUnavailable, .networkAvailable, .addNode, .deleteNode: nil
        }
    }
}

extension FaultAction {
    /// The action of a verb whose one argument is a node (`cordon n-1`, `kubelet-stop n-1`);
    /// nil for verbs that take more. The parser, the fuzzer and target sets build them here.
    public static func onNode(_ verb: FaultVerb, _ node: String) -> FaultAction? {
        switch verb {
        case .powerOff: .powerOff(node: node)
        case .powerOn: .powerOn(node: node)
        case .cordon: .cordon(node: node)
        case .uncordon: .uncordon(node: node)
        case .drain: .drain(node: node)
        case .kubeletStop: .kubeletStop(node: node)
        case .kubeletStart: .kubeletStart(node: node)
        case .notReady: .notReady(node: node)
        case .ready: .ready(node: node)
        case .networkUnavailable: .networkUnavailable(node: node)
        case .networkAvailable: .networkAvailable(node: node)
        case .addNode: .addNode(node: node)
        case .deleteNode: .deleteNode(node: node)
        case .cut, .heal, .drop, .undrop, .partition, .loss, .latency, .flap, .apiServerDown, .apiServerUp, .label, .unlabel,
             .restartEdge, .taint, .untaint: nil
        }
    }

    /// The node of an action built by `onNode`.
    public var onlyNode: String? {
        switch self {
        case .powerOff(let node), .powerOn(let node), .cordon(let node), .uncordon(let node), .drain(let node),
             .kubeletStop(let node), .kubeletStart(let node), .notReady(let node), .ready(let node),
             .networkUnavailable(let node), .networkAvailable(let node), .addNode(let node), .deleteNode(let node): node
        case .cut, .heal, .drop, .undrop, .partition, .loss, .latency, .flap, .apiServerDown, .apiServerUp, .label,
             .restartEdge, .taint, .untaint: nil
        }
    }
}
