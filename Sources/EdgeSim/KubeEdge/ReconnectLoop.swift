/// EdgeHub's reconnect loop as a value: when it dials next, given how the last dial went. Two
/// versions (`KubeEdgeSettings.Version`).
public struct ReconnectLoop: Sendable, Equatable {
    /// Dials made in the current `WebSocketClient.Init` (1.23).
    public private(set) var dialsInRound = 0
    /// The next backoff before jitter (PR #6967).
    public private(set) var backoff = ReconnectLoop.initialBackoff

    // kubeedge: edgehub/clients/wsclient.(*WebSocketClient).Init — retryCount 5, cloudAccessSleep 5 s.
    static let dialsPerRound = 5
    static let dialPause = SimTime.seconds(5)
    // kubeedge PR #6967: 2 s doubling to 30 s, jitter 0.2, reset after 30 s connected.
    static let initialBackoff = SimTime.seconds(2)
    static let maximumBackoff = SimTime.seconds(30)
    static let stableAfter = SimTime.seconds(30)

    public init() {}

    /// The connection broke (or edgecore started, `starting`): how long until the first dial.
    public mutating func broke(version: KubeEdgeSettings.Version, heartbeat: SimTime, starting: Bool,
                               random: inout SeededRandom) -> SimTime {
        dialsInRound = 0
        switch version {
        // kubeedge: edgehub.(*EdgeHub).Start — after <-reconnectChan it sleeps
        // waitTime = 2 × Heartbeat before Init; at start it calls Init at once.
        case .v1_23: return starting ? .zero : heartbeat * 2
        case .pr6967: return starting ? .zero : nextBackoff(&random)
        }
    }

    /// A dial failed after `took` (the handshake timeout when nothing answered, about nothing
    /// when refused): how long after it the next dial starts.
    public mutating func dialFailed(version: KubeEdgeSettings.Version, heartbeat: SimTime, random: inout SeededRandom) -> SimTime {
        switch version {
        case .v1_23:
            // kubeedge: wsclient.(*WebSocketClient).Init sleeps cloudAccessSleep after every failed
            // dial, the last included; after 5 Start sleeps waitTime and calls Init again.
            dialsInRound += 1
            guard dialsInRound >= Self.dialsPerRound else { return Self.dialPause }
            dialsInRound = 0
            return Self.dialPause + heartbeat * 2
        case .pr6967:
            return nextBackoff(&random)
        }
    }

    /// A dial succeeded.
    public mutating func connected() { dialsInRound = 0 }

    /// The connection had lasted `lasted` when it broke: a stable one resets the backoff.
    public mutating func ended(after lasted: SimTime) {
        if lasted >= Self.stableAfter { backoff = Self.initialBackoff }
    }

    /// The jittered wait (±20 %), then doubles the backoff up to its cap.
    private mutating func nextBackoff(_ random: inout SeededRandom) -> SimTime {
        let base = backoff
        backoff = min(base * 2, Self.maximumBackoff)
        let fifth = SimTime(microseconds: base.microseconds / 5)
        return base - fifth + random.duration(upTo: fifth * 2)
    }
}
