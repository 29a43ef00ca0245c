extension SuperEdge {
    /// Measured: a pair of edge-health peers costs about 40 events an hour (360 probes and 60
    /// rows, batched per check); every daemon holds a peer record for every node of the
    /// cluster, whatever its check set (`EdgeHealthAgent.peers`, about 48 bytes each).
    static let eventsPerPairHour: Int64 = 40
    static let bytesPerPeerRecord: Int64 = 48

    static func estimatedCost(of compiled: CompiledScenario, seconds: Int64) -> [WorkEstimate.Part] {
        let nodes = Int64(compiled.nodes.count)
        let pairs = checkedPairs(compiled.nodes, settings: compiled.settings.edgeHealth)
        return [WorkEstimate.Part(
            what: "edge-health: \(pairs) checker-target pairs",
            events: pairs.multipliedSaturated(by: seconds).multipliedSaturated(by: eventsPerPairHour) / 3_600,
            bytes: nodes.multipliedSaturated(by: nodes).multipliedSaturated(by: bytesPerPeerRecord)
                .addingSaturated(pairs.multipliedSaturated(by: 16)))]
    }

    /// The sum of the check sets' sizes at the start (`EdgeHealthAgent.checkSet`), counted by
    /// group instead of node by node: a 100,000-node cluster must not cost 10¹⁰ steps to price.
    static func checkedPairs(_ nodes: [NodeObject], settings: EdgeHealthSettings) -> Int64 {
        let count = Int64(nodes.count)
        guard settings.multiRegion else {
            let workers = Int64(nodes.count { $0.labels[EdgeHealthSettings.masterLabel] == nil })
            return count.multipliedSaturated(by: workers)
        }
        var groups: [String: Int64] = [:]
        var unlabeled: Int64 = 0
        for node in nodes {
            if let group = node.labels[settings.zoneLabel] { groups[group, default: 0] += 1 } else { unlabeled += 1 }
        }
        // Order does not matter: a sum of squares.
        let grouped = groups.values.reduce(Int64(0)) { $0.addingSaturated($1.multipliedSaturated(by: $1)) }
        return grouped.addingSaturated(unlabeled.multipliedSaturated(by: settings.unlabeledChecksAll ? count : 1))
    }
}
