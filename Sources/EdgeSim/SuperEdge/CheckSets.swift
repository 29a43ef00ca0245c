/// The check sets of one label generation, worked out once per group and shared: every node
/// of a group has the same set, so a 1,000-node set took a million label lookups (1 G
/// instructions, callgrind) and held a thousand copies of one 8 KB array.
struct CheckSets: Sendable {
    private var generation = -1
    /// By the group label's value; nil for the workers (single region) or, in multi-region
    /// mode, for an unlabelled node that checks every node.
    private var shared: [String?: [NodeID]] = [:]

    // superedge: check.GetNodeList, as `EdgeHealthAgent.checkSet(of:nodes:settings:)`.
    mutating func of(_ id: NodeID, nodes: [NodeObject], labelGeneration: Int, settings: EdgeHealthSettings) -> [NodeID] {
        if generation != labelGeneration { generation = labelGeneration; shared.removeAll() }
        let group: String?
        if settings.multiRegion {
            group = nodes[id.index].labels[settings.zoneLabel]
            if group == nil && !settings.unlabeledChecksAll { return [id] }
        } else {
            group = nil
        }
        if let known = shared[group] { return known }
        let set = EdgeHealthAgent.checkSet(of: id, nodes: nodes, settings: settings)
        shared[group] = set
        return set
    }
}
