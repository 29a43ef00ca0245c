/// EdgeHub on one edge node: edgecore's end of the WebSocket to CloudHub (port 10000), through
/// which edged's lease and status reach the cloud. What it believes (`connect.IsConnected`) can
/// differ from what the network lets through: a silent drop leaves it connected to nothing
/// (half-open) until its keepalive fails.
public struct EdgeHub: Sendable {
    public enum State: Sendable, Equatable {
        /// `IsConnected` true: requests go to the cloud (and wait when nothing answers).
        case connected
        /// Between dials: requests fail at once ("not connected").
        case reconnecting
        /// The node is off.
        case off
    }

    public let node: NodeID
    public let host: HostID
    public private(set) var state = State.connected
    /// Bumped at every change of state, so the previous state's timers are skipped.
    public private(set) var generation: UInt32 = 0
    /// The cloud session this connection is (`CloudHub.session`), while connected.
    public private(set) var session: UInt32 = 0
    /// When the connection came up.
    public private(set) var connectedAt = SimTime.zero
    /// The first keepalive that went unanswered on this connection, if any since the last
    /// answered one.
    public private(set) var silentSince: SimTime?
    /// Messages sent before this instant wait behind the reconnect backlog (`MessageDrain`).
    public internal(set) var drainedAt = SimTime.zero
    /// The edged lease loop is blocked in a request that waits for an answer until then
    /// (metaclient `SendSync`, up to the remote query timeout).
    public internal(set) var leaseBlockedUntil = SimTime.zero
    /// Whether a refusal was recorded since the connection broke (one line per outage).
    var refusalRecorded = false
    public var loop = ReconnectLoop()
    /// EdgeHub's own bucket on the way to the cloud (edgecore messageQPS, messageBurst).
    public var bucket: MessageDrain
    public var random: SeededRandom

    public init(node: NodeID, host: HostID, settings: KubeEdgeSettings, random: SeededRandom) {
        self.node = node; self.host = host; self.random = random
        bucket = MessageDrain(qps: settings.messageQPS, burst: settings.messageBurst)
    }

    /// What one keepalive found.
    public enum KeepaliveOutcome: Sendable, Equatable {
        /// CloudHub got it.
        case answered
        /// It went nowhere; EdgeHub does not know yet. Check again at `next`.
        case unanswered(next: SimTime)
        /// EdgeHub gives up on the connection.
        case broken
    }

    // kubeedge: edgehub.(*EdgeHub).keepalive — a ping every Heartbeat; only a write error sends
    // it to reconnectChan. A silently dropped connection takes no error until the kernel gives
    // up (`halfOpenDetection`).
    /// A keepalive at `now`: `delivered` when the path is open and CloudHub still holds the
    /// session.
    public mutating func keepalive(now: SimTime, delivered: Bool, settings: KubeEdgeSettings) -> KeepaliveOutcome {
        if delivered {
            silentSince = nil
            return .answered
        }
        let since = silentSince ?? now
        silentSince = since
        let deadline = since + settings.halfOpenDetection
        if now >= deadline { return .broken }
        return .unanswered(next: min(now + settings.heartbeat, deadline))
    }

    /// The connection is up as cloud session `session`.
    public mutating func connect(session: UInt32, now: SimTime) {
        state = .connected
        generation &+= 1
        self.session = session
        connectedAt = now
        silentSince = nil
        refusalRecorded = false
        leaseBlockedUntil = now
        loop.connected()
    }

    /// EdgeHub gave up on the connection (or edgecore restarts): requests fail at once until
    /// it dials again.
    public mutating func disconnect(now: SimTime) {
        if state == .connected { loop.ended(after: now - connectedAt) }
        state = .reconnecting
        generation &+= 1
        silentSince = nil
        leaseBlockedUntil = now
    }

    /// How long until the reconnect loop's first dial (`ReconnectLoop.broke`).
    mutating func reconnectWait(version: KubeEdgeSettings.Version, heartbeat: SimTime, starting: Bool) -> SimTime {
        loop.broke(version: version, heartbeat: heartbeat, starting: starting, random: &random)
    }

    /// How long after a failed dial the next one starts (`ReconnectLoop.dialFailed`).
    mutating func dialFailed(version: KubeEdgeSettings.Version, heartbeat: SimTime) -> SimTime {
        loop.dialFailed(version: version, heartbeat: heartbeat, random: &random)
    }

    /// Power loss: nothing in memory survives.
    public mutating func powerOff() {
        state = .off
        generation &+= 1
        silentSince = nil
        loop = ReconnectLoop()
    }
}
