/// KubeEdge's knobs, named after the edgecore and cloudcore config fields they stand for
/// (defaults from kubeedge/api componentconfig edgecore/v1alpha2 and cloudcore/v1alpha1,
/// master 16cd854; see shared/reference/kubeedge.md).
public struct KubeEdgeSettings: Sendable, Equatable {
    /// Which EdgeHub reconnect loop runs (setting `kubeedge-version`).
    public enum Version: String, Sendable, Equatable, CaseIterable {
        /// v1.23.1 and master 16cd854: after a break wait 2 × heartbeat, then
        /// `WebSocketClient.Init`'s 5 dials 5 s apart, again and again.
        case v1_23 = "1.23"
        /// kubeedge PR #6967 (not released as of master 16cd854): exponential backoff from 2 s
        /// doubling to 30 s with jitter 0.2, reset after 30 s connected.
        case pr6967 = "pr-6967"
    }

    public var version = Version.v1_23
    /// edgecore `modules.edgeHub.heartbeat`: the keepalive period (15 s).
    public var heartbeat = SimTime.seconds(15)
    /// edgecore `modules.edgeHub.websocket.handshakeTimeout`: how long a dial that gets no
    /// answer hangs (30 s).
    public var handshakeTimeout = SimTime.seconds(30)
    /// edgecore `modules.edgeHub.messageQPS` / `messageBurst`: EdgeHub's token bucket on the
    /// way to the cloud (30/s, burst 60).
    public var messageQPS: Int64 = 30
    public var messageBurst: Int64 = 60
    /// edgecore `modules.metaManager.remoteQueryTimeout`: how long a request waits for the
    /// cloud's answer while EdgeHub believes it is connected (60 s).
    public var remoteQueryTimeout = SimTime.seconds(60)
    /// Not an upstream field: how long EdgeHub takes to notice that its WebSocket died without a
    /// reset (a silent drop: DROP rule, cut link, partition), counted from the first keepalive
    /// that went unanswered. `wsclient.Receive` reads without a deadline, so only the kernel's
    /// retransmission timeout ends it (Linux tcp_retries2 = 15: about 15 min); users report
    /// 10 to 20 minutes (kubeedge#4495, #6965). 0 s: noticed at that first keepalive, as a
    /// reset or a read deadline (open PR #7161) would.
    public var halfOpenDetection = SimTime.minutes(15)
    /// cloudcore `modules.cloudHub.keepaliveInterval`: a session with no keepalive for this long
    /// is terminated (30 s).
    public var keepaliveInterval = SimTime.seconds(30)
    /// cloudcore `modules.cloudHub.nodeLimit`: sessions one CloudCore serves; dials beyond are
    /// refused (500).
    public var nodeLimit = 500
    /// cloudcore `kubeAPIConfig.qps` / `burst`: the client edgecontroller writes to the API
    /// server with (5 × and 10 × the default node limit: 2500/s, burst 5000).
    public var kubeAPIQPS: Int64 = 2500
    public var kubeAPIBurst: Int64 = 5000

    public init() {}
}
