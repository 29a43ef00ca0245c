/// `Network.canConnect` for a fixed list of clients to one server port, kept while the network's
/// revision stands: the answer changes only with a fault, a repair or a power change, each of
/// which moves the revision. For loops that ask every client every second (OpenYurt's churn tick)
/// where a route is worked out per question.
struct ReachabilityMemo: Sendable {
    private var revision = -1
    private var answers: [Bool] = []

    /// Whether each of `clients()` can connect to `server:port` now, in the order given; the list
    /// is asked for only when the network has changed since the last call.
    mutating func answers(in network: Network, server: HostID, port: Int, clients: () -> [HostID]) -> [Bool] {
        if revision != network.revision {
            answers = clients().map { network.canConnect($0, server, port: port) }
            revision = network.revision
        }
        return answers
    }
}
