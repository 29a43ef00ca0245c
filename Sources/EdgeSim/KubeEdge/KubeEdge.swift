/// KubeEdge (v1.23, master 16cd854) as an extension of vanilla Kubernetes: edged's lease and
/// status never touch kube-apiserver's 6443; they go through MetaManager and EdgeHub's
/// WebSocket to CloudHub (port 10000), and cloudcore's edgecontroller writes them to the API
/// server. Node lifecycle, taints and evictions stay stock kube-controller-manager's, driven by
/// the lease cloudcore relays: KubeEdge does not itself tell a partition from a crash.
struct KubeEdge: ControlPlane {
    enum Event: Sendable {
        /// EdgeHub's keepalive on the connection of this generation.
        case keepalive(NodeID, generation: UInt32)
        /// CloudHub's keepalive timer for a session fires.
        case keepaliveCheck(NodeID, session: UInt32)
        /// EdgeHub's reconnect loop dials CloudHub.
        case dial(NodeID, generation: UInt32)
        /// A lease update relayed by cloudcore reaches the API server.
        case leaseArrives(NodeID, renewTime: SimTime, session: UInt32)
    }

    let config: KubeEdgeSettings
    /// One hub per node, by node index.
    var hubs: [EdgeHub]
    var cloudHub: CloudHub
    /// cloudcore's API client, shared by every node's messages (kubeAPIConfig qps, burst).
    var apiClient: MessageDrain

    // kubeedge: edged MakeKubeClientBridge — LeaseBridge and NodesBridge hand the kubelet's lease
    // and node status to MetaManager instead of the API server.
    static var kubeletLeasesReachAPIServer: Bool { false }
    static var kubeletStatusReachesAPIServer: Bool { false }

    init(_ compiled: CompiledScenario, cluster: inout Shared) {
        config = compiled.settings.kubeEdge
        hubs = compiled.nodes.map {
            EdgeHub(node: $0.id, host: $0.host, settings: compiled.settings.kubeEdge,
                    random: SeededRandom(seed: compiled.seed, stream: "edgehub/" + $0.name))
        }
        cloudHub = CloudHub(nodeCount: compiled.nodes.count, nodeLimit: config.nodeLimit)
        apiClient = MessageDrain(qps: config.kubeAPIQPS, burst: config.kubeAPIBurst)
    }

    /// The run starts converged: every node that the node limit admits is connected, its
    /// keepalive at a random phase; the others dial at a random instant of the first heartbeat.
    mutating func start(_ cluster: inout Shared) {
        // edgecore is installed by `keadm join`: a node added later dials CloudHub once it joins.
        for index in hubs.indices {
            guard cluster.kubelets[index].joined else {
                hubs[index].disconnect(now: cluster.now)
                continue
            }
            let node = NodeID(index)
            let phase = hubs[index].random.duration(upTo: config.heartbeat - .microseconds(1))
            if let session = cloudHub.accept(node, now: cluster.now) {
                hubs[index].connect(session: session, now: cluster.now)
                cluster.schedule(.plane(.keepalive(node, generation: hubs[index].generation)), at: cluster.now + phase)
            } else {
                hubs[index].disconnect(now: cluster.now)
                cluster.schedule(.plane(.dial(node, generation: hubs[index].generation)), at: cluster.now + phase)
            }
        }
    }

    mutating func handle(_ event: Event, _ cluster: inout Shared) {
        switch event {
        case .keepalive(let node, let generation):
            guard hubs[node.index].generation == generation, hubs[node.index].state == .connected else { return }
            keepalive(node, &cluster)
        case .keepaliveCheck(let node, let session):
            switch cloudHub.keepaliveCheck(node, session: session, now: cluster.now, interval: config.keepaliveInterval) {
            case .stale, .terminated: break
            case .recheck(let time):
                if !answersKeepalives(node) { scheduleKeepaliveCheck(node, &cluster, at: time) }
            }
        case .dial(let node, let generation):
            guard hubs[node.index].generation == generation, hubs[node.index].state == .reconnecting else { return }
            dial(node, &cluster)
        case .leaseArrives(let node, let renewTime, let session):
            // kubeedge: edgecontroller upstream.(*UpstreamController).createOrUpdateLease.
            guard cloudHub.isOpen(node, session: session), cluster.api.isAvailable else { return }
            cluster.api.renewLease(node, at: renewTime, arrivedAt: cluster.now)
        }
    }

