/// What the fault verbs do to OpenYurt's parts: restarts, power, a dedicated coordinator host.
extension OpenYurt {
    /// `restart-edge`: the processes restart; their list/watches start over. Hub state that
    /// matters here (health, leadership) is rebuilt within one probe in reality; kept as is.
    mutating func edgeRestarted(_ nodes: [NodeID], _ cluster: inout Shared) {
        for node in nodes where cluster.kubelets[node.index].powered { relist(node, &cluster) }
    }

    mutating func nodePoweredOff(_ node: NodeID, _ cluster: inout Shared) {
        if hubs[node.index].elector.isLeader { loseLeadership(node, reason: "power-off", &cluster) }
        hubs[node.index].reset()
        for pool in coordinators.indices where coordinators[pool].host == cluster.kubelets[node.index].host {
            crashCoordinator(pool, &cluster)
        }
    }

    mutating func nodePoweredOn(_ node: NodeID, _ cluster: inout Shared) {
        let life = cluster.kubelets[node.index].life
        for pool in coordinators.indices where coordinators[pool].host == cluster.kubelets[node.index].host {
            coordinators[pool].boot()
        }
        hubs[node.index].reset()
        hubs[node.index].kubeletLeaseSeen = cluster.now
        cluster.schedule(.plane(.cloudProbe(node, life: life)), at: cluster.now)
        cluster.schedule(.plane(.routeCheck(node, life: life)), at: cluster.now)
        if electsLeaderHubs {
            readLeaders(node)
            cluster.schedule(.plane(.leaderHubCheck(node, life: life)), at: cluster.now)
        }
        if usesCoordinator {
            cluster.schedule(.plane(.coordinatorProbe(node, life: life)), at: cluster.now)
            cluster.schedule(.plane(.electorLoop(node, life: life)), at: cluster.now)
        }
        relist(node, &cluster)
    }

    /// A dedicated coordinator host loses or regains power.
    mutating func dedicatedHostPowered(_ host: HostID, on: Bool, _ cluster: inout Shared) {
        for pool in coordinators.indices where coordinators[pool].host == host {
            if on { coordinators[pool].boot() } else { crashCoordinator(pool, &cluster) }
        }
    }

    mutating func crashCoordinator(_ pool: Int, _ cluster: inout Shared) {
        coordinators[pool].crash()
        updateCoordinatorReadiness(pool, reason: "coordinator down", &cluster)
    }
}
