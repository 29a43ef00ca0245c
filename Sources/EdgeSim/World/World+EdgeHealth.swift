/// SuperEdge edge-health in the world: probes, row exchange and votes travel the network model,
/// so a DROP on 6443 leaves peer traffic alone and a DROP on 51005 leaves the API server.
extension World {
    /// The three loops start with their own random phases (each is a `wait.Until`); after a boot
    /// they start at once, with empty memory.
    func startEdgeHealth(_ node: NodeID, randomPhase: Bool) {
        let life = kubelets[node.index].life
        let config = settings.edgeHealth
        func phase(_ period: SimTime) -> SimTime {
            randomPhase ? edgeHealth[node.index].random.duration(upTo: period - .microseconds(1)) : .zero
        }
        push(.edgeHealthCheck(node, life: life), at: now + phase(config.checkPeriod))
        push(.edgeHealthCommunicate(node, life: life), at: now + phase(config.communicatePeriod))
        push(.edgeHealthVote(node, life: life), at: now + phase(config.votePeriod))
    }

    // superedge: check.Check — every target probed in parallel, up to `retrytime` attempts each;
    // the round returns when its slowest probe does (3 × 5 s for a dead peer), and the next one
    // starts a period later (wait.Until is sliding).
    func edgeHealthCheck(_ node: NodeID, life: UInt32) {
        let config = settings.edgeHealth
        edgeHealth[node.index].refreshCheckSet(nodes: api.nodes, labelGeneration: api.labelGeneration, settings: config)
        let host = edgeHealth[node.index].host
        var row = HealthRow(targets: [], normal: [])
        var slowest = SimTime.zero
        for target in edgeHealth[node.index].checkSet {
            var normal = target == node
            var spent = SimTime.zero
            if !normal {
                for _ in 0..<config.probeRetries {
                    let targetHost = kubelets[target.index].host
                    if let delay = network.transmit(client: host, server: targetHost, port: Port.kubelet, from: host, to: targetHost,
                                                    random: &edgeHealth[node.index].random) {
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
        edgeHealth[node.index].pendingRow = row
        push(.edgeHealthCheckReturns(node, life: life), at: now + slowest)
    }

    // superedge: communicate.Client — the whole own row PUT to every peer on :51005, one try
    // each; the receiver stamps it with its own clock. One event per round: each peer's copy
    // is stamped with its own arrival time.
    func edgeHealthCommunicate(_ node: NodeID, life: UInt32) {
        let config = settings.edgeHealth
        let host = edgeHealth[node.index].host
        let row = edgeHealth[node.index].ownRow
        var slowest = SimTime.zero
        for peer in edgeHealth[node.index].checkSet where peer != node {
            let peerHost = kubelets[peer.index].host
            if let delay = network.transmit(client: host, server: peerHost, port: Port.edgeHealth, from: host, to: peerHost,
                                            random: &edgeHealth[node.index].random), !row.targets.isEmpty {
                edgeHealth[peer.index].receive(row, from: node, at: now + delay)
                slowest = max(slowest, delay + delay)
            } else if row.targets.isEmpty {
                continue
            } else {
                slowest = max(slowest, config.communicateTimeout)
            }
        }
        push(.edgeHealthCommunicate(node, life: life), at: now + slowest + config.communicatePeriod)
    }

    // superedge: vote.Vote — every node that reaches a threshold patches the annotation itself,
    // through its own path to the API server; a node cut from the cloud writes nothing.
    func edgeHealthVote(_ node: NodeID) {
        let host = edgeHealth[node.index].host
        for verdict in edgeHealth[node.index].vote(now: now, settings: settings.edgeHealth) {
            let (target, unhealthy): (NodeID, Bool) = switch verdict {
            case .annotate(let t): (t, true)
            case .clear(let t): (t, false)
            }
            let annotated = api.nodes[target.index].annotations[EdgeHealthSettings.annotation] != nil
            guard annotated != unhealthy else { continue }
            guard let delay = network.transmit(client: host, server: .cloud, port: Port.apiServer, from: host, to: .cloud,
                                               random: &edgeHealth[node.index].random) else { continue }
            push(.annotationPatchArrives(target, unhealthy: unhealthy), at: now + delay)
        }
    }
}
