/// The hubs' leader election in the pool coordinator and the leader's duties.
extension OpenYurt {
    // openyurt: coordinator.go Run, every 5 s.
    mutating func electorLoop(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        switch YurtHub.loopDecision(coordinatorHealthy: hub.coordinator.healthy, cloudHealthy: hub.cloud.healthy) {
        case .pending:
            stopElecting(node, reason: "coordinator unhealthy", &cluster)
            hubs[node.index].state = .pending
        case .follower:
            stopElecting(node, reason: "cloud unhealthy", &cluster)
            hubs[node.index].state = .follower
        case .elect:
            if hub.state == .pending { hubs[node.index].state = .follower }
            guard !hub.electing else { return }
            hubs[node.index].electing = true
            hubs[node.index].electorRun &+= 1
            let life = cluster.kubelets[node.index].life
            cluster.schedule(.plane(.electionTick(node, life: life, run: hubs[node.index].electorRun)), at: cluster.now)
        }
    }

    /// The elector is cancelled; a leader steps down without releasing the lease, so a
    /// successor waits for it to expire.
    mutating func stopElecting(_ node: NodeID, reason: String, _ cluster: inout Shared) {
        if hubs[node.index].electing {
            hubs[node.index].electing = false
            hubs[node.index].electorRun &+= 1
        }
        if hubs[node.index].elector.isLeader { loseLeadership(node, reason: reason, &cluster) }
    }

    mutating func loseLeadership(_ node: NodeID, reason: String, _ cluster: inout Shared) {
        hubs[node.index].elector.stopLeading()
        if hubs[node.index].state == .leader { hubs[node.index].state = .follower }
        hubs[node.index].leaderTerm &+= 1
        hubs[node.index].leaderInformerSynced = false
        cluster.record(TimelineEvent(time: cluster.now, kind: .leaderLost(pool: pools[hubs[node.index].pool].name, reason: reason), node: node))
    }

    // k8s: client-go leaderelection — a leader renews every RetryPeriod and gives up once it has
    // not renewed within RenewDeadline; a candidate retries every RetryPeriod with jitter 1.2.
    mutating func electionTick(_ node: NodeID, life: UInt32, run: UInt32, _ cluster: inout Shared) {
        let pool = hubs[node.index].pool
        var lease = coordinators[pool].electionLease
        let reached = reachesCoordinator(node, &cluster)
        let held = reached && hubs[node.index].elector.tryAcquireOrRenew(&lease, now: cluster.now, leaseDuration: config.leaseDuration)
        if reached { coordinators[pool].electionLease = lease }
        if hubs[node.index].state == .leader {
            if !held && hubs[node.index].elector.missedRenewDeadline(now: cluster.now, renewDeadline: config.renewDeadline) {
                loseLeadership(node, reason: "renew deadline", &cluster)
            }
        } else if held {
            becomeLeader(node, life: life, &cluster)
        }
        var next = config.retryPeriod
        if hubs[node.index].state != .leader {
            next += hubs[node.index].random.duration(upTo: SimTime(microseconds: config.retryPeriod.microseconds * 12 / 10))
        }
        cluster.schedule(.plane(.electionTick(node, life: life, run: run)), at: cluster.now + next)
    }

    // openyurt: coordinator.go, state LeaderHub — the new leader deletes the old pool cache and
    // sync lease, lists pool-scope resources from the cloud as `leader-yurthub`, and once
    // synced creates and renews `leader-informer-sync`.
    mutating func becomeLeader(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let pool = hubs[node.index].pool
        hubs[node.index].state = .leader
        hubs[node.index].leaderTerm &+= 1
        hubs[node.index].leaderInformerSynced = false
        cluster.record(TimelineEvent(time: cluster.now, kind: .leaderElected(pool: pools[pool].name), node: node))
        coordinators[pool].syncLeaseRenew = nil
        updateCoordinatorReadiness(pool, reason: "new leader resyncing", &cluster)
        leaderInformerSync(node, life: life, term: hubs[node.index].leaderTerm, &cluster)
    }

    mutating func leaderInformerSync(_ node: NodeID, life: UInt32, term: UInt32, _ cluster: inout Shared) {
        let pool = hubs[node.index].pool
        guard exchange(node, with: .cloud, port: Port.apiServer, &cluster) != nil else {
            cluster.schedule(.plane(.leaderInformerSync(node, life: life, term: term)), at: cluster.now + config.retryPeriod)
            return
        }
        countPoolScopeList()
        hubs[node.index].leaderInformerSynced = true
        if reachesCoordinator(node, &cluster) { renewSyncLease(pool, &cluster) }
        cluster.schedule(.plane(.syncLeaseTick(node, life: life, term: term)), at: cluster.now + config.syncLeaseRenewInterval)
    }

    mutating func renewSyncLease(_ pool: Int, _ cluster: inout Shared) {
        coordinators[pool].syncLeaseRenew = cluster.now
        updateCoordinatorReadiness(pool, reason: "", &cluster)
        let staleAt = cluster.now + config.poolCacheStaleDuration + .microseconds(1)
        cluster.schedule(.plane(.coordinatorStaleCheck(pool: pool, life: coordinators[pool].life)), at: staleAt)
    }

    /// Writes the coordinator's readiness to the timeline when it changed.
    mutating func updateCoordinatorReadiness(_ pool: Int, reason: String, _ cluster: inout Shared) {
        let ready = coordinators[pool].isReady(now: cluster.now, staleDuration: config.poolCacheStaleDuration)
        guard ready != coordinators[pool].reportedReady else { return }
        coordinators[pool].reportedReady = ready
        let name = pools[pool].name
        let kind: TimelineEvent.Kind = ready ? .coordinatorReady(pool: name) : .coordinatorNotReady(pool: name, reason: reason)
        cluster.record(TimelineEvent(time: cluster.now, kind: kind))
    }
}
