/// The kubelets in the run: their loops' events carried out on the network model, and the
/// lease renewals worked out on demand (the lease oracle seam: `LeaseRenewalStream`).
extension Cluster {
    /// Schedules a kubelet's loops: with a random phase at the start of the run, at once after
    /// a boot.
    mutating func startKubelet(_ node: NodeID, randomPhase: Bool) {
        let life = kubelets[node.index].life
        let start = kubelets[node.index].startLoops(now: now, randomPhase: randomPhase, settings: settings.kubelet)
        if !renewsOnDemand {
            scheduleKubelet(.kubeletLeaseTick(node, life: life), at: start.lease, .leaseTick, node)
        } else if !randomPhase {
            // A boot; at the start of the run the streams are built once every kubelet started.
            api.restartRenewals(node, at: start.lease, life: life, route: sharedRenewalRoute(node))
        }
        if lazyStatus { _ = kubelets[node.index].claimStatusTick(at: start.status) }
        scheduleKubelet(.kubeletStatusTick(node, life: life), at: start.status, .statusTick, node, late: statusSyncsLate)
    }

    /// A status tick: what the kubelet decided, nil for a previous life's tick. The run sends
    /// the sync (`sendStatusSync`, or the control plane's agent carries it), then books the
    /// next tick (`bookStatusTick`).
    mutating func kubeletStatusTick(_ node: NodeID, life: UInt32) -> Kubelet.StatusTick? {
        guard kubelets[node.index].life == life else { return nil }
        return kubelets[node.index].statusTick(now: now, settings: settings.kubelet, lazy: lazyStatus,
                                               everyPeriod: syncsEveryPeriod, api: api)
    }

    mutating func bookStatusTick(_ node: NodeID, life: UInt32, _ tick: Kubelet.StatusTick) {
        if let next = tick.next { scheduleKubelet(.kubeletStatusTick(node, life: life), at: next, .statusTick, node, late: statusSyncsLate) }
    }

    /// An API change about a node reaches its kubelet's informer.
    mutating func wakeKubelet(_ node: NodeID) {
        endStatusChain(node, before: now)
        guard lazyStatus, let tick = kubelets[node.index].wake(now: now, settings: settings.kubelet, includingNow: settlingAFault)
        else { return }
        scheduleKubelet(.kubeletStatusTick(node, life: kubelets[node.index].life), at: tick, .statusTick, node, late: statusSyncsLate)
    }

    /// A kubelet status sync over the node's connection to the API server.
    mutating func sendStatusSync(from node: NodeID) {
        let host = kubelets[node.index].host
        guard let delay = network.transmit(client: host, server: .cloud, port: Port.apiServer, from: host, to: .cloud,
                                           random: &kubelets[node.index].statusRandom) else { return }
        deliverStatusSync(from: node, at: now + delay)
    }

    /// A status sync of the kubelet's current life reaches the API server at `time`, however
    /// it travelled.
    mutating func deliverStatusSync(from node: NodeID, at time: SimTime) {
        scheduleKubelet(.kubeletRequestArrives(node, .syncStatus, life: kubelets[node.index].life), at: time, .statusArrives, node, late: statusSyncsLate)
    }

    /// A status sync reached the API server; whether the kubelet took the reply. The reply
    /// carries the node's pods back; a rebooted or powered-off kubelet never sees it.
    mutating func statusSyncArrives(_ node: NodeID, life: UInt32) -> Bool {
        guard api.isAvailable, kubelets[node.index].life == life, kubelets[node.index].powered else { return false }
        // k8s: kubelet syncNodeStatus → registerWithAPIServer, retried at every sync until the
        // API server takes it (upstream backs off from 100 ms to 7 s; here the next status tick).
        // An object already there (not deleted) counts as registered, as AlreadyExists does.
        if !kubelets[node.index].registrationCompleted {
            api.registerNode(node, template: compiled.nodes[node.index], now: now)
            kubelets[node.index].registrationCompleted = true
        }
        let restarted = kubelets[node.index].completeStatusSync(now: now, settings: settings.kubelet, api: &api)
        for pod in restarted { record(TimelineEvent(time: now, kind: .podRestarted, node: node, pod: pod)) }
        return true
    }

    // MARK: - Lease renewals

    /// A lease tick as an event (the straightforward path): the renewal goes on the node's
    /// route to the API server, with the same draws as a renewal worked out on demand.
    mutating func sendLeaseRenewal(_ node: NodeID) {
        let kubelet = kubelets[node.index]
        guard let route = renewalRoute(node) else {
            leaseRenewalsDropped += 1
            return
        }
        let index = kubelet.leaseRenewalIndex(at: now, settings: settings.kubelet)
        guard let delay = route.delay(of: LeaseRenewalStream.counter(life: kubelet.life, index: index), kubelet.leaseRandom) else {
            leaseRenewalsLost += 1
            return
        }
        // Late, like a renewal worked out on demand: a pass at the instant it lands misses it.
        scheduleKubelet(.kubeletRequestArrives(node, .renewLease(now), life: kubelet.life), at: now + delay, .leaseArrives, node)
    }

