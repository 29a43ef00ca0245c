/// The network as it is at one instant: link state (up, loss, latency overrides), DROP rules
/// and which hosts are powered. It decides whether a message gets through and when it lands.
///
/// Every exchange is modelled as a connection from a client to a server port, as in reality
/// all of these are HTTP over TCP: it works only if packets can flow both ways. A DROP rule
/// with a port matches the client's packets to that port; a rule without a port matches
/// everything between the two hosts in its direction, replies included.
public struct Network: Sendable {
    public let topology: Topology
    private var linkDownCount: [Int]
    private var lossOverrides: [[Override<Int>]]
    private var latencyOverrides: [[Override<LinkProfile>]]
    private var dropRules: [(rule: DropRule, owner: Int)] = []
    private var partitions: [(partition: Partition, owner: Int)] = []
    private var hostPowered: [Bool]
    /// Server ports nobody listens on although the host is up (a stopped kubelet's 10250), few
    /// at a time: a connection to one is refused.
    private var closedPorts: [(host: HostID, port: Int)] = []
    /// Messages that did not get through, by reason: for metrics.
    public private(set) var droppedMessages = 0
    public private(set) var lostMessages = 0
    /// Bumped by every change to what `canConnect` or `transmit` can answer (links, overrides,
    /// rules, partitions, power): a caller that saw no random draw in a round of messages may
    /// replay that round's outcome while the revision stands (`EdgeHealthProbeMemo`).
    public private(set) var revision = 0

    struct Override<Value: Sendable>: Sendable {
        var owner: Int
        var value: Value
    }

    public init(topology: Topology) {
        self.topology = topology
        linkDownCount = Array(repeating: 0, count: topology.links.count)
        lossOverrides = Array(repeating: [], count: topology.links.count)
        latencyOverrides = Array(repeating: [], count: topology.links.count)
        hostPowered = Array(repeating: true, count: topology.hosts.count)
    }

    // MARK: - Faults (turmoil's verbs: partition and repair a link, plus drop and power)

    public mutating func cut(_ link: LinkID) { linkDownCount[link.index] += 1; revision += 1 }
    public mutating func heal(_ link: LinkID) { linkDownCount[link.index] = max(0, linkDownCount[link.index] - 1); revision += 1 }
    public func isUp(_ link: LinkID) -> Bool { linkDownCount[link.index] == 0 }

    /// Overrides a link's loss until `clearLoss(owner:)`; nested overrides stack, the newest wins.
    public mutating func setLoss(_ link: LinkID, ppm: Int, owner: Int) {
        lossOverrides[link.index].append(Override(owner: owner, value: ppm))
        revision += 1
    }
    public mutating func clearLoss(_ link: LinkID, owner: Int) {
        lossOverrides[link.index].removeAll { $0.owner == owner }
        revision += 1
    }
    public mutating func setLatency(_ link: LinkID, latency: SimTime, jitter: SimTime, owner: Int) {
        var profile = topology.links[link.index].profile
        profile.latency = latency
        profile.jitter = jitter
        latencyOverrides[link.index].append(Override(owner: owner, value: profile))
        revision += 1
    }
    public mutating func clearLatency(_ link: LinkID, owner: Int) {
        latencyOverrides[link.index].removeAll { $0.owner == owner }
        revision += 1
    }

    public mutating func addDrop(_ rule: DropRule, owner: Int) { dropRules.append((rule, owner)); revision += 1 }
    public mutating func removeDrop(owner: Int) { dropRules.removeAll { $0.owner == owner }; revision += 1 }
    /// `iptables -D`: removes every rule equal to `rule`, whoever added it.
    public mutating func removeDrop(_ rule: DropRule) { dropRules.removeAll { $0.rule == rule }; revision += 1 }

    public mutating func partition(_ partition: Partition, owner: Int) { partitions.append((partition, owner)); revision += 1 }
    public mutating func repair(owner: Int) { partitions.removeAll { $0.owner == owner }; revision += 1 }

    public mutating func setPowered(_ host: HostID, _ powered: Bool) { hostPowered[host.index] = powered; revision += 1 }
    public func isPowered(_ host: HostID) -> Bool { hostPowered[host.index] }

    /// The process serving `port` on `host` stopped or started again; its host stays up.
    public mutating func setListening(_ host: HostID, port: Int, _ listening: Bool) {
        guard listening == closedPorts.contains(where: { $0.host == host && $0.port == port }) else { return }
        closedPorts.removeAll { $0.host == host && $0.port == port }
        if !listening { closedPorts.append((host, port)) }
        revision += 1
    }

    /// Counts messages a caller worked out without sending (a replayed round, see `revision`)
    /// as the sends would have.
    public mutating func countUnsent(dropped: Int, lost: Int) {
        droppedMessages += dropped
        lostMessages += lost
    }

    // MARK: - Delivery

    /// A link's latency, jitter and loss now: the newest overrides, else what it was built with.
    func profile(_ link: LinkID) -> LinkProfile {
        var profile = latencyOverrides[link.index].last?.value ?? topology.links[link.index].profile
        profile.lossPPM = lossOverrides[link.index].last?.value ?? topology.links[link.index].profile.lossPPM
        return profile
    }

    /// Whether a connection from `client` to `server:port` can carry traffic right now,
    /// ignoring random loss.
    public func canConnect(_ client: HostID, _ server: HostID, port: Int) -> Bool {
        guard hostPowered[client.index], hostPowered[server.index] else { return false }
        for closed in closedPorts where closed.host == server && closed.port == port { return false }
        for entry in dropRules {
            if entry.rule.matches(source: client, target: server, port: port) { return false }
            if entry.rule.port == nil && entry.rule.matches(source: server, target: client, port: nil) { return false }
        }
        for entry in partitions where entry.partition.separates(client, server, in: topology) { return false }
        // A loop over the route as a value: a closure over `linkDownCount` here made the compiler
        // copy the whole network (every array retained) per call.
        let route = topology.links(from: client, to: server)
        for position in 0..<route.count where linkDownCount[route[position].index] != 0 { return false }
        return true
    }

