/// OpenYurt in the world: YurtHub's probes, its leader election in the pool coordinator,
/// delegated heartbeats and pool-scope list/watch all travel the network model, so a DROP on
/// 6443 leaves the coordinator (443) alone and a dead coordinator host is just a dead host.
extension World {
    var yurtSettings: OpenYurtSettings { settings.openYurt }

    /// Builds the parts at the start of an `openyurt` run.
    func installOpenYurt() {
        let config = yurtSettings
        var poolOfNode = Array(repeating: 0, count: compiled.nodes.count)
        for (index, pool) in compiled.pools.enumerated() {
            for member in pool.members { poolOfNode[member.index] = index }
        }
        let hubs = compiled.nodes.map {
            YurtHub(node: $0.id, host: $0.host, pool: poolOfNode[$0.id.index],
                    random: SeededRandom(seed: compiled.seed, stream: "yurthub/" + $0.name))
        }
        let coordinators = compiled.pools.enumerated().map { PoolCoordinator(pool: $0.offset, host: $0.element.coordinatorHost) }
        yurt = OpenYurtParts(hubs: hubs, coordinators: coordinators, pools: compiled.pools,
                             delegateLease: DelegateLeaseController(nodeCount: compiled.nodes.count, threshold: config.delegationThreshold),
                             podBinding: PodBindingController(defaultAutonomy: config.autonomyDuration))
        api.watchesLeases = true
        if config.endpointsWebhook { api.yurtEndpointsAdmission = YurtEndpointsAdmission(defaultAutonomy: config.autonomyDuration) }
    }

    /// The run starts converged: in each pool the first node already leads and its informer
    /// has synced, so the coordinator is Ready and every hub reads pool-scope data from it.
    func startOpenYurt() {
        let config = yurtSettings
        if config.poolCoordinator {
            for (index, pool) in compiled.pools.enumerated() {
                let leader = pool.members[0]
                var lease = yurt!.coordinators[index].electionLease
                _ = yurt!.hubs[leader.index].elector.tryAcquireOrRenew(&lease, now: now, leaseDuration: config.leaseDuration)
                yurt!.coordinators[index].electionLease = lease
                yurt!.hubs[leader.index].state = .leader
                yurt!.hubs[leader.index].leaderInformerSynced = true
                api.record(TimelineEvent(time: now, kind: .leaderElected(pool: pool.name), node: leader))
                renewSyncLease(index)
            }
        }
        for index in yurt!.hubs.indices {
            let node = NodeID(index)
            let life = kubelets[index].life
            yurt!.hubs[index].route = config.poolCoordinator ? .coordinator : .cloud
            func phase(_ period: SimTime) -> SimTime { yurt!.hubs[index].random.duration(upTo: period - .microseconds(1)) }
            push(.yurt(.cloudProbe(node, life: life)), at: now + phase(config.heartbeatInterval))
            push(.yurt(.routeCheck(node, life: life)), at: now + phase(config.electorLoopPeriod))
            guard config.poolCoordinator else { continue }
            yurt!.hubs[index].electing = true
            let hub = yurt!.hubs[index]
            push(.yurt(.coordinatorProbe(node, life: life)), at: now + phase(config.heartbeatInterval))
            push(.yurt(.electorLoop(node, life: life)), at: now + phase(config.electorLoopPeriod))
            push(.yurt(.electionTick(node, life: life, run: hub.electorRun)), at: now + phase(config.retryPeriod))
            if hub.state == .leader {
                push(.yurt(.syncLeaseTick(node, life: life, term: hub.leaderTerm)), at: now + phase(config.syncLeaseRenewInterval))
            }
        }
        if config.churnServices > 0 && config.endpointsChurnMicro > 0 { push(.yurt(.churnTick), at: now + .seconds(1)) }
    }

