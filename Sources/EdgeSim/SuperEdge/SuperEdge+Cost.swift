extension SuperEdge {
    /// Measured on the edge-health benchmark (release build, the 2-core machine), with rounds
    /// replayed, refreshes kept pending (`RowRefreshes`) and quiet loops parked
    /// (`ParkedLoops`) on demand: a daemon's own loops are about 200 events an hour once its
    /// set is quiet (600 before it settles), priced at 800; what a checker-target pair costs is
    /// now mostly the rounds that write every receiver's record (a sender's first, and one per
    /// new row), about 0.3 events' worth an hour at 4,000 nodes in one set (6.8 s) and less in
    /// smaller sets (1,000 nodes 0.45 s, 100 nodes 0.01 s), priced at 1. A daemon holds a
    /// 24-byte record for every node that sends it rows, the members of its check set in a
    /// symmetric one (`PeerTable`: a hash table, an array past a quarter of the cluster), and
    /// about 12 bytes per member of its check set (the replayed round's delays, the vote's bit
    /// set): 1,000 nodes in one set peak at 57 MiB, 4,000 at 541 MiB.
    static let eventsPerNodeHour: Int64 = 800
    static let eventsPerPairHour: Int64 = 1
    static let bytesPerPeerRecord: Int64 = 24
    static let bytesPerCheckedPair: Int64 = 12

    static func estimatedCost(of compiled: CompiledScenario, seconds: Int64) -> [WorkEstimate.Part] {
        let nodes = Int64(compiled.nodes.count)
        let pairs = checkedPairs(compiled.nodes, settings: compiled.settings.edgeHealth)
        let hourly = pairs.multipliedSaturated(by: eventsPerPairHour).addingSaturated(nodes.multipliedSaturated(by: eventsPerNodeHour))
        return [WorkEstimate.Part(
            what: "edge-health: \(pairs) checker-target pairs",
            events: hourly.multipliedSaturated(by: seconds) / 3_600,
            bytes: pairs.multipliedSaturated(by: bytesPerPeerRecord + bytesPerCheckedPair))]
    }

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
