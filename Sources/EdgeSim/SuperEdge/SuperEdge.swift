/// SuperEdge / TKE Edge as an extension of vanilla Kubernetes: an edge-health daemon on every
/// node (probes, row exchange and votes travel the network model, so a DROP on 6443 leaves peer
/// traffic alone and a DROP on 51005 leaves the API server) and the edge-health-admission
/// webhook in the API server.
struct SuperEdge: ControlPlane {
    enum Event: Sendable {
        case check(NodeID, life: UInt32)
        case checkReturns(NodeID, life: UInt32)
        case communicate(NodeID, life: UInt32)
        case vote(NodeID, life: UInt32)
        /// A voter's annotation patch reaches the API server.
        case annotationPatchArrives(NodeID, unhealthy: Bool)
    }

    /// One daemon per node, by node index.
    private(set) var agents: [EdgeHealthAgent]
    private let config: EdgeHealthSettings

    static var endpointRule: EndpointRule { .podReadyOnly }

    init(_ compiled: CompiledScenario, cluster: inout Shared) {
        config = compiled.settings.edgeHealth
        cluster.api.admissionPlugins.append(EdgeHealthAdmission(available: config.admissionAvailable,
                                                                alwaysReachable: config.alwaysReachable))
        agents = compiled.nodes.map {
            EdgeHealthAgent(node: $0.id, host: $0.host, nodeCount: compiled.nodes.count,
                            random: SeededRandom(seed: compiled.seed, stream: "edge-health/" + $0.name))
        }
    }

    mutating func start(_ cluster: inout Shared) {
        for index in agents.indices { startLoops(NodeID(index), randomPhase: true, &cluster) }
    }

    mutating func nodePoweredOn(_ node: NodeID, _ cluster: inout Shared) {
        agents[node.index].reset()
        startLoops(node, randomPhase: false, &cluster)
    }

    mutating func handle(_ event: Event, _ cluster: inout Shared) {
        switch event {
        case .check(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            check(node, life: life, &cluster)
        case .checkReturns(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            agents[node.index].commitCheck()
            cluster.schedule(.plane(.check(node, life: life)), at: cluster.now + config.checkPeriod)
        case .communicate(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            communicate(node, life: life, &cluster)
        case .vote(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            vote(node, &cluster)
            cluster.schedule(.plane(.vote(node, life: life)), at: cluster.now + config.votePeriod)
        case .annotationPatchArrives(let node, let unhealthy):
            guard cluster.api.isAvailable else { return }
            cluster.api.setAnnotation(node, key: EdgeHealthSettings.annotation, value: unhealthy ? "yes" : nil, now: cluster.now)
        }
    }

    /// The three loops start with their own random phases (each is a `wait.Until`); after a boot
    /// they start at once, with empty memory.
    private mutating func startLoops(_ node: NodeID, randomPhase: Bool, _ cluster: inout Shared) {
        let life = cluster.kubelets[node.index].life
        func phase(_ period: SimTime) -> SimTime {
            randomPhase ? agents[node.index].random.duration(upTo: period - .microseconds(1)) : .zero
        }
        cluster.schedule(.plane(.check(node, life: life)), at: cluster.now + phase(config.checkPeriod))
        cluster.schedule(.plane(.communicate(node, life: life)), at: cluster.now + phase(config.communicatePeriod))
        cluster.schedule(.plane(.vote(node, life: life)), at: cluster.now + phase(config.votePeriod))
    }

    // superedge: check.Check — every target probed in parallel, up to `retrytime` attempts each;
    // the round returns when its slowest probe does (3 × 5 s for a dead peer), and the next one
    // starts a period later (wait.Until is sliding).
    private mutating func check(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        agents[node.index].refreshCheckSet(nodes: cluster.api.nodes, labelGeneration: cluster.api.labelGeneration, settings: config)
        let host = agents[node.index].host
        var row = HealthRow(targets: [], normal: [])
        var slowest = SimTime.zero
        for target in agents[node.index].checkSet {
            var normal = target == node
            var spent = SimTime.zero
            if !normal {
                let targetHost = cluster.kubelets[target.index].host
                for _ in 0..<config.probeRetries {
                    if let delay = cluster.network.transmit(client: host, server: targetHost, port: Port.kubelet, from: host, to: targetHost,
                                                            random: &agents[node.index].random) {
                        normal = true
                        spent += delay + delay
                        break
                    }
                    spent += config.probeTimeout
                }
            }
            row.targets.append(target)
            row.normal.append(normal)
            slowest = max(slowest, spent)
        }
        agents[node.index].pendingRow = row
        cluster.schedule(.plane(.checkReturns(node, life: life)), at: cluster.now + slowest)
    }

    // superedge: communicate.Client — the whole own row PUT to every peer on :51005, one try
    // each; the receiver stamps it with its own clock. One event per round: each peer's copy
    // is stamped with its own arrival time.
    private mutating func communicate(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let host = agents[node.index].host
        let row = agents[node.index].ownRow
        var slowest = SimTime.zero
        for peer in agents[node.index].checkSet where peer != node {
            let peerHost = cluster.kubelets[peer.index].host
            if let delay = cluster.network.transmit(client: host, server: peerHost, port: Port.edgeHealth, from: host, to: peerHost,
                                                    random: &agents[node.index].random), !row.targets.isEmpty {
                agents[peer.index].receive(row, from: node, at: cluster.now + delay)
                slowest = max(slowest, delay + delay)
            } else if row.targets.isEmpty {
                continue
            } else {
                slowest = max(slowest, config.communicateTimeout)
            }
        }
        cluster.schedule(.plane(.communicate(node, life: life)), at: cluster.now + slowest + config.communicatePeriod)
    }

    // superedge: vote.Vote — every node that reaches a threshold patches the annotation itself,
    // through its own path to the API server; a node cut from the cloud writes nothing.
    private mutating func vote(_ node: NodeID, _ cluster: inout Shared) {
        let host = agents[node.index].host
        for verdict in agents[node.index].vote(now: cluster.now, settings: config) {
            let (target, unhealthy): (NodeID, Bool) = switch verdict {
            case .annotate(let t): (t, true)
            case .clear(let t): (t, false)
            }
            let annotated = cluster.api.nodes[target.index].annotations[EdgeHealthSettings.annotation] != nil
            guard annotated != unhealthy else { continue }
            guard let delay = cluster.network.transmit(client: host, server: .cloud, port: Port.apiServer, from: host, to: .cloud,
                                                       random: &agents[node.index].random) else { continue }
            cluster.schedule(.plane(.annotationPatchArrives(target, unhealthy: unhealthy)), at: cluster.now + delay)
        }
    }
}