    func handleYurt(_ event: YurtEvent) {
        let config = yurtSettings
        switch event {
        case .cloudProbe(let node, let life):
            guard kubelets[node.index].life == life else { return }
            cloudProbe(node, life: life)
            push(.yurt(.cloudProbe(node, life: life)), at: now + config.heartbeatInterval)
        case .cloudProbeDone(let node, let life, let success):
            guard kubelets[node.index].life == life else { return }
            yurt!.hubs[node.index].cloud.record(success: success, healthyThreshold: config.healthyThreshold)
        case .cloudLeaseArrives(let node, let renewTime):
            guard api.isAvailable else { return }
            api.updateLease(node, renewTime: renewTime, delegated: false, now: now)
        case .coordinatorProbe(let node, let life):
            guard kubelets[node.index].life == life else { return }
            coordinatorProbe(node, life: life)
            push(.yurt(.coordinatorProbe(node, life: life)), at: now + config.heartbeatInterval)
        case .coordinatorProbeDone(let node, let life, let success):
            guard kubelets[node.index].life == life else { return }
            yurt!.hubs[node.index].coordinator.record(success: success, healthyThreshold: config.healthyThreshold)
        case .coordinatorLeaseArrives(let node, let renewTime, let delegate, let coordinatorLife):
            let pool = yurt!.hubs[node.index].pool
            guard yurt!.coordinators[pool].running, yurt!.coordinators[pool].life == coordinatorLife, delegate else { return }
            delegateLease(of: node, renewTime: renewTime, pool: pool)
        case .delegatedLeaseArrives(let node, let renewTime):
            guard api.isAvailable else { return }
            api.updateLease(node, renewTime: renewTime, delegated: true, now: now)
        case .electorLoop(let node, let life):
            guard kubelets[node.index].life == life else { return }
            electorLoop(node)
            push(.yurt(.electorLoop(node, life: life)), at: now + config.electorLoopPeriod)
        case .electionTick(let node, let life, let run):
            guard kubelets[node.index].life == life, yurt!.hubs[node.index].electorRun == run, yurt!.hubs[node.index].electing else { return }
            electionTick(node, life: life, run: run)
        case .routeCheck(let node, let life):
            guard kubelets[node.index].life == life else { return }
            routeCheck(node)
            push(.yurt(.routeCheck(node, life: life)), at: now + config.electorLoopPeriod)
        case .leaderInformerSync(let node, let life, let term):
            guard isLeading(node, life: life, term: term) else { return }
            leaderInformerSync(node, life: life, term: term)
        case .syncLeaseTick(let node, let life, let term):
            guard isLeading(node, life: life, term: term) else { return }
            let pool = yurt!.hubs[node.index].pool
            if yurt!.hubs[node.index].leaderInformerSynced, reachesCoordinator(node) { renewSyncLease(pool) }
            push(.yurt(.syncLeaseTick(node, life: life, term: term)), at: now + config.syncLeaseRenewInterval)
        case .coordinatorStaleCheck(let pool, let life):
            guard yurt!.coordinators[pool].life == life else { return }
            updateCoordinatorReadiness(pool, reason: "sync lease stale")
        case .churnTick:
            churnTick()
            push(.yurt(.churnTick), at: now + .seconds(1))
        }
    }

    private func isLeading(_ node: NodeID, life: UInt32, term: UInt32) -> Bool {
        kubelets[node.index].life == life && yurt!.hubs[node.index].leaderTerm == term && yurt!.hubs[node.index].state == .leader
    }

    // MARK: - Probes

    /// One prober round: up to 1 + retries attempts, each a request and its reply within the
    /// client timeout. Returns whether one got through, when the round ends, and when the
    /// server applied a request (the last one that arrived).
    private func probe(_ node: NodeID, server: HostID, port: Int, countBytes: Bool) -> (success: Bool, elapsed: SimTime, applied: SimTime?) {
        let config = yurtSettings
        let host = yurt!.hubs[node.index].host
        var elapsed = SimTime.zero
        var applied: SimTime?
        for _ in 0...config.heartbeatRetries {
            guard let there = network.transmit(client: host, server: server, port: port, from: host, to: server,
                                               random: &yurt!.hubs[node.index].random) else {
                elapsed += config.heartbeatTimeout
                continue
            }
            applied = elapsed + there
            if countBytes { yurt!.traffic.add(config.leaseObjectBytes, .leases, .up) }
            guard let back = network.transmit(client: host, server: server, port: port, from: server, to: host,
                                              random: &yurt!.hubs[node.index].random), there + back < config.heartbeatTimeout else {
                elapsed += config.heartbeatTimeout
                continue
            }
            if countBytes { yurt!.traffic.add(config.leaseObjectBytes, .leases, .down) }
            return (true, elapsed + there + back, applied)
        }
        return (false, elapsed, applied)
    }

