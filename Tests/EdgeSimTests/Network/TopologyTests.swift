@testable import EdgeSim
import Testing

@Suite("Topology")
struct TopologyTests {
    let net = SmallNetwork()

    @Test("host 0 is the cloud, called apiserver, with no site and no access link")
    func hostZeroIsTheCloud() {
        let cloud = Topology().hosts[HostID.cloud.index]
        #expect(cloud.name == "apiserver" && cloud.site == nil && cloud.access == nil)
    }

    @Test("a site brings its uplink and a host its access link, each named after its owner")
    func linksAreNamed() {
        let topology = net.topology
        #expect(topology.links[net.uplink(net.plant).index].name == "uplink:plant")
        #expect(topology.links[net.access(net.p1).index].name == "access:p1")
        #expect(topology.links[net.annexLink.index].name == "link:plant<->annex")
        #expect(topology.links[net.uplink(net.plant).index].profile.latency == .milliseconds(20))
    }

    @Test("a node reaches the cloud over its access link, then its site's uplink, and the cloud back the other way")
    func nodeToCloud() {
        #expect(net.route(net.p1, .cloud) == [net.access(net.p1), net.uplink(net.plant)])
        #expect(net.route(.cloud, net.p1) == [net.uplink(net.plant), net.access(net.p1)])
    }

    @Test("two nodes of one site meet on its LAN, crossing no uplink")
    func sameSite() {
        #expect(net.route(net.p1, net.p2) == [net.access(net.p1), net.access(net.p2)])
    }

    @Test("nodes of two unlinked sites go up one uplink and down the other")
    func unlinkedSites() {
        #expect(net.route(net.p1, net.d1) == [net.access(net.p1), net.uplink(net.plant), net.uplink(net.depot), net.access(net.d1)])
    }

    @Test("nodes of two linked sites take the direct link instead")
    func linkedSites() {
        var topology = net.topology
        let direct = topology.connectSites(net.plant, net.depot, profile: .defaultSiteLink)
        var links: [LinkID] = []
        topology.forEachLink(from: net.p1, to: net.d1) { links.append($0) }
        #expect(links == [net.access(net.p1), direct, net.access(net.d1)])
    }

    @Test("connecting two sites again, either way round, gives the same link")
    func connectingTwiceGivesOneLink() {
        var topology = net.topology
        let count = topology.links.count
        #expect(topology.connectSites(net.plant, net.annex, profile: .defaultUplink) == net.annexLink)
        #expect(topology.links.count == count)
        #expect(topology.directLink(net.plant, net.annex) == net.annexLink)
        #expect(topology.directLink(net.annex, net.plant) == net.annexLink)
        #expect(topology.directLink(net.plant, net.depot) == nil)
    }

    @Test("a site via another reaches the cloud over their link and the other's uplink, never its own")
    func viaSiteToCloud() {
        #expect(net.route(net.a1, .cloud) == [net.access(net.a1), net.annexLink, net.uplink(net.plant)])
        #expect(net.route(.cloud, net.a1) == [net.uplink(net.plant), net.annexLink, net.access(net.a1)])
    }

    @Test("a via site reaches an unlinked site up its chain to the cloud and down the other's uplink")
    func viaSiteToThirdSite() {
        #expect(net.route(net.a1, net.d1)
                == [net.access(net.a1), net.annexLink, net.uplink(net.plant), net.uplink(net.depot), net.access(net.d1)])
    }

    @Test("two sites via the same parent turn at the parent, not at the cloud")
    func siblingsTurnAtTheParent() {
        var topology = net.topology
        let kiosk = topology.addSite("kiosk", uplink: .defaultUplink)
        let k1 = topology.addHost("k1", site: kiosk, access: .defaultAccess)
        let kioskLink = topology.connectSites(kiosk, net.plant, profile: .defaultSiteLink)
        topology.route(kiosk, via: net.plant)
        var links: [LinkID] = []
        topology.forEachLink(from: net.a1, to: k1) { links.append($0) }
        #expect(links == [net.access(net.a1), net.annexLink, kioskLink, topology.hosts[k1.index].access!])
    }

    @Test("a chain of via sites climbs to the last one's uplink")
    func chainOfViaSites() {
        var topology = net.topology
        let shed = topology.addSite("shed", uplink: .defaultUplink)
        let s1 = topology.addHost("s1", site: shed, access: .defaultAccess)
        let shedLink = topology.connectSites(shed, net.annex, profile: .defaultSiteLink)
        topology.route(shed, via: net.annex)
        var toCloud: [LinkID] = [], toPlant: [LinkID] = []
        topology.forEachLink(from: s1, to: .cloud) { toCloud.append($0) }
        topology.forEachLink(from: s1, to: net.p1) { toPlant.append($0) }
        let access = topology.hosts[s1.index].access!
        #expect(toCloud == [access, shedLink, net.annexLink, net.uplink(net.plant)])
        #expect(toPlant == [access, shedLink, net.annexLink, net.access(net.p1)])
    }

    @Test("a message to oneself crosses no link")
    func toOneself() {
        #expect(net.route(net.p1, net.p1).isEmpty)
        #expect(net.route(.cloud, .cloud).isEmpty)
    }
}
