/// A scripted fault as a stretch of time and the nodes it hits: what the SVG shades and the
/// trace draws as a slice. Built from the compiled scenario, not from the timeline's text.
public struct FaultSpan: Sendable, Equatable {
    /// A span is named by the verb that started it; `rawValue` is its word (`power-off`).
    public typealias Kind = FaultVerb

    public var kind: Kind
    /// The statement as written, e.g. `cut uplink remote`.
    public var text: String
    public var start: SimTime
    /// Nil when nothing undoes it before the run ends.
    public var end: SimTime?
    /// The nodes whose traffic or power it touches, sorted; empty for the API server.
    public var nodes: [NodeID]

    /// Every fault of a compiled scenario that lasts (its verb has a `shading`): a range
    /// (`at 5m..20m`) or a one-off paired with the first later undo of the same thing (its
    /// verb's `undo`: `cut` … `heal`, `power-off` … `power-on`). Undo statements on their own
    /// are not spans. In scenario order, after the nodes added during the run, each absent
    /// (as a `delete-node` span) from the start until its first `add-node`.
    public static func spans(_ compiled: CompiledScenario) -> [FaultSpan] {
        let faults = compiled.faults
        var usedUndo = Array(repeating: false, count: faults.count)
        var spans: [FaultSpan] = []
        for node in compiled.nodes where !node.registered {
            let added = faults.indices.filter { faults[$0].action.verb == .addNode && faults[$0].action.target == .node(node.id) }
                .min { faults[$0].at < faults[$1].at }
            if let added { usedUndo[added] = true }
            spans.append(FaultSpan(kind: .deleteNode, text: "not added yet: \(node.name)", start: .zero,
                                   end: added.map { faults[$0].at }, nodes: [node.id]))
        }
        for (index, fault) in faults.enumerated() {
            guard fault.action.verb.shading != nil, let nodes = Self.nodes(hitBy: fault.action.target, compiled) else { continue }
            var end = fault.until
            if end == nil {
                for later in faults.indices where later > index && !usedUndo[later] && faults[later].at >= fault.at
                    && faults[later].action.undoes(fault.action) {
                    usedUndo[later] = true
                    end = faults[later].at
                    break
                }
            }
            spans.append(FaultSpan(kind: fault.action.verb, text: fault.text, start: fault.at, end: end, nodes: nodes))
        }
        return spans
    }

    /// The node lanes a fault on `target` shades; nil for a coordinator host, which has none.
    static func nodes(hitBy target: FaultTarget, _ compiled: CompiledScenario) -> [NodeID]? {
        switch target {
        case .link(let link): nodes(on: link, compiled)
        case .rule(let rule): nodes(of: [rule.source, rule.target], compiled)
        case .partition(let partition): nodes(on: [partition.a, partition.b], compiled)
        case .node(let node), .taint(let node, _, _): [node]
        case .nodes(let nodes): nodes
        case .apiServer: []
        case .host: nil
        }
    }

    /// Nodes whose messages cross `link`: its own access link, its site's uplink, or a direct
    /// link from its site.
    static func nodes(on link: LinkID, _ compiled: CompiledScenario) -> [NodeID] {
        let topology = compiled.topology
        let ends = topology.sites(joinedBy: link)
        return compiled.nodes.filter { node in
            let host = topology.hosts[node.host.index]
            if host.access == link { return true }
            guard let site = host.site else { return false }
            if topology.sites[site.index].uplink == link { return true }
            return ends.map { $0.0 == site || $0.1 == site } ?? false
        }.map(\.id)
    }

    /// Nodes on either side of a partition.
    static func nodes(on sides: [Partition.Side], _ compiled: CompiledScenario) -> [NodeID] {
        compiled.nodes.filter { node in
            sides.contains { side in
                switch side {
                case .cloud: false
                case .site(let site): compiled.topology.hosts[node.host.index].site == site
                case .host(let host): node.host == host
                }
            }
        }.map(\.id)
    }

    static func nodes(of hosts: [HostID], _ compiled: CompiledScenario) -> [NodeID] {
        compiled.nodes.filter { hosts.contains($0.host) }.map(\.id)
    }
}
