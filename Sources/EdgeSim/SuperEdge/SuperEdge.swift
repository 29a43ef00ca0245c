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
    /// `World.Options.edgeHealthOnDemand`: rounds replayed, votes read only what can change.
    let onDemand: Bool
    /// The nodes carrying `nodeunhealth`, in node order: the only nodes a `clear` can change.
    private var annotated: [NodeID] = []
    /// Rows interned on the on-demand path, so that equal rows share storage.
    private var rowPool = RowPool()
    /// Each label generation's check sets, shared by the nodes of a group.
    private var checkSets = CheckSets()
    /// On demand, send rounds that only refreshed stamps, not yet written into the records.
    private(set) var refreshes: RowRefreshes
    /// On demand, check and vote loops that book no events while nothing they read changes.
    private(set) var parked: ParkedLoops
    /// What the parked checks were taken against: a change of either wakes them.
    private var seenNetworkRevision = 0
    private var seenLabelGeneration = 0

    static var endpointRule: EndpointRule { .podReadyOnly }

    init(_ compiled: CompiledScenario, cluster: inout Shared) {
        config = compiled.settings.edgeHealth
        let onDemand = cluster.options.edgeHealthOnDemand
        self.onDemand = onDemand
        cluster.api.admissionPlugins.append(EdgeHealthAdmission(available: config.admissionAvailable,
                                                                alwaysReachable: config.alwaysReachable))
        refreshes = RowRefreshes(nodeCount: compiled.nodes.count)
        parked = ParkedLoops(nodeCount: compiled.nodes.count)
        agents = compiled.nodes.map {
            EdgeHealthAgent(node: $0.id, host: $0.host, nodeCount: compiled.nodes.count,
                            random: SeededRandom(seed: compiled.seed, stream: "edge-health/" + $0.name), tracksNotNormal: onDemand)
        }
    }

    mutating func start(_ cluster: inout Shared) {
        annotated = cluster.api.nodes.filter { $0.annotations[EdgeHealthSettings.annotation] != nil }.map(\.id)
        // edge-health is a DaemonSet: a node added later runs it once it joins (`nodePoweredOn`).
        for index in agents.indices where cluster.kubelets[index].joined { startLoops(NodeID(index), randomPhase: true, &cluster) }
    }

    mutating func nodePoweredOn(_ node: NodeID, _ cluster: inout Shared) {
        _ = parked.unparkCheck(node)
        _ = parked.unparkVote(node)
        agents[node.index].reset()
        refreshes.daemonReset()
        startLoops(node, randomPhase: false, &cluster)
    }

    mutating func handle(_ event: Event, _ cluster: inout Shared) {
        switch event {
        case .check(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            check(node, life: life, &cluster)
        case .checkReturns(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            if agents[node.index].commitCheck() { wakeVote(node, &cluster) }
        case .communicate(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            communicate(node, life: life, &cluster)
        case .vote(let node, let life):
            guard cluster.kubelets[node.index].life == life else { return }
            if onDemand, !agents[node.index].mayChangeAnnotation(annotated: annotated, nodes: cluster.api.nodes) {
                parked.parkVote(node, ParkedLoop(life: life, anchor: cluster.now, step: config.votePeriod))
                return
            }
            vote(node, &cluster)
            book(.vote, node, life: life, at: cluster.now + config.votePeriod, &cluster)
        case .annotationPatchArrives(let node, let unhealthy):
            guard cluster.api.isAvailable else { return }
            cluster.api.setAnnotation(node, key: EdgeHealthSettings.annotation, value: unhealthy ? "yes" : nil, now: cluster.now)
            let position = annotated.firstIndex { $0.index >= node.index } ?? annotated.endIndex
            let listed = position < annotated.endIndex && annotated[position] == node
            if unhealthy, !listed { annotated.insert(node, at: position) } else if !unhealthy, listed { annotated.remove(at: position) }
            wakeAllVotes(&cluster)
        }
    }

    /// A daemon loop's events, in the order they run among an instant's ranked events.
    enum Loop: Int {
        case check, checkReturns, communicate, vote
    }

    /// The loops' events are ranked by loop, then node (`EventQueue`): where an event of a
    /// parked loop would have run among an instant's events then follows from what it is,
    /// not from when it was booked, on both paths.
    func rank(_ loop: Loop, _ node: NodeID) -> UInt32 { UInt32(loop.rawValue * agents.count + node.index) }

    private func book(_ loop: Loop, _ node: NodeID, life: UInt32, at time: SimTime, _ cluster: inout Shared) {
        let event: Event = switch loop {
        case .check: .check(node, life: life)
        case .checkReturns: .checkReturns(node, life: life)
        case .communicate: .communicate(node, life: life)
        case .vote: .vote(node, life: life)
        }
        cluster.schedule(.plane(event), at: time, rank: rank(loop, node))
    }

    /// After every event: a network or label change ends every parked check's quiet (its
    /// memo, its check set), and a label change may change any node's annotations.
    mutating func settled(_ cluster: inout Shared) {
        guard onDemand else { return }
        if cluster.network.revision != seenNetworkRevision || cluster.api.labelGeneration != seenLabelGeneration {
            if cluster.api.labelGeneration != seenLabelGeneration { wakeAllVotes(&cluster) }
            seenNetworkRevision = cluster.network.revision
            seenLabelGeneration = cluster.api.labelGeneration
            guard parked.parkedChecks > 0 else { return }
            for index in agents.indices { wakeCheck(NodeID(index), &cluster) }
        }
    }

    /// A parked loop's next round booked: the first of its grid that would run after the
    /// event being handled. One of an earlier life is dropped.
    private mutating func wake(_ loop: Loop, _ node: NodeID, _ parkedLoop: ParkedLoop?, _ cluster: inout Shared) {
        guard let parkedLoop, parkedLoop.life == cluster.kubelets[node.index].life else { return }
        let time = parkedLoop.nextRound(now: cluster.now,
                                        runsAfterCurrent: cluster.simulation.rankedRunsAfterCurrent(rank(loop, node)))
        book(loop, node, life: parkedLoop.life, at: time, &cluster)
    }

    private mutating func wakeCheck(_ node: NodeID, _ cluster: inout Shared) { wake(.check, node, parked.unparkCheck(node), &cluster) }
    private mutating func wakeVote(_ node: NodeID, _ cluster: inout Shared) { wake(.vote, node, parked.unparkVote(node), &cluster) }

    private mutating func wakeAllVotes(_ cluster: inout Shared) {
        guard parked.parkedVotes > 0 else { return }
        for index in agents.indices { wakeVote(NodeID(index), &cluster) }
    }

    /// The three loops start with their own random phases (each is a `wait.Until`); after a boot
    /// they start at once, with empty memory.
    private mutating func startLoops(_ node: NodeID, randomPhase: Bool, _ cluster: inout Shared) {
        let life = cluster.kubelets[node.index].life
        func phase(_ period: SimTime) -> SimTime {
            randomPhase ? agents[node.index].random.duration(upTo: period - .microseconds(1)) : .zero
        }
        // Drawn before booking: a draw inside `book`'s arguments copied every agent.
        let check = phase(config.checkPeriod), communicate = phase(config.communicatePeriod), vote = phase(config.votePeriod)
        book(.check, node, life: life, at: cluster.now + check, &cluster)
        book(.communicate, node, life: life, at: cluster.now + communicate, &cluster)
        book(.vote, node, life: life, at: cluster.now + vote, &cluster)
    }

    // superedge: check.Check — every target probed in parallel, up to `retrytime` attempts each;
    // the round returns when its slowest probe does (3 × 5 s for a dead peer), and the next one
    // starts a period later (wait.Until is sliding).
    private mutating func check(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let generation = cluster.api.labelGeneration
        if agents[node.index].checkSetGeneration != generation {
            let set = checkSets.of(node, nodes: cluster.api.nodes, labelGeneration: generation, settings: config)
            agents[node.index].refreshCheckSet(labelGeneration: generation, set)
            wakeVote(node, &cluster)
        }
        let outcome: ProbeOutcome
        if let replayed = replay(agents[node.index].probeMemo, node, &cluster) {
            outcome = replayed
        } else {
            let start = RoundStart(agents[node.index], cluster.network)
            let sent = probe(node, &cluster)
            outcome = onDemand ? ProbeOutcome(row: rowPool.intern(sent.row), slowest: sent.slowest) : sent
            if onDemand { agents[node.index].probeMemo = start.memo(outcome, agents[node.index], cluster.network) }
        }
        agents[node.index].pendingRow = outcome.row
        // The next round is booked now, when the round starts, on both paths: an event booked
        // when the round returns would take its place among simultaneous events by when it was
        // booked, and a round that found the row the node already holds returns to nothing
        // (its commit keeps the row: `commitCheck`), so on demand it is not an event at all.
        // Booked at the return, a power-on's loops, which start on the same instant, ran in a
        // different order on the two paths (`EdgeHealthEquivalenceTests.pendingRefreshes`).
        let unchanged = onDemand && outcome.row.sameContent(as: agents[node.index].ownRow)
        // A round that replays a memo of a round that lost nothing, and finds the row held,
        // is what every round after it will be until the network or the labels change.
        if unchanged, let memo = agents[node.index].probeMemo, memo.dropped == 0, memo.lost == 0,
           memo.stands(networkRevision: cluster.network.revision, checkSetGeneration: agents[node.index].checkSetGeneration) {
            parked.parkCheck(node, ParkedLoop(life: life, anchor: cluster.now, step: outcome.slowest + config.checkPeriod))
            return
        }
        book(.check, node, life: life, at: cluster.now + outcome.slowest + config.checkPeriod, &cluster)
        if unchanged { return }
        book(.checkReturns, node, life: life, at: cluster.now + outcome.slowest, &cluster)
    }

    /// One round of probes, sent.
    private mutating func probe(_ node: NodeID, _ cluster: inout Shared) -> ProbeOutcome {
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
        return ProbeOutcome(row: row, slowest: slowest)
    }

    // superedge: communicate.Client — the whole own row PUT to every peer on :51005, one try
    // each; the receiver stamps it with its own clock. One event per round: each peer's copy
    // is stamped with its own arrival time. On demand, a round of the version every receiver
    // it reaches already holds is kept as one pending refresh (`RowRefreshes`).
    private mutating func communicate(_ node: NodeID, life: UInt32, _ cluster: inout Shared) {
        let row = agents[node.index].ownRow
        let checkSet = agents[node.index].checkSet
        let round: SendRound
        let onlyRefreshes: Bool
        if let replayed = replay(agents[node.index].sendMemo, node, &cluster) {
            // The previous round had these delays: it reached no receiver the delivering one
            // did not, and this refresh replaces it for exactly the receivers it reached.
            if !row.targets.isEmpty, refreshes.onlyRefreshes(node, version: row.version) {
                refreshes.keep(.init(sentAt: cluster.now, version: row.version, round: replayed, checkSet: checkSet), from: node)
                book(.communicate, node, life: life, at: cluster.now + replayed.slowest + config.communicatePeriod, &cluster)
                return
            }
            round = replayed
            onlyRefreshes = false
        } else {
            let start = RoundStart(agents[node.index], cluster.network)
            round = send(node, &cluster)
            if onDemand { agents[node.index].sendMemo = start.memo(round, agents[node.index], cluster.network) }
            // A round drawn again (the network changed) that reaches no receiver the delivering
            // round did not only refreshes stamps too.
            onlyRefreshes = onDemand && !row.targets.isEmpty
                && refreshes.onlyRefreshes(node, version: row.version, reaching: round.delays, checkSet: checkSet)
        }
        if onDemand {
            // The previous refresh, for the receivers this round does not overwrite.
            writeOut(refreshes.takePending(node), from: node, except: round, checkSet: checkSet)
            if onlyRefreshes {
                refreshes.keep(.init(sentAt: cluster.now, version: row.version, round: round, checkSet: checkSet), from: node)
                book(.communicate, node, life: life, at: cluster.now + round.slowest + config.communicatePeriod, &cluster)
                return
            }
            if !row.targets.isEmpty { refreshes.delivered(node, version: row.version, round: round, checkSet: checkSet) }
        }
        if !row.targets.isEmpty {
            for (position, peer) in checkSet.enumerated() where round.delays[position] >= 0 {
                if agents[peer.index].receive(row, from: node, at: cluster.now + .microseconds(round.delays[position])) {
                    wakeVote(peer, &cluster)
                }
            }
        }
        let slowest = row.targets.isEmpty ? SimTime.zero : round.slowest
        book(.communicate, node, life: life, at: cluster.now + slowest + config.communicatePeriod, &cluster)
    }

    /// One round of row PUTs, sent, to every member of the check set but the sender.
    private mutating func send(_ node: NodeID, _ cluster: inout Shared) -> SendRound {
        let host = agents[node.index].host
        var delays: [Int64] = []
        delays.reserveCapacity(agents[node.index].checkSet.count)
        var slowest = SimTime.zero
        for peer in agents[node.index].checkSet {
            guard peer != node else { delays.append(-1); continue }
            let peerHost = cluster.kubelets[peer.index].host
            let delay = cluster.network.transmit(client: host, server: peerHost, port: Port.edgeHealth, from: host, to: peerHost,
                                                 random: &agents[node.index].random)
            delays.append(delay?.microseconds ?? -1)
            slowest = max(slowest, delay.map { $0 + $0 } ?? config.communicateTimeout)
        }
        return SendRound(delays: delays, slowest: slowest)
    }

    /// A pending refresh written into the records of the receivers it reached, but for those
    /// `next`, a round over the same check set, reaches: that round writes their records whole.
    private mutating func writeOut(_ refresh: RowRefreshes.Refresh?, from sender: NodeID, except next: SendRound, checkSet: [NodeID]) {
        guard let refresh else { return }
        let sameSet = refresh.checkSet == checkSet
        for (position, receiver) in refresh.checkSet.enumerated() where refresh.round.delays[position] >= 0 {
            if sameSet && next.delays[position] >= 0 { continue }
            agents[receiver.index].refresh(from: sender, version: refresh.version,
                                           stamp: refresh.sentAt + .microseconds(refresh.round.delays[position]))
        }
    }

    /// Every pending refresh that reached `receiver` written into its records, before a vote
    /// counts them.
    private mutating func bringUpToDate(_ receiver: NodeID) {
        guard refreshes.pendingCount > 0 else { return }
        for sender in agents[receiver.index].peers.senders {
            guard let refresh = refreshes.pending(sender), let stamp = refresh.stamp(at: receiver) else { continue }
            agents[receiver.index].refresh(from: NodeID(sender), version: refresh.version, stamp: stamp)
        }
    }

    /// A round's memo, if on demand and still standing: its messages are counted as sent.
    private func replay<Outcome>(_ memo: MessageRound<Outcome>?, _ node: NodeID, _ cluster: inout Shared) -> Outcome? {
        guard onDemand, let memo,
              memo.stands(networkRevision: cluster.network.revision, checkSetGeneration: agents[node.index].checkSetGeneration) else { return nil }
        cluster.network.countUnsent(dropped: memo.dropped, lost: memo.lost)
        return memo.outcome
    }

    // superedge: vote.Vote — every node that reaches a threshold patches the annotation itself,
    // through its own path to the API server; a node cut from the cloud writes nothing.
    private mutating func vote(_ node: NodeID, _ cluster: inout Shared) {
        let host = agents[node.index].host
        if onDemand { bringUpToDate(node) }
        let verdicts = onDemand ? agents[node.index].voteOnDemand(now: cluster.now, settings: config, annotated: annotated)
                                : agents[node.index].vote(now: cluster.now, settings: config)
        for verdict in verdicts {
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
