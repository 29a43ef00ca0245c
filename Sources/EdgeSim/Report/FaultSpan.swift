/// A scripted fault as a stretch of time and the nodes it hits: what the SVG shades and the
/// trace draws as a slice. Built from the compiled scenario, not from the timeline's text.
public struct FaultSpan: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case cut, drop, loss, latency, flap, partition
        case powerOff = "power-off"
        case apiServerDown = "apiserver-down"
    }

    public var kind: Kind
    /// The statement as written, e.g. `cut uplink remote`.
    public var text: String
    public var start: SimTime
    /// Nil when nothing undoes it before the run ends.
    public var end: SimTime?
    /// The nodes whose traffic or power it touches, sorted; empty for the API server.
    public var nodes: [NodeID]

    /// Every fault of a compiled scenario that lasts: a range (`at 5m..20m`) or a one-off
    /// paired with the first later undo of the same thing (`cut` … `heal`, `drop` … `undrop`,
    /// `power-off` … `power-on`, `apiserver-down` … `apiserver-up`). Undo statements on their own
    /// are not spans. In scenario order.
    public static func spans(_ compiled: CompiledScenario) -> [FaultSpan] {
        let faults = compiled.faults
        var usedUndo = Array(repeating: false, count: faults.count)
        var spans: [FaultSpan] = []
        for (index, fault) in faults.enumerated() {
            let kind: Kind
            let nodes: [NodeID]
            switch fault.action {
            case .cut(let link): kind = .cut; nodes = Self.nodes(on: link, compiled)
            case .loss(let link, _): kind = .loss; nodes = Self.nodes(on: link, compiled)
            case .latency(let link, _, _): kind = .latency; nodes = Self.nodes(on: link, compiled)
            case .flap(let link, _, _): kind = .flap; nodes = Self.nodes(on: link, compiled)
            case .drop(let rule): kind = .drop; nodes = Self.nodes(of: [rule.source, rule.target], compiled)
            case .powerOff(let node): kind = .powerOff; nodes = [node]
            case .apiServerDown: kind = .apiServerDown; nodes = []
            case .partition(let partition): kind = .partition; nodes = Self.nodes(on: [partition.a, partition.b], compiled)
            case .heal, .undrop, .powerOn, .apiServerUp, .label, .restartEdge, .coordinatorPower: continue
            }
            var end = fault.until
            if end == nil {
                for later in faults.indices where later > index && !usedUndo[later] && faults[later].at >= fault.at
                    && undoes(faults[later].action, fault.action) {
                    usedUndo[later] = true
                    end = faults[later].at
                    break
                }
            }
            spans.append(FaultSpan(kind: kind, text: fault.text, start: fault.at, end: end, nodes: nodes))
        }
        return spans
    }

    static func undoes(_ undo: CompiledScenario.Action, _ fault: CompiledScenario.Action) -> Bool {
        switch (undo, fault) {
        case (.heal(let a), .cut(let b)): a == b
        case (.undrop(let a), .drop(let b)): a == b
        case (.powerOn(let a), .powerOff(let b)): a == b
        case (.apiServerUp, .apiServerDown): true
        default: false
        }
    }

    /// Nodes whose messages cross `link`: its own access link, its site's uplink, or a direct
    /// link from its site.
    static func nodes(on link: LinkID, _ compiled: CompiledScenario) -> [NodeID] {
        let topology = compiled.topology
        return compiled.nodes.filter { node in
            let host = topology.hosts[node.host.index]
            if host.access == link { return true }
            guard let site = host.site else { return false }
            if topology.sites[site.index].uplink == link { return true }
            return topology.sites.indices.contains { other in
                other != site.index && topology.directLink(site, SiteID(other)) == link
            }
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
