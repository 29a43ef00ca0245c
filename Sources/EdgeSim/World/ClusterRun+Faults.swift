/// Each fault verb's apply and undo, in one place: the shared model's part (`Cluster+Faults`)
/// and the control plane's hook where the verb concerns it. Then renewals are rerouted where
/// the verb can have changed routes (the vocabulary's `reroutes`, `FaultVerb.swift`).
extension ClusterRun {
    mutating func startFault(_ index: Int) {
        let action = cluster.compiled.faults[index].action
        // An undoing verb (`heal`, `power-on`, ...) ends a fault in the timeline.
        cluster.recordFault(index, action.verb.isUndo ? .end : .start)
        defer { cluster.api.causes.context = .none }
        // kubectl and the CNI write through the API server: while it is down the write fails.
        if action.writesThroughAPIServer && !cluster.api.isAvailable { return }
        switch action {
        case .cut(let link): cluster.network.cut(link)
        case .heal(let link): cluster.network.heal(link)
        case .drop(let rule): cluster.network.addDrop(rule, owner: index)
        case .undrop(let rule): cluster.network.removeDrop(rule)
        case .loss(let link, let ppm): cluster.network.setLoss(link, ppm: ppm, owner: index)
        case .latency(let link, let latency, let jitter): cluster.network.setLatency(link, latency: latency, jitter: jitter, owner: index)
        case .flap: cluster.startFlapping(index)
        case .partition(let partition): cluster.network.partition(partition, owner: index)
        case .label(let node, let key, let value): cluster.api.setLabel(node, key: key, value: value)
        case .powerOff(let node): powerOff(node)
        case .powerOn(let node): powerOn(node)
        case .apiServerDown: cluster.apiServerDown()
        case .apiServerUp: cluster.apiServerUp()
        case .coordinatorPower(let host, let on): setDedicatedHostPower(host, on: on)
        case .restartEdge(let nodes): plane.edgeRestarted(nodes, &cluster)
        case .taint(let node, let taint): cluster.api.addTaint(node, taint, now: cluster.now)
        case .untaint(let node, let taint): cluster.api.removeTaint(node, taint, now: cluster.now)
        case .cordon(let node): cluster.api.setUnschedulable(node, true)
        case .uncordon(let node): cluster.api.setUnschedulable(node, false)
        case .drain(let node): cluster.drain(node)
        case .kubelet(let node, let running): _ = running ? cluster.startKubeletProcess(node) : cluster.stopKubeletProcess(node)
        case .reportsReady(let node, let ready): cluster.setComputedReady(node, ready)
        case .networkUnavailable(let node, let unavailable): cluster.api.setNetworkUnavailable(node, unavailable)
        case .addNode(let node): addNode(node)
        case .deleteNode(let node): cluster.deleteNode(node)
        }
        cluster.rerouteRenewals(action.reroutes)
    }

    /// The end of a ranged fault (`at A..B`): its undo.
    mutating func endFault(_ index: Int) {
        cluster.recordFault(index, .end)
        defer { cluster.api.causes.context = .none }
        let action = cluster.compiled.faults[index].action
        if action.writesThroughAPIServer && !cluster.api.isAvailable { return }
        switch action {
        case .cut(let link): cluster.network.heal(link)
        case .drop: cluster.network.removeDrop(owner: index)
        case .loss(let link, _): cluster.network.clearLoss(link, owner: index)
        case .latency(let link, _, _): cluster.network.clearLatency(link, owner: index)
        case .flap(let link, _, _): cluster.stopFlapping(index, link: link)
        case .partition: cluster.network.repair(owner: index)
        case .powerOff(let node): powerOn(node)
        case .apiServerDown: cluster.apiServerUp()
        case .coordinatorPower(let host, let on): if !on { setDedicatedHostPower(host, on: true) }
        case .taint(let node, let taint): cluster.api.removeTaint(node, taint, now: cluster.now)
        case .cordon(let node), .drain(let node): cluster.api.setUnschedulable(node, false)
        case .kubelet(let node, let running): if !running { _ = cluster.startKubeletProcess(node) }
        case .reportsReady(let node, let ready): if !ready { cluster.setComputedReady(node, true) }
        case .networkUnavailable(let node, let unavailable): if unavailable { cluster.api.setNetworkUnavailable(node, false) }
        case .deleteNode(let node): addNode(node)
        case .heal, .undrop, .powerOn, .apiServerUp, .label, .restartEdge, .untaint, .uncordon, .addNode: break
        }
        cluster.rerouteRenewals(action.reroutes)
    }

    private mutating func powerOff(_ node: NodeID) {
        if cluster.powerOff(node) { plane.nodePoweredOff(node, &cluster) }
    }

    private mutating func powerOn(_ node: NodeID) {
        // A node not joined yet boots with none of the control plane's agents.
        if cluster.powerOn(node) && cluster.kubelets[node.index].joined { plane.nodePoweredOn(node, &cluster) }
    }

    /// A node joins: the control plane's node agents start with its kubelet, as at a boot.
    private mutating func addNode(_ node: NodeID) {
        if cluster.addNode(node) { plane.nodePoweredOn(node, &cluster) }
    }

    /// A host that runs no node (a dedicated coordinator).
    private mutating func setDedicatedHostPower(_ host: HostID, on: Bool) {
        cluster.network.setPowered(host, on)
        plane.dedicatedHostPowered(host, on: on, &cluster)
    }
}
