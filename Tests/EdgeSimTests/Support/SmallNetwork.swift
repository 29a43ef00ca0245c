@testable import EdgeSim

/// The network the network tests share: the cloud, two sites with their own uplinks and two
/// nodes each, and `annex`, a site that reaches the cloud only through `plant`.
///
///     cloud ─ uplink:plant (20 ms) ─ plant: p1, p2 ─ link (5 ms) ─ annex: a1   (annex via plant)
///           └ uplink:depot (30 ms) ─ depot: d1, d2
///
/// Every access link takes 1 ms. No link has jitter, so a message's delay is its route's
/// latency, and the route can be read off the delay.
struct SmallNetwork {
    private(set) var topology = Topology()
    let plant: SiteID, depot: SiteID, annex: SiteID
    let p1: HostID, p2: HostID, d1: HostID, d2: HostID, a1: HostID
    /// The link between annex and plant, which annex's cloud traffic crosses.
    let annexLink: LinkID

    init(plantUplinkLossPPM: Int = 0) {
        plant = topology.addSite("plant", uplink: LinkProfile(latency: .milliseconds(20), lossPPM: plantUplinkLossPPM))
        depot = topology.addSite("depot", uplink: LinkProfile(latency: .milliseconds(30)))
        annex = topology.addSite("annex", uplink: LinkProfile(latency: .milliseconds(40)))
        p1 = topology.addHost("p1", site: plant, access: .defaultAccess)
        p2 = topology.addHost("p2", site: plant, access: .defaultAccess)
        d1 = topology.addHost("d1", site: depot, access: .defaultAccess)
        d2 = topology.addHost("d2", site: depot, access: .defaultAccess)
        a1 = topology.addHost("a1", site: annex, access: .defaultAccess)
        annexLink = topology.connectSites(annex, plant, profile: .defaultSiteLink)
        topology.route(annex, via: plant)
    }

    func uplink(_ site: SiteID) -> LinkID { topology.sites[site.index].uplink }
    func access(_ host: HostID) -> LinkID { topology.hosts[host.index].access! }

    /// The network as it is before any fault.
    var network: Network { Network(topology: topology) }

    /// The links from `source` to `target`, in the order a message crosses them.
    func route(_ source: HostID, _ target: HostID) -> [LinkID] {
        var links: [LinkID] = []
        topology.forEachLink(from: source, to: target) { links.append($0) }
        return links
    }
}

extension Network {
    /// One message from `client` to `server:port` on a connection `client` opened: its delay,
    /// or nil if it was dropped or lost.
    mutating func send(_ client: HostID, _ server: HostID, port: Int = Port.apiServer) -> SimTime? {
        var random = SeededRandom(seed: 1)
        return transmit(client: client, server: server, port: port, from: client, to: server, random: &random)
    }
}