    /// Sends one message over a connection from `client` to `server:port`, in the direction
    /// `from → to` (either way along the connection). Returns the one-way delay if it gets
    /// through, nil if it is dropped or lost. Draws jitter and loss from `random`, the
    /// sender's own stream.
    public mutating func transmit(client: HostID, server: HostID, port: Int, from: HostID, to: HostID,
                                  random: inout SeededRandom) -> SimTime? {
        guard canConnect(client, server, port: port) else {
            droppedMessages += 1
            return nil
        }
        var delay = SimTime.zero
        var lost = false
        // A loop over the route as a value, reading the override stacks directly: a closure here
        // captured the mutating `self` and made the compiler copy the topology (every array
        // retained) per message.
        let route = topology.links(from: from, to: to)
        for position in 0..<route.count {
            let link = route[position]
            var profile = latencyOverrides[link.index].last?.value ?? topology.links[link.index].profile
            profile.lossPPM = lossOverrides[link.index].last?.value ?? profile.lossPPM
            profile.draw(into: &delay, lost: &lost, &random)
        }
        if lost {
            lostMessages += 1
            return nil
        }
        return delay
    }
}

/// turmoil's `partition`: nothing passes between the two sides, either way, whatever the
/// links say. A side is the cloud, a whole site, or one host.
public struct Partition: Hashable, Sendable {
    public enum Side: Hashable, Sendable {
        case cloud
        case site(SiteID)
        case host(HostID)

        func contains(_ host: HostID, _ topology: Topology) -> Bool {
            switch self {
            case .cloud: host == .cloud
            case .site(let site): topology.hosts[host.index].site == site
            case .host(let h): h == host
            }
        }
    }

    public var a: Side
    public var b: Side

    public init(_ a: Side, _ b: Side) { self.a = a; self.b = b }

    func separates(_ x: HostID, _ y: HostID, in topology: Topology) -> Bool {
        (a.contains(x, topology) && b.contains(y, topology)) || (b.contains(x, topology) && a.contains(y, topology))
    }
}

/// What a message from one host to another meets right now, link by link: each link's latency,
/// jitter and loss with overrides applied. Taken when nothing can change until the next fault,
/// so that messages sent meanwhile can be worked out from it alone.
public struct RouteProfile: Hashable, Sendable {
    public var links: [LinkProfile]

    /// When message `counter` of `random`'s stream lands after being sent, or nil if it is lost:
    /// link j draws its loss from the low half and its jitter from the high half of slot
    /// `firstSlot + j` (a reply on the same connection takes slots of its own).
    @inline(__always)
    public func delay(of counter: UInt64, _ random: CounterRandom, firstSlot: UInt64 = 0) -> SimTime? {
        var delay = SimTime.zero
        for (index, link) in links.enumerated() {
            delay += link.latency
            guard link.lossPPM > 0 || link.jitter > .zero else { continue }
            let bits = random.bits(counter, slot: firstSlot + UInt64(index))
            if CounterRandom.chance(ppm: link.lossPPM, bits, high: false) { return nil }
            if link.jitter > .zero {
                delay += .microseconds(Int64(CounterRandom.uniform(below: UInt32(clamping: link.jitter.microseconds + 1), bits, high: true)))
            }
        }
        return delay
    }

    /// A message on this route drawing from its sender's sequential stream, link by link, as
    /// `Network.transmit` draws it: its delay, or nil if a link lost it.
    public func delay(drawingFrom random: inout SeededRandom) -> SimTime? {
        var delay = SimTime.zero, lost = false
        for link in links { link.draw(into: &delay, lost: &lost, &random) }
        return lost ? nil : delay
    }

    /// The longest any message on this route can take, loss or not.
    public var maxDelay: SimTime {
        links.reduce(SimTime.zero) { $0 + $1.latency + $1.jitter }
    }

    /// The longest any message on this route can take, or nil when a message may be lost: a
    /// bound that lets a reader skip working out messages one by one (see
    /// `LeaseRenewalStream.landingBound`).
    public var maxDelayIfLossless: SimTime? {
        var delay = SimTime.zero
        for link in links {
            guard link.lossPPM == 0 else { return nil }
            delay += link.latency + link.jitter
        }
        return delay
    }

    /// Whether message `counter` is lost: `delay(of:_:) == nil`, without the jitter.
    @inline(__always)
    public func isLost(_ counter: UInt64, _ random: CounterRandom) -> Bool {
        for (index, link) in links.enumerated() where link.lossPPM > 0 {
            if CounterRandom.chance(ppm: link.lossPPM, random.bits(counter, slot: UInt64(index)), high: false) { return true }
        }
        return false
    }
}

extension Network {
    /// `route(client:server:port:)` for many clients in one call (one access to the network,
    /// where a call per client from a class's property copies the whole struct each time).
    public func routes(clients: [HostID], server: HostID, port: Int) -> [RouteProfile?] {
        clients.map { route(client: $0, server: server, port: port) }
    }

    /// The route a connection from `client` to `server:port` takes now, nil if it cannot carry
    /// traffic (the same test as `transmit`).
    public func route(client: HostID, server: HostID, port: Int) -> RouteProfile? {
        guard canConnect(client, server, port: port) else { return nil }
        var links: [LinkProfile] = []
        topology.forEachLink(from: client, to: server) { link in links.append(profile(link)) }
        return RouteProfile(links: links)
    }
}