    // MARK: - edged's requests through EdgeHub

    // kubeedge: metamanager processUpdate / processPatch — disconnected (!connect.IsConnected())
    // a lease update fails at once; connected, it is a remote query that waits up to
    // RemoteQueryTimeout for the cloud's answer, and edged's lease loop waits with it.
    mutating func kubeletRenewedLease(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        guard hub.state == .connected, cluster.now >= hub.leaseBlockedUntil else { return }
        var random = hub.random
        defer { hubs[node.index].random = random }
        guard let arrival = sendToCloud(node, random: &random, &cluster) else {
            hubs[node.index].leaseBlockedUntil = cluster.now + config.remoteQueryTimeout
            return
        }
        cluster.schedule(.plane(.leaseArrives(node, renewTime: cluster.now, session: hub.session)), at: arrival)
    }

    // kubeedge: edged NodesBridge.Patch → metamanager processPatch → edgecontroller patchNode;
    // updateNodeStatus rewrites LastHeartbeatTime to now when older than 10 s, which the
    // kubelet's sync at its arrival does too.
    mutating func kubeletSentStatus(_ node: NodeID, _ cluster: inout Shared) {
        guard hubs[node.index].state == .connected else { return }
        var random = cluster.kubelets[node.index].statusRandom
        let arrival = sendToCloud(node, random: &random, &cluster)
        cluster.kubelets[node.index].statusRandom = random
        if let arrival { cluster.deliverStatusSync(from: node, at: arrival) }
    }

    /// One message from edged to the API server: nil when it goes nowhere (the path is closed
    /// or CloudHub no longer holds the session: a half-open connection), else when cloudcore
    /// writes it, after EdgeHub's bucket and cloudcore's API client let it through. The
    /// WebSocket is one TCP connection: a lost packet is sent again after the retransmission
    /// timeout, so loss delays a message; only a run of losses outlasts the request.
    private mutating func sendToCloud(_ node: NodeID, random: inout SeededRandom, _ cluster: inout Shared) -> SimTime? {
        let host = hubs[node.index].host
        guard cloudHub.isOpen(node, session: hubs[node.index].session) else { return nil }
        // kubeedge: edgehub.(*EdgeHub).routeToCloud → tryThrottle (messageQPS, messageBurst).
        let sent = hubs[node.index].bucket.send(1, at: cluster.now)
        var retransmit = SimTime.zero
        for _ in 0..<Self.transmissions {
            if let delay = cluster.network.transmit(client: host, server: .cloud, port: Port.cloudHub, from: host, to: .cloud,
                                                    random: &random) {
                return apiClient.send(1, at: sent + retransmit + delay)
            }
            guard cluster.network.canConnect(host, .cloud, port: Port.cloudHub) else { return nil }
            retransmit += Self.retransmissionTimeout
        }
        return nil
    }

    /// Linux's minimum retransmission timeout, and the sends of one message (so 40 % loss still
    /// delivers 99.6 % of them).
    static let retransmissionTimeout = SimTime.milliseconds(200)
    static let transmissions = 6

    // MARK: - The connection

    /// Whether the node's keepalives reach its current session now.
    func answersKeepalives(_ node: NodeID) -> Bool {
        hubs[node.index].state == .connected && hubs[node.index].silentSince == nil
    }

    private mutating func keepalive(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        let delivered = cloudHub.isOpen(node, session: hub.session)
            && cluster.network.canConnect(hub.host, .cloud, port: Port.cloudHub)
        if delivered { cloudHub.heard(node, at: cluster.now) } else { scheduleKeepaliveCheck(node, &cluster) }
        switch hubs[node.index].keepalive(now: cluster.now, delivered: delivered, settings: config) {
        case .answered:
            cluster.schedule(.plane(.keepalive(node, generation: hub.generation)), at: cluster.now + config.heartbeat)
        case .unanswered(let next):
            cluster.schedule(.plane(.keepalive(node, generation: hub.generation)), at: next)
        case .broken:
            disconnect(node, reason: "keepalive failed", &cluster)
            scheduleDial(node, starting: false, &cluster)
        }
    }