    // openyurt: healthchecker cloudAPIServerHealthChecker — the probe *is* the node Lease
    // renewal, every heartbeat interval; it renews for the kubelet only while the kubelet's
    // own lease PUTs keep arriving (handleKubeletLease, KubeletHealthGracePeriod).
    private func cloudProbe(_ node: NodeID, life: UInt32) {
        let result = probe(node, server: .cloud, port: Port.apiServer, countBytes: true)
        if let applied = result.applied,
           yurt!.hubs[node.index].renewsForKubelet(now: now, grace: yurtSettings.kubeletHealthGracePeriod) {
            push(.yurt(.cloudLeaseArrives(node, renewTime: now)), at: now + applied)
        }
        push(.yurt(.cloudProbeDone(node, life: life, success: result.success)), at: now + result.elapsed)
    }

    // openyurt: coordinatorHealthChecker — the node Lease renewed in the coordinator, annotated
    // `openyurt.io/delegate-heartbeat` while this hub's cloud checker is unhealthy (getLastNodeLease).
    private func coordinatorProbe(_ node: NodeID, life: UInt32) {
        let hub = yurt!.hubs[node.index]
        let coordinator = yurt!.coordinators[hub.pool]
        let result = probe(node, server: coordinator.host, port: Port.coordinator, countBytes: false)
        if let applied = result.applied {
            push(.yurt(.coordinatorLeaseArrives(node, renewTime: now, delegate: !hub.cloud.healthy, coordinatorLife: coordinator.life)),
                 at: now + applied)
        }
        push(.yurt(.coordinatorProbeDone(node, life: life, success: result.success)), at: now + result.elapsed)
    }

    /// Whether a request from this hub to its coordinator gets there and back now.
    private func reachesCoordinator(_ node: NodeID) -> Bool {
        let hub = yurt!.hubs[node.index]
        let coordinator = yurt!.coordinators[hub.pool]
        guard coordinator.running else { return false }
        return exchange(node, with: coordinator.host, port: Port.coordinator) != nil
    }

    /// A request and its reply between a hub and a server; the round trip, or nil.
    private func exchange(_ node: NodeID, with server: HostID, port: Int) -> SimTime? {
        let host = yurt!.hubs[node.index].host
        guard let there = network.transmit(client: host, server: server, port: port, from: host, to: server,
                                           random: &yurt!.hubs[node.index].random),
              let back = network.transmit(client: host, server: server, port: port, from: server, to: host,
                                          random: &yurt!.hubs[node.index].random) else { return nil }
        return there + back
    }

    // MARK: - Delegated heartbeats

    // openyurt: coordinator.go delegateNodeLease — the leader watches Leases in the coordinator
    // and, for each carrying the delegate annotation, GETs the cloud Lease, copies RenewTime and
    // annotations, and UPDATEs it. No leader, or a leader that lost the cloud: nothing arrives.
    private func delegateLease(of node: NodeID, renewTime: SimTime, pool: Int) {
        let config = yurtSettings
        let coordinatorHost = yurt!.coordinators[pool].host
        for leader in yurt!.pools[pool].members where yurt!.hubs[leader.index].state == .leader && kubelets[leader.index].powered {
            let host = yurt!.hubs[leader.index].host
            guard let watched = network.transmit(client: host, server: coordinatorHost, port: Port.coordinator, from: coordinatorHost,
                                                 to: host, random: &yurt!.hubs[leader.index].random) else { continue }
            guard let got = network.transmit(client: host, server: .cloud, port: Port.apiServer, from: host, to: .cloud,
                                             random: &yurt!.hubs[leader.index].random) else { return }
            // GET down, then the UPDATE up and its reply down.
            yurt!.traffic.add(config.leaseObjectBytes * 2, .leases, .down)
            yurt!.traffic.add(config.leaseObjectBytes, .leases, .up)
            push(.yurt(.delegatedLeaseArrives(node, renewTime: renewTime)), at: now + watched + got)
            return
        }
    }

