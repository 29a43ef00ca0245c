/// YurtHub's health probes (each one a lease renewal) and the pool leader's delegated heartbeats.
extension OpenYurt {
    /// One prober round: up to 1 + retries attempts, each a request and its reply within the
    /// client timeout. Returns whether one got through, when the round ends, and when the
    /// server applied a request (the last one that arrived).
    mutating func probe(_ node: NodeID, server: HostID, port: Int, countBytes: Bool,
                        _ cluster: inout Shared) -> (success: Bool, elapsed: SimTime, applied: SimTime?) {
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
    mutating func cloudProbe(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let result = probe(node, server: .cloud, port: Port.apiServer, countBytes: true, &cluster)
        if let applied = result.applied,
           hubs[node.index].renewsForKubelet(now: cluster.now, grace: config.kubeletHealthGracePeriod) {
            cluster.schedule(.plane(.cloudLeaseArrives(node, renewTime: cluster.now)), at: cluster.now + applied)
        }
        cluster.schedule(.plane(.cloudProbeDone(node, life: life, success: result.success)), at: cluster.now + result.elapsed)
    }

    // openyurt: coordinatorHealthChecker — the node Lease renewed in the coordinator, annotated
    // `openyurt.io/delegate-heartbeat` while this hub's cloud checker is unhealthy (getLastNodeLease).
    mutating func coordinatorProbe(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        let coordinator = coordinators[hub.pool]
        let result = probe(node, server: coordinator.host, port: Port.coordinator, countBytes: false, &cluster)
        if let applied = result.applied {
            let arrives = Event.coordinatorLeaseArrives(node, renewTime: cluster.now, delegate: !hub.cloud.healthy,
                                                        coordinatorLife: coordinator.life)
            cluster.schedule(.plane(arrives), at: cluster.now + applied)
        }
        cluster.schedule(.plane(.coordinatorProbeDone(node, life: life, success: result.success)), at: cluster.now + result.elapsed)
    }

    /// Whether a request from this hub to its coordinator gets there and back cluster.now.
    mutating func reachesCoordinator(_ node: NodeID, _ cluster: inout Shared) -> Bool {
        let hub = hubs[node.index]
        let coordinator = coordinators[hub.pool]
        guard coordinator.running else { return false }
        return exchange(node, with: coordinator.host, port: Port.coordinator, &cluster) != nil
    }

    /// A request and its reply between a hub and a server; the round trip, or nil.
    mutating func exchange(_ node: NodeID, with server: HostID, port: Int, _ cluster: inout Shared) -> SimTime? {
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
    mutating func delegateLease(of node: NodeID, renewTime: SimTime, pool: Int, _ cluster: inout Shared) {
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
}