    /// CloudHub's keepalive timer for the node's session, if one is not already set.
    mutating func scheduleKeepaliveCheck(_ node: NodeID, _ cluster: inout Shared, at time: SimTime? = nil) {
        let session = cloudHub.session[node.index]
        guard cloudHub.open[node.index], !cloudHub.checkPending[node.index] else { return }
        cloudHub.checkPending[node.index] = true
        let due = time ?? (cloudHub.lastKeepalive[node.index] + config.keepaliveInterval)
        cluster.schedule(.plane(.keepaliveCheck(node, session: session)), at: max(due, cluster.now))
    }

    /// EdgeHub closes its connection; the close reaches CloudHub if the path is open, else
    /// CloudHub's keepalive check ends the session.
    mutating func disconnect(_ node: NodeID, reason: String, _ cluster: inout Shared) {
        let wasConnected = hubs[node.index].state == .connected
        hubs[node.index].disconnect(now: cluster.now)
        if wasConnected { cluster.record(TimelineEvent(time: cluster.now, kind: .edgeHubDisconnected(reason: reason), node: node)) }
        if cluster.network.canConnect(hubs[node.index].host, .cloud, port: Port.cloudHub) {
            cloudHub.close(node)
        } else {
            scheduleKeepaliveCheck(node, &cluster)
        }
    }

    /// The reconnect loop's next dial.
    mutating func scheduleDial(_ node: NodeID, starting: Bool, _ cluster: inout Shared) {
        let wait = hubs[node.index].reconnectWait(version: config.version, heartbeat: config.heartbeat, starting: starting)
        cluster.schedule(.plane(.dial(node, generation: hubs[node.index].generation)), at: cluster.now + wait)
    }

    // kubeedge: wsclient.(*WebSocketClient).Init → client.Connect with HandshakeTimeout; a dial
    // nothing answers hangs for the timeout, a refused one fails at once.
    private mutating func dial(_ node: NodeID, _ cluster: inout Shared) {
        let hub = hubs[node.index]
        var took = SimTime.zero
        if !cluster.network.canConnect(hub.host, .cloud, port: Port.cloudHub) {
            took = config.handshakeTimeout
        } else if let session = cloudHub.accept(node, now: cluster.now) {
            connected(node, session: session, &cluster)
            return
        } else if !hub.refusalRecorded {
            hubs[node.index].refusalRecorded = true
            cluster.record(TimelineEvent(time: cluster.now, kind: .cloudHubRefused, node: node))
        }
        let pause = hubs[node.index].dialFailed(version: config.version, heartbeat: config.heartbeat)
        cluster.schedule(.plane(.dial(node, generation: hub.generation)), at: cluster.now + took + pause)
    }

    // kubeedge: edgehub.(*EdgeHub).Start → pubConnectInfo(true), then routeToCloud and
    // keepalive start. What edged queued (each pod's status and the node's) goes first, through
    // EdgeHub's bucket and cloudcore's API client: a reconnect storm queues heartbeats behind it.
    private mutating func connected(_ node: NodeID, session: UInt32, _ cluster: inout Shared) {
        hubs[node.index].connect(session: session, now: cluster.now)
        cluster.record(TimelineEvent(time: cluster.now, kind: .edgeHubConnected, node: node))
        let backlog = Int64(cluster.api.podsOnNode[node.index].count) + 1
        let sent = hubs[node.index].bucket.send(backlog, at: cluster.now)
        _ = apiClient.send(backlog, at: sent)
        cluster.schedule(.plane(.keepalive(node, generation: hubs[node.index].generation)), at: cluster.now + config.heartbeat)
    }
}

extension Port {
    /// KubeEdge CloudHub's WebSocket (QUIC is 10001): every edge-cloud message.
    public static let cloudHub = 10000
}