    // MARK: - Election

    // openyurt: coordinator.go Run, every 5 s.
    private func electorLoop(_ node: NodeID) {
        let hub = yurt!.hubs[node.index]
        switch YurtHub.loopDecision(coordinatorHealthy: hub.coordinator.healthy, cloudHealthy: hub.cloud.healthy) {
        case .pending:
            stopElecting(node, reason: "coordinator unhealthy")
            yurt!.hubs[node.index].state = .pending
        case .follower:
            stopElecting(node, reason: "cloud unhealthy")
            yurt!.hubs[node.index].state = .follower
        case .elect:
            if hub.state == .pending { yurt!.hubs[node.index].state = .follower }
            guard !hub.electing else { return }
            yurt!.hubs[node.index].electing = true
            yurt!.hubs[node.index].electorRun &+= 1
            push(.yurt(.electionTick(node, life: kubelets[node.index].life, run: yurt!.hubs[node.index].electorRun)), at: now)
        }
    }

    /// The elector is cancelled; a leader steps down without releasing the lease, so a
    /// successor waits for it to expire.
    private func stopElecting(_ node: NodeID, reason: String) {
        if yurt!.hubs[node.index].electing {
            yurt!.hubs[node.index].electing = false
            yurt!.hubs[node.index].electorRun &+= 1
        }
        if yurt!.hubs[node.index].elector.isLeader { loseLeadership(node, reason: reason) }
    }

    private func loseLeadership(_ node: NodeID, reason: String) {
        yurt!.hubs[node.index].elector.stopLeading()
        if yurt!.hubs[node.index].state == .leader { yurt!.hubs[node.index].state = .follower }
        yurt!.hubs[node.index].leaderTerm &+= 1
        yurt!.hubs[node.index].leaderInformerSynced = false
        api.record(TimelineEvent(time: now, kind: .leaderLost(pool: yurt!.pools[yurt!.hubs[node.index].pool].name, reason: reason), node: node))
    }

    // k8s: client-go leaderelection — a leader renews every RetryPeriod and gives up once it has
    // not renewed within RenewDeadline; a candidate retries every RetryPeriod with jitter 1.2.
    private func electionTick(_ node: NodeID, life: UInt32, run: UInt32) {
        let config = yurtSettings
        let pool = yurt!.hubs[node.index].pool
        var lease = yurt!.coordinators[pool].electionLease
        let reached = reachesCoordinator(node)
        let held = reached && yurt!.hubs[node.index].elector.tryAcquireOrRenew(&lease, now: now, leaseDuration: config.leaseDuration)
        if reached { yurt!.coordinators[pool].electionLease = lease }
        if yurt!.hubs[node.index].state == .leader {
            if !held && yurt!.hubs[node.index].elector.missedRenewDeadline(now: now, renewDeadline: config.renewDeadline) {
                loseLeadership(node, reason: "renew deadline")
            }
        } else if held {
            becomeLeader(node, life: life)
        }
        var next = config.retryPeriod
        if yurt!.hubs[node.index].state != .leader {
            next += yurt!.hubs[node.index].random.duration(upTo: SimTime(microseconds: config.retryPeriod.microseconds * 12 / 10))
        }
        push(.yurt(.electionTick(node, life: life, run: run)), at: now + next)
    }

