/// An index into `Topology.hosts`. Host 0 is always the cloud (API server and controllers).
public struct HostID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static let cloud = HostID(0)
    public static func < (a: HostID, b: HostID) -> Bool { a.index < b.index }
}

/// An index into `Topology.sites`.
public struct SiteID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: SiteID, b: SiteID) -> Bool { a.index < b.index }
}

/// An index into `Topology.links`.
public struct LinkID: Hashable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}

/// A machine on the network: the cloud, an edge node, or a pool coordinator.
public struct Host: Sendable {
    public var name: String
    /// Nil for the cloud, which is the hub every site's uplink reaches.
    public var site: SiteID?
    /// The link between this host and its site's switch; nil for the cloud.
    public var access: LinkID?
}

/// A place where nodes share a LAN (a warehouse, a plant, a city) and one way to the cloud:
/// its own uplink, or the uplink of a `parent` site reached over the link between them
/// (seed 001's warehouse, which reaches the cloud only through the plant).
public struct Site: Sendable {
    public var name: String
    public var uplink: LinkID
    /// When set, traffic to the cloud goes over the link to this site instead of `uplink`.
    public var parent: SiteID?
    /// The link to `parent`, kept with it so a route climbs without looking pairs up.
    var parentLink: LinkID?
}

/// The static shape of the network: hosts, sites and the links between them (turmoil's
/// `Topology`). Routes are derived, not stored: a message from a node to the cloud crosses its
/// access link and its site's uplink; between sites it takes a direct site link if one exists,
/// else both uplinks through the cloud.
public struct Topology: Sendable {
    public private(set) var hosts: [Host] = [Host(name: "apiserver", site: nil, access: nil)]
    public private(set) var sites: [Site] = []
    public private(set) var links: [LinkSpec] = []
    private var siteLinks: [SitePair: LinkID] = [:]
    /// The two sites of each direct link, by link: who a site link's fault touches without
    /// asking every pair of sites.
    private var siteLinkEnds: [LinkID: SitePair] = [:]

    public init() {}

    @discardableResult
    public mutating func addSite(_ name: String, uplink: LinkProfile) -> SiteID {
        let id = SiteID(sites.count)
        let link = addLink(LinkSpec(name: "uplink:\(name)", profile: uplink))
        sites.append(Site(name: name, uplink: link))
        return id
    }

    @discardableResult
    public mutating func addHost(_ name: String, site: SiteID, access: LinkProfile) -> HostID {
        let id = HostID(hosts.count)
        let link = addLink(LinkSpec(name: "access:\(name)", profile: access))
        hosts.append(Host(name: name, site: site, access: link))
        return id
    }

    @discardableResult
    public mutating func connectSites(_ a: SiteID, _ b: SiteID, profile: LinkProfile) -> LinkID {
        if let existing = siteLinks[SitePair(a, b)] { return existing }
        let link = addLink(LinkSpec(name: "link:\(sites[min(a, b).index].name)<->\(sites[max(a, b).index].name)", profile: profile))
        siteLinks[SitePair(a, b)] = link
        siteLinkEnds[link] = SitePair(a, b)
        return link
    }

    public func directLink(_ a: SiteID, _ b: SiteID) -> LinkID? { siteLinks[SitePair(a, b)] }

    /// The two sites a direct link joins; nil for an uplink or access link.
    public func sites(joinedBy link: LinkID) -> (SiteID, SiteID)? {
        siteLinkEnds[link].map { ($0.low, $0.high) }
    }

    /// Routes `site`'s cloud traffic through `parent`; the two must already be linked.
    public mutating func route(_ site: SiteID, via parent: SiteID) {
        precondition(directLink(site, parent) != nil, "a site routes only via a site it is linked to")
        sites[site.index].parent = parent
        sites[site.index].parentLink = directLink(site, parent)
    }

    /// The sites from `site` up to the one whose uplink reaches the cloud, `site` first.
    func chain(_ site: SiteID?) -> [SiteID] {
        var out: [SiteID] = []
        var current = site
        while let s = current, out.count <= sites.count {
            out.append(s)
            current = sites[s.index].parent
        }
        return out
    }

    private mutating func addLink(_ spec: LinkSpec) -> LinkID {
        links.append(spec)
        return LinkID(links.count - 1)
    }

    /// Calls `body` with every link a message from `source` to `target` crosses, in order.
    @inline(__always)
    public func forEachLink(from source: HostID, to target: HostID, _ body: (LinkID) -> Void) {
        if source == target { return }
        let a = hosts[source.index], b = hosts[target.index]
        if let access = a.access { body(access) }
        if a.site != b.site {
            if let sa = a.site, let sb = b.site, let direct = siteLinks[SitePair(sa, sb)] {
                body(direct)
            } else if (a.site.map { sites[$0.index].parent == nil } ?? true) && (b.site.map { sites[$0.index].parent == nil } ?? true) {
                if let sa = a.site { body(sites[sa.index].uplink) }
                if let sb = b.site { body(sites[sb.index].uplink) }
            } else {
                routeThroughParents(a.site, b.site, body)
            }
        }
        if let access = b.access { body(access) }
    }
}

