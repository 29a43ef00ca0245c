/// OpenYurt's events and hooks: YurtHub's probes, its leader election in the pool coordinator,
/// delegated heartbeats and pool-scope list/watch all travel the network model, so a DROP on
/// 6443 leaves the coordinator (443) alone and a dead coordinator host is just a dead host.
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

    private func isLeading(_ node: NodeID, life: UInt32, term: UInt32, _ cluster: borrowing Shared) -> Bool {
        cluster.kubelets[node.index].life == life && hubs[node.index].leaderTerm == term && hubs[node.index].state == .leader
    }

    // MARK: - Probes

    /// One prober round: up to 1 + retries attempts, each a request and its reply within the
    /// client timeout. Returns whether one got through, when the round ends, and when the
    /// server applied a request (the last one that arrived).
    private mutating func probe(_ node: NodeID, server: HostID, port: Int, countBytes: Bool, _ cluster: inout Shared) -> (success: Bool, elapsed: SimTime, applied: SimTime?) {
        let host = hubs[node.index].host
        var elapsed = SimTime.zero
        var applied: SimTime?
        for _ in 0...config.heartbeatRetries {
            guard let there = cluster.network.transmit(client: host, server: server, port: port, from: host, to: server,
                                               random: &hubs[node.index].random) else {
                elapsed += config.heartbeatTimeout
                continue
            }
            applied = elapsed + there
            if countBytes { cloudEdgeTraffic.add(1, of: config.leaseObjectBytes, .leases, .up) }
            guard let back = cluster.network.transmit(client: host, server: server, port: port, from: server, to: host,
                                              random: &hubs[node.index].random), there + back < config.heartbeatTimeout else {
                elapsed += config.heartbeatTimeout
                continue
            }
            if countBytes { cloudEdgeTraffic.add(1, of: config.leaseObjectBytes, .leases, .down) }
            return (true, elapsed + there + back, applied)
        }
        return (false, elapsed, applied)
    }

    // openyurt: healthchecker cloudAPIServerHealthChecker — the probe *is* the node Lease
    // renewal, every heartbeat interval; it renews for the kubelet only while the kubelet's
    // own lease PUTs keep arriving (handleKubeletLease, KubeletHealthGracePeriod).
    private mutating func cloudProbe(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let result = probe(node, server: .cloud, port: Port.apiServer, countBytes: true, &cluster)
        if let applied = result.applied,
           hubs[node.index].renewsForKubelet(now: cluster.now, grace: config.kubeletHealthGracePeriod) {
            cluster.schedule(.plane(.cloudLeaseArrives(node, renewTime: cluster.now)), at: cluster.now + applied)
        }
        cluster.schedule(.plane(.cloudProbeDone(node, life: life, success: result.success)), at: cluster.now + result.elapsed)
    }

    // openyurt: coordinatorHealthChecker — the node Lease renewed in the coordinator, annotated
    // `openyurt.io/delegate-heartbeat` while this hub's cloud checker is unhealthy (getLastNodeLease).
    private mutating func coordinatorProbe(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        let coordinator = coordinators[hub.pool]
        let result = probe(node, server: coordinator.host, port: Port.coordinator, countBytes: false, &cluster)
        if let applied = result.applied {
            cluster.schedule(.plane(.coordinatorLeaseArrives(node, renewTime: cluster.now, delegate: !hub.cloud.healthy, coordinatorLife: coordinator.life)), at: cluster.now + applied)
        }
        cluster.schedule(.plane(.coordinatorProbeDone(node, life: life, success: result.success)), at: cluster.now + result.elapsed)
    }

    /// Whether a request from this hub to its coordinator gets there and back cluster.now.
    private mutating func reachesCoordinator(_ node: NodeID, _ cluster: inout Shared) -> Bool {
        let hub = hubs[node.index]
        let coordinator = coordinators[hub.pool]
        guard coordinator.running else { return false }
        return exchange(node, with: coordinator.host, port: Port.coordinator, &cluster) != nil
    }

    /// A request and its reply between a hub and a server; the round trip, or nil.
    private mutating func exchange(_ node: NodeID, with server: HostID, port: Int, _ cluster: inout Shared) -> SimTime? {
        let host = hubs[node.index].host
        guard let there = cluster.network.transmit(client: host, server: server, port: port, from: host, to: server,
                                           random: &hubs[node.index].random),
              let back = cluster.network.transmit(client: host, server: server, port: port, from: server, to: host,
                                          random: &hubs[node.index].random) else { return nil }
        return there + back
    }

    // MARK: - Delegated heartbeats

    // openyurt: coordinator.go delegateNodeLease — the leader watches Leases in the coordinator
    // and, for each carrying the delegate annotation, GETs the cloud Lease, copies RenewTime and
    // annotations, and UPDATEs it. No leader, or a leader that lost the cloud: nothing arrives.
    private mutating func delegateLease(of node: NodeID, renewTime: SimTime, pool: Int, _ cluster: inout Shared) {
        let coordinatorHost = coordinators[pool].host
        for leader in pools[pool].members where hubs[leader.index].state == .leader && cluster.kubelets[leader.index].powered {
            let host = hubs[leader.index].host
            guard let watched = cluster.network.transmit(client: host, server: coordinatorHost, port: Port.coordinator, from: coordinatorHost,
                                                 to: host, random: &hubs[leader.index].random) else { continue }
            guard let got = cluster.network.transmit(client: host, server: .cloud, port: Port.apiServer, from: host, to: .cloud,
                                             random: &hubs[leader.index].random) else { return }
            // GET down, then the UPDATE up and its reply down.
            cloudEdgeTraffic.add(2, of: config.leaseObjectBytes, .leases, .down)
            cloudEdgeTraffic.add(1, of: config.leaseObjectBytes, .leases, .up)
            cluster.schedule(.plane(.delegatedLeaseArrives(node, renewTime: renewTime)), at: cluster.now + watched + got)
            return
        }
    }

    // MARK: - Election

    // openyurt: coordinator.go Run, every 5 s.
    private mutating func electorLoop(_ node: NodeID, _ cluster: inout Shared) {
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
            cluster.schedule(.plane(.electionTick(node, life: cluster.kubelets[node.index].life, run: hubs[node.index].electorRun)), at: cluster.now)
        }
    }

    /// The elector is cancelled; a leader steps down without releasing the lease, so a
    /// successor waits for it to expire.
    private mutating func stopElecting(_ node: NodeID, reason: String, _ cluster: inout Shared) {
        if hubs[node.index].electing {
            hubs[node.index].electing = false
            hubs[node.index].electorRun &+= 1
        }
        if hubs[node.index].elector.isLeader { loseLeadership(node, reason: reason, &cluster) }
    }

    private mutating func loseLeadership(_ node: NodeID, reason: String, _ cluster: inout Shared) {
        hubs[node.index].elector.stopLeading()
        if hubs[node.index].state == .leader { hubs[node.index].state = .follower }
        hubs[node.index].leaderTerm &+= 1
        hubs[node.index].leaderInformerSynced = false
        cluster.record(TimelineEvent(time: cluster.now, kind: .leaderLost(pool: pools[hubs[node.index].pool].name, reason: reason), node: node))
    }

    // k8s: client-go leaderelection — a leader renews every RetryPeriod and gives up once it has
    // not renewed within RenewDeadline; a candidate retries every RetryPeriod with jitter 1.2.
    private mutating func electionTick(_ node: NodeID, life: UInt32, run: UInt32, _ cluster: inout Shared) {
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
    private mutating func becomeLeader(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let pool = hubs[node.index].pool
        hubs[node.index].state = .leader
        hubs[node.index].leaderTerm &+= 1
        hubs[node.index].leaderInformerSynced = false
        cluster.record(TimelineEvent(time: cluster.now, kind: .leaderElected(pool: pools[pool].name), node: node))
        coordinators[pool].syncLeaseRenew = nil
        updateCoordinatorReadiness(pool, reason: "new leader resyncing", &cluster)
        leaderInformerSync(node, life: life, term: hubs[node.index].leaderTerm, &cluster)
    }

    private mutating func leaderInformerSync(_ node: NodeID, life: UInt32, term: UInt32, _ cluster: inout Shared) {
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
        cluster.schedule(.plane(.coordinatorStaleCheck(pool: pool, life: coordinators[pool].life)), at: cluster.now + config.poolCacheStaleDuration + .microseconds(1))
    }

    /// Writes the coordinator's readiness to the timeline when it changed.
    private mutating func updateCoordinatorReadiness(_ pool: Int, reason: String, _ cluster: inout Shared) {
        let ready = coordinators[pool].isReady(now: cluster.now, staleDuration: config.poolCacheStaleDuration)
        guard ready != coordinators[pool].reportedReady else { return }
        coordinators[pool].reportedReady = ready
        let name = pools[pool].name
        cluster.record(TimelineEvent(time: cluster.now, kind: ready ? .coordinatorReady(pool: name) : .coordinatorNotReady(pool: name, reason: reason)))
    }

    // MARK: - Pool-scope routing and bytes

    // openyurt: proxy.go + the 5 s watch re-check — a watch served by the wrong source is cut
    // and its client re-lists from the right one.
    private mutating func routeCheck(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        let coordinator = coordinators[hub.pool]
        let coordinatorReady = config.poolCoordinator && hub.state != .pending
            && PoolScopeRoute.coordinatorReady(healthy: hub.coordinator.healthy, syncLeaseRenew: coordinator.running ? coordinator.syncLeaseRenew : nil,
                                               now: cluster.now, staleDuration: config.poolCacheStaleDuration)
        let route = PoolScopeRoute.decide(coordinatorReady: coordinatorReady, cloudHealthy: hub.cloud.healthy)
        guard route != hub.route else { return }
        hubs[node.index].route = route
        if route == .cloud {
            if cluster.network.canConnect(hub.host, .cloud, port: Port.apiServer) { countPoolScopeList() } else { hubs[node.index].route = .local }
        }
    }

    /// One full list of the pool-scope resources from the cloud.
    private mutating func countPoolScopeList() {
        let count = Int64(config.churnServices)
        cloudEdgeTraffic.add(count, of: config.endpointsObjectBytes, .endpoints, .down)
        cloudEdgeTraffic.add(count, of: config.endpointSliceObjectBytes, .endpointSlices, .down)
    }

    /// The churn model: endpoints changes accrue per second across the churning services; each
    /// change reaches every watch open on the cloud: every hub that routes pool-scope reads to
    /// the cloud, plus each pool leader's informer. One event per second, however many changes.
    private mutating func churnTick(_ cluster: inout Shared) {
        churnCarryMicro = churnCarryMicro.addingSaturated(config.endpointsChurnMicro)
        let changes = churnCarryMicro / 1_000_000
        churnCarryMicro %= 1_000_000
        guard changes > 0 else { return }
        var watchers: Int64 = 0
        for hub in hubs where cluster.kubelets[hub.node.index].powered && cluster.network.canConnect(hub.host, .cloud, port: Port.apiServer) {
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
    /// pods and its Node from the cloud; pool-scope resources from the coordinator (no uplink
    /// bytes) or the cloud; a leader's informer from the cloud.
    private mutating func relist(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        guard hub.cloud.healthy, cluster.network.canConnect(hub.host, .cloud, port: Port.apiServer) else { return }
        cloudEdgeTraffic.add(Int64(config.churnServices), of: config.serviceObjectBytes, .services, .down)
        cloudEdgeTraffic.add(Int64(cluster.api.podsOnNode[node.index].count), of: config.podObjectBytes, .pods, .down)
        cloudEdgeTraffic.add(1, of: config.nodeObjectBytes, .nodes, .down)
        if hub.route == .cloud { countPoolScopeList() }
        if hub.state == .leader && hub.leaderInformerSynced { countPoolScopeList() }
    }

    // MARK: - Faults

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
        if config.poolCoordinator {
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

    private mutating func crashCoordinator(_ pool: Int, _ cluster: inout Shared) {
        coordinators[pool].crash()
        updateCoordinatorReadiness(pool, reason: "coordinator down", &cluster)
    }
}