    // openyurt: coordinator.go, state LeaderHub — the new leader deletes the old pool cache and
    // sync lease, lists pool-scope resources from the cloud as `leader-yurthub`, and once
    // synced creates and renews `leader-informer-sync`.
    private func becomeLeader(_ node: NodeID, life: UInt32) {
        let pool = yurt!.hubs[node.index].pool
        yurt!.hubs[node.index].state = .leader
        yurt!.hubs[node.index].leaderTerm &+= 1
        yurt!.hubs[node.index].leaderInformerSynced = false
        api.record(TimelineEvent(time: now, kind: .leaderElected(pool: yurt!.pools[pool].name), node: node))
        yurt!.coordinators[pool].syncLeaseRenew = nil
        updateCoordinatorReadiness(pool, reason: "new leader resyncing")
        leaderInformerSync(node, life: life, term: yurt!.hubs[node.index].leaderTerm)
    }

    private func leaderInformerSync(_ node: NodeID, life: UInt32, term: UInt32) {
        let config = yurtSettings
        let pool = yurt!.hubs[node.index].pool
        guard exchange(node, with: .cloud, port: Port.apiServer) != nil else {
            push(.yurt(.leaderInformerSync(node, life: life, term: term)), at: now + config.retryPeriod)
            return
        }
        countPoolScopeList()
        yurt!.hubs[node.index].leaderInformerSynced = true
        if reachesCoordinator(node) { renewSyncLease(pool) }
        push(.yurt(.syncLeaseTick(node, life: life, term: term)), at: now + config.syncLeaseRenewInterval)
    }

    private func renewSyncLease(_ pool: Int) {
        yurt!.coordinators[pool].syncLeaseRenew = now
        updateCoordinatorReadiness(pool, reason: "")
        push(.yurt(.coordinatorStaleCheck(pool: pool, life: yurt!.coordinators[pool].life)),
             at: now + yurtSettings.poolCacheStaleDuration + .microseconds(1))
    }

    /// Writes the coordinator's readiness to the timeline when it changed.
    private func updateCoordinatorReadiness(_ pool: Int, reason: String) {
        let ready = yurt!.coordinators[pool].isReady(now: now, staleDuration: yurtSettings.poolCacheStaleDuration)
        guard ready != yurt!.coordinators[pool].reportedReady else { return }
        yurt!.coordinators[pool].reportedReady = ready
        let name = yurt!.pools[pool].name
        api.record(TimelineEvent(time: now, kind: ready ? .coordinatorReady(pool: name) : .coordinatorNotReady(pool: name, reason: reason)))
    }

    // MARK: - Pool-scope routing and bytes

    // openyurt: proxy.go + the 5 s watch re-check — a watch served by the wrong source is cut
    // and its client re-lists from the right one.
    private func routeCheck(_ node: NodeID) {
        let config = yurtSettings
        let hub = yurt!.hubs[node.index]
        let coordinator = yurt!.coordinators[hub.pool]
        let coordinatorReady = config.poolCoordinator && hub.state != .pending
            && PoolScopeRoute.coordinatorReady(healthy: hub.coordinator.healthy, syncLeaseRenew: coordinator.running ? coordinator.syncLeaseRenew : nil,
                                               now: now, staleDuration: config.poolCacheStaleDuration)
        let route = PoolScopeRoute.decide(coordinatorReady: coordinatorReady, cloudHealthy: hub.cloud.healthy)
        guard route != hub.route else { return }
        yurt!.hubs[node.index].route = route
        if route == .cloud {
            if network.canConnect(hub.host, .cloud, port: Port.apiServer) { countPoolScopeList() } else { yurt!.hubs[node.index].route = .local }
        }
    }

    /// One full list of the pool-scope resources from the cloud.
    private func countPoolScopeList() {
        let config = yurtSettings
        let count = Int64(config.churnServices)
        yurt!.traffic.add(count * config.endpointsObjectBytes, .endpoints, .down)
        yurt!.traffic.add(count * config.endpointSliceObjectBytes, .endpointSlices, .down)
    }

