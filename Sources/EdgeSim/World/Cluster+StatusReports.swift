/// Steady kubelets' status reports worked out on demand (the heartbeat oracle seam:
/// `StatusReportChain`). A kubelet whose only sync is the periodic report hands its reports to
/// a chain at that tick; anything that could change what a report does — an API change about
/// the node or its pods (which wakes the kubelet), any fault, the end of a run — ends the chain
/// and gives the event path the report in flight and the next tick, as it would have had them.
extension Cluster {
    /// The status tick being handled has a report to send and nothing else: the chain sends
    /// it, and the ones after. Returns false (nothing done) when reports must stay events.
    mutating func startStatusChain(_ node: NodeID) -> Bool {
        guard reportsOnDemand, api.isAvailable, kubelets[node.index].onlyReportsStatus(api: api),
              let route = network.route(client: kubelets[node.index].host, server: .cloud, port: Port.apiServer),
              StatusReportChain.carries(route, period: settings.kubelet.statusUpdateFrequency) else { return false }
        let kubelet = kubelets[node.index]
        var chain = StatusReportChain(node: node, random: kubelet.statusRandom, route: sharedRoute(route) ?? route, settings: settings.kubelet,
                                      origin: kubelet.statusOrigin, tick: now, lastReport: kubelet.lastStatusReport)
        // The report due now goes now, as the tick's send would.
        _ = chain.advance(before: now + .microseconds(1))
        api.startStatusChain(node, chain)
        // No tick is booked while the chain runs: a wake ends the chain first.
        kubelets[node.index].statusScheduled = nil
        return true
    }

    /// Ends the kubelet's chain, if any, at `time`: what it worked out before then is the
    /// kubelet's (its stream, its last report, the lost reports); the report in flight and the
    /// next tick become events.
    mutating func endStatusChain(_ node: NodeID, before time: SimTime) {
        guard let chain = api.endStatusChain(node, before: time) else { return }
        kubelets[node.index].statusRandom = chain.random
        kubelets[node.index].lastStatusReport = chain.lastReport
        network.countUnsent(dropped: 0, lost: chain.lost)
        let life = kubelets[node.index].life, pending = chain.pending(at: time)
        if let arrival = pending.arrival { deliverStatusSync(from: node, at: arrival) }
        _ = kubelets[node.index].claimStatusTick(at: pending.tick)
        scheduleKubelet(.kubeletStatusTick(node, life: life), at: pending.tick, .statusTick, node, late: statusSyncsLate)
    }

    /// Ends every chain: before a fault changes the world under them, and when the run stops
    /// (`time` just past its end, so that everything at the end itself is worked out).
    mutating func endStatusChains(before time: SimTime) {
        // In node order, not the chains' own (which follows when each started): the order
        // the ends draw and book in is then the same on every run.
        guard !api.statusChains.isEmpty else { return }
        for index in api.statusChainSlot.indices where api.statusChainSlot[index] >= 0 { endStatusChain(NodeID(index), before: time) }
    }
}

extension Kubelet {
    /// Whether the sync due now would only post the periodic report: the API holds the Ready
    /// status this kubelet computes (True), and every pod bound here runs, is Running and Ready.
    /// Such a post changes nothing but the heartbeat (`completeStatusSync`).
    func onlyReportsStatus(api: borrowing APIServer) -> Bool {
        guard powered, processRunning, registrationCompleted, computedReady == .true,
              api.nodes[node.index].registered, api.nodes[node.index].ready == .true else { return false }
        for id in api.podsOnNode[node.index] {
            let pod = api.pods[id.index]
            if !pod.isActive || !pod.ready || !pod.running || !running.contains(id) { return false }
        }
        return !running.contains { api.pods[$0.index].deleted }
    }
}
