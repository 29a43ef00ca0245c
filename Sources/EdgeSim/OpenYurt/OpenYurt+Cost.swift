extension OpenYurt {
    /// Measured: kubelets that sync every period through YurtHub, hub health checks and
    /// election keep an OpenYurt node at about 1.6 events a second (a 2,000-node day: 279 M).
    static let eventsPerNodeSecondTimesTen: Int64 = 16

    static func estimatedCost(of compiled: CompiledScenario, seconds: Int64) -> [WorkEstimate.Part] {
        let nodes = Int64(compiled.nodes.count)
        return [.perNode("YurtHub and kubelet syncs of \(nodes) nodes", nodes: nodes, seconds: seconds, tenthsPerNodeSecond: eventsPerNodeSecondTimesTen)]
    }
}
