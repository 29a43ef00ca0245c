/// OpenYurt's events: each YurtHub loop's tick and each message's arrival. Probes, the leader
/// election in the pool coordinator, delegated heartbeats and pool-scope list/watch all travel
/// the network model, so a DROP on 6443 leaves the coordinator (443) alone and a dead
/// coordinator host is just a dead host.
extension OpenYurt {
    mutating func handle(_ event: Event, _ cluster: inout Shared) {
        switch event {
        case .cloudProbe(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            cloudProbe(node, life: life, &cluster)
            cluster.schedule(.plane(.cloudProbe(node, life: life)), at: cluster.now + config.heartbeatInterval)
        case .cloudProbeDone(let node, let life, let success):
            guard cluster.kubelets[node.index].life == life else { return }
            hubs[node.index].cloud.record(success: success, healthyThreshold: config.healthyThreshold)
        case .cloudLeaseArrives(let node, let renewTime):
            guard cluster.api.isAvailable else { return }
            cluster.api.updateLease(node, renewTime: renewTime, delegated: false, now: cluster.now)
        case .coordinatorProbe(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            coordinatorProbe(node, life: life, &cluster)
            cluster.schedule(.plane(.coordinatorProbe(node, life: life)), at: cluster.now + config.heartbeatInterval)
        case .coordinatorProbeDone(let node, let life, let success):
            guard cluster.kubelets[node.index].life == life else { return }
            hubs[node.index].coordinator.record(success: success, healthyThreshold: config.healthyThreshold)
        case .coordinatorLeaseArrives(let node, let renewTime, let delegate, let coordinatorLife):
            let pool = hubs[node.index].pool
            guard coordinators[pool].running, coordinators[pool].life == coordinatorLife, delegate else { return }
            delegateLease(of: node, renewTime: renewTime, pool: pool, &cluster)
        case .delegatedLeaseArrives(let node, let renewTime):
            guard cluster.api.isAvailable else { return }
            cluster.api.updateLease(node, renewTime: renewTime, delegated: true, now: cluster.now)
        case .electorLoop(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            electorLoop(node, &cluster)
            cluster.schedule(.plane(.electorLoop(node, life: life)), at: cluster.now + config.electorLoopPeriod)
        case .electionTick(let node, let life, let run):
            guard cluster.kubelets[node.index].life == life, hubs[node.index].electorRun == run, hubs[node.index].electing else { return }
            electionTick(node, life: life, run: run, &cluster)
        case .routeCheck(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            routeCheck(node, &cluster)
            cluster.schedule(.plane(.routeCheck(node, life: life)), at: cluster.now + config.electorLoopPeriod)
        case .leaderHubCheck(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            leaderHubCheck(node, &cluster)
            cluster.schedule(.plane(.leaderHubCheck(node, life: life)), at: cluster.now + config.leaderHubCheckInterval)
        case .leaderInformerSync(let node, let life, let term):
            guard isLeading(node, life: life, term: term, cluster) else { return }
            leaderInformerSync(node, life: life, term: term, &cluster)
        case .syncLeaseTick(let node, let life, let term):
            guard isLeading(node, life: life, term: term, cluster) else { return }
            let pool = hubs[node.index].pool
            if hubs[node.index].leaderInformerSynced, reachesCoordinator(node, &cluster) { renewSyncLease(pool, &cluster) }
            cluster.schedule(.plane(.syncLeaseTick(node, life: life, term: term)), at: cluster.now + config.syncLeaseRenewInterval)
        case .coordinatorStaleCheck(let pool, let life):
            guard coordinators[pool].life == life else { return }
            updateCoordinatorReadiness(pool, reason: "sync lease stale", &cluster)
        case .churnTick:
            churnTick(&cluster)
            cluster.schedule(.plane(.churnTick), at: cluster.now + .seconds(1))
        }
    }

    func isLeading(_ node: NodeID, life: UInt32, term: UInt32, _ cluster: borrowing Shared) -> Bool {
        cluster.kubelets[node.index].life == life && hubs[node.index].leaderTerm == term && hubs[node.index].state == .leader
    }
}
