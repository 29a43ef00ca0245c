extension KubeEdge {
    /// Kubelet lease ticks as events (10 s), their relayed arrivals, EdgeHub keepalives (15 s):
    /// about 0.3 events a node-second.
    static let eventsPerNodeSecondTimesTen: Int64 = 3

    static func estimatedCost(of compiled: CompiledScenario, seconds: Int64) -> [WorkEstimate.Part] {
        let nodes = Int64(compiled.nodes.count)
        return [.perNode("EdgeHub keepalives and relayed leases of \(nodes) nodes", nodes: nodes, seconds: seconds, tenthsPerNodeSecond: eventsPerNodeSecondTimesTen)]
    }
}
