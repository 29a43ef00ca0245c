/// What a compiled fault acts on, so an undo can be paired with the fault it ends.
public enum FaultTarget: Hashable, Sendable {
    case link(LinkID)
    case rule(DropRule)
    case partition(Partition)
    case node(NodeID)
    /// A host that is no node: a dedicated pool coordinator.
    case host(HostID)
    case nodes([NodeID])
    case apiServer
    /// One taint (key and effect) of one node.
    case taint(NodeID, key: String, effect: TaintEffect)
}

extension CompiledScenario {
    /// The routes a compiled fault can change, resolved: recompute none, those over one link,
    /// or every node's.
    public enum Reroute: Hashable, Sendable {
        case none
        case over(LinkID)
        case everyone
    }
}

extension CompiledScenario.Action {
    /// The verb it was written with (a coordinator host's power is `power-off`/`power-on`).
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
        case .coordinatorPower(_, let on): on ? .powerOn : .powerOff
        case .restartEdge: .restartEdge
        case .taint: .taint
        case .untaint: .untaint
        case .cordon: .cordon
        case .uncordon: .uncordon
        case .drain: .drain
        case .kubelet(_, let running): running ? .kubeletStart : .kubeletStop
        case .reportsReady(_, let ready): ready ? .ready : .notReady
        case .networkUnavailable(_, let unavailable): unavailable ? .networkUnavailable : .networkAvailable
        case .addNode: .addNode
        case .deleteNode: .deleteNode
        }
    }

    public var target: FaultTarget {
        switch self {
        case .cut(let link), .heal(let link), .loss(let link, _), .latency(let link, _, _), .flap(let link, _, _): .link(link)
        case .drop(let rule), .undrop(let rule): .rule(rule)
        case .partition(let partition): .partition(partition)
        case .label(let node, _, _), .powerOff(let node), .powerOn(let node), .cordon(let node), .uncordon(let node),
             .drain(let node), .kubelet(let node, _), .reportsReady(let node, _), .networkUnavailable(let node, _),
             .addNode(let node), .deleteNode(let node): .node(node)
        case .coordinatorPower(let host, _): .host(host)
        case .restartEdge(let nodes): .nodes(nodes)
        case .apiServerDown, .apiServerUp: .apiServer
        case .taint(let node, let taint), .untaint(let node, let taint): .taint(node, key: taint.key, effect: taint.effect)
        }
    }

    /// Whose lease-renewal routes to recompute after the fault starts or ends: its verb's
    /// `reroutes`, on its link.
    public var reroutes: CompiledScenario.Reroute {
        // A coordinator host is no node: its power stops no node's renewals of its own, so every
        // route is checked, as for any other change of the network.
        if case .coordinatorPower = self { return .everyone }
        switch verb.reroutes {
        case .none: return .none
        case .everyone: return .everyone
        case .overItsLink:
            guard case .link(let link) = target else { preconditionFailure("\(verb.word) reroutes over a link but has none") }
            return .over(link)
        }
    }

    /// Whether this action undoes `fault` (`heal` of the same link after a `cut`).
    public func undoes(_ fault: CompiledScenario.Action) -> Bool {
        fault.verb.undo == verb && fault.target == target
    }
}

extension CompiledScenario.Action {
    /// An operator's or the CNI's write to the API server (`kubectl label/taint/cordon/drain`,
    /// the NetworkUnavailable patch): it fails, and changes nothing, while the API server is down.
    public var writesThroughAPIServer: Bool {
        switch self {
        case .label, .taint, .untaint, .cordon, .uncordon, .drain, .networkUnavailable, .deleteNode: true
        // A joining kubelet retries its registration until the API server answers.
        case .cut, .heal, .drop, .undrop, .loss, .latency, .flap, .partition, .powerOff, .powerOn, .apiServerDown, .apiServerUp,
             .coordinatorPower, .restartEdge, .kubelet, .reportsReady, .addNode: false
        }
    }
}
