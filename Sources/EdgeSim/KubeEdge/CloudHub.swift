/// CloudHub in cloudcore: one session per connected node, a keepalive check per session, and
/// the node limit.
public struct CloudHub: Sendable {
    /// Each node's current session number; 0 before any.
    public private(set) var session: [UInt32]
    public private(set) var open: [Bool]
    /// When the session last heard a keepalive.
    public private(set) var lastKeepalive: [SimTime]
    /// Whether a keepalive check is in the event queue for the node.
    var checkPending: [Bool]
    public private(set) var openCount = 0
    public let nodeLimit: Int
    /// Sessions refused for the node limit, for the summary.
    public private(set) var refusals = 0

    public init(nodeCount: Int, nodeLimit: Int) {
        session = Array(repeating: 0, count: nodeCount)
        open = Array(repeating: false, count: nodeCount)
        lastKeepalive = Array(repeating: .zero, count: nodeCount)
        checkPending = Array(repeating: false, count: nodeCount)
        self.nodeLimit = nodeLimit
    }

    public func isOpen(_ node: NodeID, session id: UInt32) -> Bool { open[node.index] && session[node.index] == id }

    // kubeedge: cloudhub/handler.(*messageHandler).HandleConnection — ReachLimit() refuses the
    // node; session.(*Manager).ReachLimit counts the sessions served.
    /// A dial reached CloudHub: the new session's number, or nil when the node limit refuses it.
    /// A node that dials again replaces its old session.
    public mutating func accept(_ node: NodeID, now: SimTime) -> UInt32? {
        if open[node.index] { close(node) }
        guard openCount < nodeLimit else {
            refusals += 1
            return nil
        }
        session[node.index] &+= 1
        open[node.index] = true
        openCount += 1
        lastKeepalive[node.index] = now
        return session[node.index]
    }

    public mutating func heard(_ node: NodeID, at time: SimTime) { lastKeepalive[node.index] = max(lastKeepalive[node.index], time) }

    public mutating func close(_ node: NodeID) {
        guard open[node.index] else { return }
        open[node.index] = false
        openCount -= 1
    }

    /// What a keepalive check that fires now does.
    public enum CheckOutcome: Sendable, Equatable {
        /// The session is gone or was replaced: nothing.
        case stale
        /// No keepalive for the whole interval: the session was terminated.
        case terminated
        /// A keepalive came meanwhile: check again at this instant.
        case recheck(SimTime)
    }

    // kubeedge: cloudhub/session.(*NodeSession).KeepAliveCheck — a timer reset by every
    // keepalive; when it fires the session is terminated (TransportErr).
    public mutating func keepaliveCheck(_ node: NodeID, session id: UInt32, now: SimTime, interval: SimTime) -> CheckOutcome {
        checkPending[node.index] = false
        guard isOpen(node, session: id) else { return .stale }
        let deadline = lastKeepalive[node.index] + interval
        guard now >= deadline else { return .recheck(deadline) }
        close(node)
        return .terminated
    }
}
