import Testing
@testable import EdgeSim

@Suite("KubeEdge CloudHub: sessions, the node limit and the keepalive check")
struct CloudHubTests {
    // kubeedge: cloudhub/handler.(*messageHandler).HandleConnection returns at
    // SessionManager.ReachLimit() — a node beyond nodeLimit is not served.
    @Test("nodes beyond the node limit are refused until a session closes")
    func nodeLimit() {
        var hub = CloudHub(nodeCount: 4, nodeLimit: 2)
        #expect(hub.accept(NodeID(0), now: .zero) == 1)
        #expect(hub.accept(NodeID(1), now: .zero) == 1)
        #expect(hub.accept(NodeID(2), now: .zero) == nil)
        #expect(hub.refusals == 1)
        hub.close(NodeID(0))
        #expect(hub.accept(NodeID(2), now: .seconds(1)) == 1)
        #expect(hub.openCount == 2)
        // A node that dials again replaces its own session; it does not count twice.
        #expect(hub.accept(NodeID(1), now: .seconds(2)) == 2)
        #expect(hub.openCount == 2)
        #expect(!hub.isOpen(NodeID(1), session: 1))
    }

    // kubeedge: cloudhub/session.(*NodeSession).KeepAliveCheck — a timer of keepaliveInterval
    // reset by every keepalive; when it fires the session is terminated.
    @Test("the keepalive check ends a session silent for the whole interval, and only that")
    func keepaliveCheck() {
        var hub = CloudHub(nodeCount: 1, nodeLimit: 10)
        let node = NodeID(0)
        let session = hub.accept(node, now: .zero)!
        hub.heard(node, at: .seconds(15))
        #expect(hub.keepaliveCheck(node, session: session, now: .seconds(30), interval: .seconds(30)) == .recheck(.seconds(45)))
        #expect(hub.keepaliveCheck(node, session: session, now: .seconds(45), interval: .seconds(30)) == .terminated)
        #expect(hub.openCount == 0)
        #expect(hub.keepaliveCheck(node, session: session, now: .seconds(50), interval: .seconds(30)) == .stale)
    }
}
