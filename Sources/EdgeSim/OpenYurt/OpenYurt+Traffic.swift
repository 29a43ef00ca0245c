/// Where each hub reads pool-scope data from, and the bytes that crosses the cloud-edge links.
extension OpenYurt {
    // openyurt: proxy.go + the 5 s watch re-check — a watch served by the wrong source is cut
    // and its client re-lists from the right one.
    mutating func routeCheck(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        let route: PoolScopeRoute
        if usesCoordinator {
            let coordinator = coordinators[hub.pool]
            let coordinatorReady = hub.state != .pending
                && PoolScopeRoute.coordinatorReady(healthy: hub.coordinator.healthy, syncLeaseRenew: coordinator.running ? coordinator.syncLeaseRenew : nil,
                                                   now: cluster.now, staleDuration: config.poolCacheStaleDuration)
            route = PoolScopeRoute.decide(coordinatorReady: coordinatorReady, cloudHealthy: hub.cloud.healthy)
        } else {
            route = PoolScopeRoute.decide(leaderHealthy: hub.healthyLeader != nil, cloudHealthy: hub.cloud.healthy)
        }
        guard route != hub.route else { return }
        hubs[node.index].route = route
        if route == .cloud {
            if cluster.network.canConnect(hub.host, .cloud, port: Port.apiServer) {
                countPoolScopeList()
            } else {
                hubs[node.index].route = .local
            }
        }
    }

    /// One full list of the pool-scope resources from the cloud.
    mutating func countPoolScopeList() {
        let count = Int64(config.churnServices)
        cloudEdgeTraffic.add(count, of: config.endpointsObjectBytes, .endpoints, .down)
        cloudEdgeTraffic.add(count, of: config.endpointSliceObjectBytes, .endpointSlices, .down)
    }

    /// The churn model: endpoints changes accrue per second across the churning services; each
    /// change reaches every watch open on the cloud: every hub that routes pool-scope reads to
    /// the cloud, plus each pool leader's informer. One event per second, however many changes.
    mutating func churnTick(_ cluster: inout Shared) {
        churnCarryMicro = churnCarryMicro.addingSaturated(config.endpointsChurnMicro)
        let changes = churnCarryMicro / 1_000_000
        churnCarryMicro %= 1_000_000
        guard changes > 0 else { return }
        var watchers: Int64 = 0
        let reachesCloud = cloudReach.answers(in: cluster.network, server: .cloud, port: Port.apiServer) { hubs.map(\.host) }
        for (index, hub) in hubs.enumerated() where cluster.kubelets[hub.node.index].powered && reachesCloud[index] {
            if hub.route == .cloud { watchers += 1 }
            if hub.state == .leader && hub.leaderInformerSynced { watchers += 1 }
        }
        cloudEdgeTraffic.add(watchers.multipliedSaturated(by: changes), of: config.endpointsObjectBytes, .endpoints, .down)
        cloudEdgeTraffic.add(watchers.multipliedSaturated(by: changes), of: config.endpointSliceObjectBytes, .endpointSlices, .down)
    }

    /// The kubelet's status sync went through the hub to the cloud: a GET of its Node.
    mutating func kubeletSyncedStatus(_ node: NodeID, _ cluster: inout Shared) {
        cloudEdgeTraffic.add(1, of: config.nodeObjectBytes, .nodes, .down)
    }

    /// Every component of a node lists again from wherever its hub sends it: services, its
    /// pods and its Node from the cloud; pool-scope resources from the coordinator or a leader
    /// hub (no uplink bytes) or the cloud; a v1.2–v1.6 leader's informer from the cloud.
    mutating func relist(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        guard hub.cloud.healthy, cluster.network.canConnect(hub.host, .cloud, port: Port.apiServer) else { return }
        cloudEdgeTraffic.add(Int64(config.churnServices), of: config.serviceObjectBytes, .services, .down)
        cloudEdgeTraffic.add(Int64(cluster.api.podsOnNode[node.index].count), of: config.podObjectBytes, .pods, .down)
        cloudEdgeTraffic.add(1, of: config.nodeObjectBytes, .nodes, .down)
        if hub.route == .cloud { countPoolScopeList() }
        if hub.state == .leader && hub.leaderInformerSynced { countPoolScopeList() }
    }
}