    /// The lease controller's request as an event (renewals that slide, the straightforward
    /// path): it goes on the node's route now, with the draws the lease oracle takes for it; a
    /// PUT that gets there lands as a renewal, and the kubelet hears back (or gives up) later.
    mutating func sendLeaseRequest(_ node: NodeID) {
        let kubelet = kubelets[node.index], request = kubelet.leaseLoop
        let exchange = request.exchange(on: renewalRoute(node), life: kubelet.life, random: kubelet.leaseRandom,
                                        timing: KubeletLeaseLoop.Timing(settings.kubelet))
        if exchange.refused { leaseRenewalsDropped += 1 }
        if exchange.lost { leaseRenewalsLost += 1 }
        if let arrival = exchange.arrival {
            scheduleKubelet(.kubeletRequestArrives(node, .renewLease(now), life: kubelet.life), at: arrival, .leaseArrives, node)
        }
        kubelets[node.index].leaseExchange = exchange
        scheduleKubelet(.kubeletLeaseReturns(node, life: kubelet.life), at: exchange.returned, .leaseReturns, node)
    }

    /// The kubelet's lease request returned or timed out: the controller's next request is
    /// booked. An API server that went down while the kubelet waited never answered.
    mutating func leaseRequestReturns(_ node: NodeID) {
        let kubelet = kubelets[node.index], request = kubelet.leaseLoop
        guard let exchange = kubelet.leaseExchange else { return }
        let interrupted = controllerManager.apiServerLastDown.map { $0 > request.sent } ?? false
        let next = request.next(after: exchange, interrupted: interrupted, life: kubelet.life, random: kubelet.leaseRandom,
                                timing: KubeletLeaseLoop.Timing(settings.kubelet))
        kubelets[node.index].leaseLoop = next
        kubelets[node.index].leaseExchange = nil
        scheduleKubelet(.kubeletLeaseTick(node, life: kubelet.life), at: next.sent, .leaseTick, node)
    }

    /// A control plane answered the kubelet's lease PUT on the node at once (YurtHub, edged's
    /// bridge): the next sync goes one jittered interval later. (Simplified: such a local
    /// answer never fails, so the retry path is not taken.)
    mutating func leaseAnsweredLocally(_ node: NodeID) {
        let kubelet = kubelets[node.index]
        let next = kubelet.leaseLoop.nextSync(after: now, life: kubelet.life, random: kubelet.leaseRandom,
                                              timing: KubeletLeaseLoop.Timing(settings.kubelet))
        kubelets[node.index].leaseLoop = next
        scheduleKubelet(.kubeletLeaseTick(node, life: kubelet.life), at: next.sent, .leaseTick, node)
    }

    /// A renewal sent as an event reaches the API server.
    mutating func leaseRenewalArrives(_ node: NodeID, renewTime: SimTime) {
        guard api.isAvailable else { return }
        // The connection it went over died with the API server.
        if let down = controllerManager.apiServerLastDown, down > renewTime { return }
        api.renewLease(node, at: renewTime, arrivedAt: now)
    }

    /// The route of a node's lease renewals to the API server now.
    private func renewalRoute(_ node: NodeID) -> RouteProfile? {
        network.route(client: kubelets[node.index].host, server: .cloud, port: Port.apiServer)
    }

    /// The same, for a renewal stream to keep.
    mutating func sharedRenewalRoute(_ node: NodeID) -> RouteProfile? { sharedRoute(renewalRoute(node)) }

    /// Equal routes share one array: 10,000 streams holding 10,000 equal copies cost 100 bytes
    /// a node.
    mutating func sharedRoute(_ route: RouteProfile?) -> RouteProfile? {
        route.map { renewalRoutes.insert($0).memberAfterInsert }
    }

    /// The network just changed where `scope` says (the fault vocabulary's `reroutes`):
    /// renewals sent from now on take the new routes. A link change concerns only the nodes
    /// routed over it.
    mutating func rerouteRenewals(_ scope: CompiledScenario.Reroute) {
        guard renewsOnDemand else { return }
        let nodes: [NodeID]
        switch scope {
        case .none: return
        case .everyone: nodes = kubelets.map(\.node)
        case .over(let link):
            if nodesRoutedOver == nil {
                nodesRoutedOver = ClientsByLink(topology: network.topology, clients: kubelets.map(\.host), server: .cloud)
            }
            nodes = nodesRoutedOver![link].map { NodeID(Int($0)) }
        }
        let routes = network.routes(clients: nodes.map { kubelets[$0.index].host }, server: .cloud, port: Port.apiServer)
        for (node, route) in zip(nodes, routes) where kubelets[node.index].powered && api.renewalRoute(node) != route {
            api.rerouteRenewals(node, sharedRoute(route), at: now)
            // Its quiet-node deadline assumed the old route's renewals.
            nodeLifecycle.nodeChanged(node, now: now, api: &api)
        }
    }
}
