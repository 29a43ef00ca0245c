@testable import EdgeSim
import Testing

@Suite("Partition")
struct PartitionTests {
    let net = SmallNetwork()

    @Test("a site side holds every host of the site and no other")
    func siteSide() {
        let side = Partition.Side.site(net.plant)
        #expect(side.contains(net.p1, net.topology) && side.contains(net.p2, net.topology))
        #expect(!side.contains(net.d1, net.topology))
        #expect(!side.contains(net.a1, net.topology), "a site routed via plant is not part of plant")
        #expect(!side.contains(.cloud, net.topology))
    }

    @Test("the cloud side is the API server's host alone, and a host side is that host alone")
    func cloudAndHostSides() {
        #expect(Partition.Side.cloud.contains(.cloud, net.topology))
        #expect(!Partition.Side.cloud.contains(net.p1, net.topology))
        #expect(Partition.Side.host(net.p1).contains(net.p1, net.topology))
        #expect(!Partition.Side.host(net.p1).contains(net.p2, net.topology))
    }

    @Test("a partition separates the two sides whichever way a connection goes, whichever side is named first")
    func separatesBothWays() {
        for partition in [Partition(.site(net.plant), .cloud), Partition(.cloud, .site(net.plant))] {
            #expect(partition.separates(net.p1, .cloud, in: net.topology))
            #expect(partition.separates(.cloud, net.p2, in: net.topology))
            #expect(!partition.separates(net.p1, net.p2, in: net.topology))
            #expect(!partition.separates(net.d1, .cloud, in: net.topology))
        }
    }
}