    /// The churn model: endpoints changes accrue per second across the churning services; each
    /// change reaches every watch open on the cloud: every hub that routes pool-scope reads to
    /// the cloud, plus each pool leader's informer. One event per second, however many changes.
    private func churnTick() {
        let config = yurtSettings
        yurt!.churnCarryMicro += config.endpointsChurnMicro
        let changes = yurt!.churnCarryMicro / 1_000_000
        yurt!.churnCarryMicro %= 1_000_000
        guard changes > 0 else { return }
        var watchers: Int64 = 0
        for hub in yurt!.hubs where kubelets[hub.node.index].powered && network.canConnect(hub.host, .cloud, port: Port.apiServer) {
            if hub.route == .cloud { watchers += 1 }
            if hub.state == .leader && hub.leaderInformerSynced { watchers += 1 }
        }
        yurt!.traffic.add(watchers * changes * config.endpointsObjectBytes, .endpoints, .down)
        yurt!.traffic.add(watchers * changes * config.endpointSliceObjectBytes, .endpointSlices, .down)
    }

    /// The kubelet's status sync went through the hub to the cloud: a GET of its Node.
    func countStatusSync(_ node: NodeID) {
        yurt!.traffic.add(yurtSettings.nodeObjectBytes, .nodes, .down)
    }

    /// Every component of a node lists again from wherever its hub sends it: services, its
    /// pods and its Node from the cloud; pool-scope resources from the coordinator (no uplink
    /// bytes) or the cloud; a leader's informer from the cloud.
    private func relist(_ node: NodeID) {
        let config = yurtSettings
        let hub = yurt!.hubs[node.index]
        guard hub.cloud.healthy, network.canConnect(hub.host, .cloud, port: Port.apiServer) else { return }
        yurt!.traffic.add(Int64(config.churnServices) * config.serviceObjectBytes, .services, .down)
        yurt!.traffic.add(Int64(api.podsOnNode[node.index].count) * config.podObjectBytes, .pods, .down)
        yurt!.traffic.add(config.nodeObjectBytes, .nodes, .down)
        if hub.route == .cloud { countPoolScopeList() }
        if hub.state == .leader && hub.leaderInformerSynced { countPoolScopeList() }
    }

    // MARK: - Faults

    /// `restart-edge`: the processes restart; their list/watches start over. Hub state that
    /// matters here (health, leadership) is rebuilt within one probe in reality; kept as is.
    func restartEdge(_ nodes: [NodeID]) {
        guard yurt != nil else { return }
        for node in nodes where kubelets[node.index].powered { relist(node) }
    }

    func yurtHostPoweredOff(_ node: NodeID) {
        if yurt!.hubs[node.index].elector.isLeader { loseLeadership(node, reason: "power-off") }
        yurt!.hubs[node.index].reset()
        for pool in yurt!.coordinators.indices where yurt!.coordinators[pool].host == kubelets[node.index].host {
            crashCoordinator(pool)
        }
    }

    func yurtHostPoweredOn(_ node: NodeID) {
        let config = yurtSettings
        let life = kubelets[node.index].life
        for pool in yurt!.coordinators.indices where yurt!.coordinators[pool].host == kubelets[node.index].host {
            yurt!.coordinators[pool].boot()
        }
        yurt!.hubs[node.index].reset()
        yurt!.hubs[node.index].kubeletLeaseSeen = now
        push(.yurt(.cloudProbe(node, life: life)), at: now)
        push(.yurt(.routeCheck(node, life: life)), at: now)
        if config.poolCoordinator {
            push(.yurt(.coordinatorProbe(node, life: life)), at: now)
            push(.yurt(.electorLoop(node, life: life)), at: now)
        }
        relist(node)
    }

    /// A dedicated coordinator host loses or regains power.
    func setCoordinatorPower(_ host: HostID, on: Bool) {
        network.setPowered(host, on)
        guard yurt != nil else { return }
        for pool in yurt!.coordinators.indices where yurt!.coordinators[pool].host == host {
            if on { yurt!.coordinators[pool].boot() } else { crashCoordinator(pool) }
        }
    }

    private func crashCoordinator(_ pool: Int) {
        yurt!.coordinators[pool].crash()
        updateCoordinatorReadiness(pool, reason: "coordinator down")
    }
}