/// The links of one route, in order, held inline: a route crosses at most four links (access,
/// uplink or direct link, uplink, access) unless a site reaches the cloud through another.
/// A value to loop over where a closure over the route would capture (and copy) its caller.
public struct RouteLinks: Sendable {
    private var inline: (LinkID, LinkID, LinkID, LinkID) = (LinkID(0), LinkID(0), LinkID(0), LinkID(0))
    private var overflow: [LinkID]?
    public private(set) var count = 0

    mutating func append(_ link: LinkID) {
        switch count {
        case 0: inline.0 = link
        case 1: inline.1 = link
        case 2: inline.2 = link
        case 3: inline.3 = link
        default: overflow = (overflow ?? []) + [link]
        }
        count += 1
    }

    public subscript(position: Int) -> LinkID {
        switch position {
        case 0: inline.0
        case 1: inline.1
        case 2: inline.2
        case 3: inline.3
        default: overflow![position - 4]
        }
    }
}

extension Topology {
    /// Every link a message from `source` to `target` crosses, in order.
    @inline(__always)
    public func links(from source: HostID, to target: HostID) -> RouteLinks {
        var route = RouteLinks()
        forEachLink(from: source, to: target) { route.append($0) }
        return route
    }

    /// The slow path, for sites that reach the cloud through another site: up both chains to
    /// the first site they share, or to the cloud if they share none. Walks the parents in place
    /// (it runs per message in fleets whose stores reach the cloud through an ISP's site).
    func routeThroughParents(_ a: SiteID?, _ b: SiteID?, _ body: (LinkID) -> Void) {
        let common = firstCommonSite(a, b)
        // Up from `a`: each site's link to its parent, or its uplink at the top of its chain.
        var current = a, steps = 0
        while let site = current, site != common, steps <= sites.count {
            body(sites[site.index].parentLink ?? sites[site.index].uplink)
            current = sites[site.index].parent
            steps += 1
        }
        // Down to `b`: the same links of b's chain, from the top.
        func descend(_ site: SiteID?, depth: Int) {
            guard let site, site != common, depth <= sites.count else { return }
            descend(sites[site.index].parent, depth: depth + 1)
            body(sites[site.index].parentLink ?? sites[site.index].uplink)
        }
        descend(b, depth: 0)
    }

    /// The first site of a's chain that is also in b's (`chain(a).first { chain(b).contains($0) }`),
    /// without building either chain.
    private func firstCommonSite(_ a: SiteID?, _ b: SiteID?) -> SiteID? {
        var up = a, steps = 0
        while let candidate = up, steps <= sites.count {
            var down = b, downSteps = 0
            while let other = down, downSteps <= sites.count {
                if other == candidate { return candidate }
                down = sites[other.index].parent
                downSteps += 1
            }
            up = sites[candidate.index].parent
            steps += 1
        }
        return nil
    }
}

/// An unordered pair of sites.
struct SitePair: Hashable {
    let low: SiteID, high: SiteID
    init(_ a: SiteID, _ b: SiteID) { low = min(a, b); high = max(a, b) }
}

/// What a link is made of when nothing is wrong with it.
public struct LinkProfile: Hashable, Sendable, Codable {
    public var latency: SimTime
    /// Extra delay drawn uniformly from `0...jitter` for every message.
    public var jitter: SimTime
    /// Probability that a message is lost on this link, in parts per million.
    public var lossPPM: Int

    public init(latency: SimTime, jitter: SimTime = .zero, lossPPM: Int = 0) {
        self.latency = latency; self.jitter = jitter; self.lossPPM = lossPPM
    }

    /// One message's passage over this link, drawn from the sender's sequential stream: the
    /// jitter, then the loss, both drawn whatever the other gives (the order `transmit` and
    /// `RouteProfile.delay(drawingFrom:)` share).
    @inline(__always)
    func draw(into delay: inout SimTime, lost: inout Bool, _ random: inout SeededRandom) {
        delay += latency + random.duration(upTo: jitter)
        if random.chance(ppm: lossPPM) { lost = true }
    }

    /// A site's uplink by default: 20 ms, no jitter, no loss.
    public static let defaultUplink = LinkProfile(latency: .milliseconds(20))
    /// A node's access link to its site by default: 1 ms.
    public static let defaultAccess = LinkProfile(latency: .milliseconds(1))
    /// A direct link between two sites by default: 5 ms.
    public static let defaultSiteLink = LinkProfile(latency: .milliseconds(5))
}

/// A named link and the profile it starts with.
public struct LinkSpec: Sendable {
    public var name: String
    public var profile: LinkProfile
}
