@testable import EdgeSim
import Testing

/// The network's verbs, in turmoil's words: links are cut and healed, sides are partitioned
/// and repaired, iptables rules drop, links lose and slow down, hosts lose power. Every
/// exchange is a connection from a client to a server port, and needs packets both ways.
@Suite("Network")
struct NetworkTests {
    let net = SmallNetwork()

    // MARK: - DROP rules

    @Test("a DROP on port 6443 stops the API server connection and leaves the edge-health port 51005 open")
    func dropOnAPIServerPortLeavesEdgeHealthOpen() {
        var network = net.network
        network.addDrop(DropRule(source: net.p1, target: net.p2, port: Port.apiServer), owner: 1)
        #expect(!network.canConnect(net.p1, net.p2, port: Port.apiServer))
        #expect(network.canConnect(net.p1, net.p2, port: Port.edgeHealth))
    }

    @Test("a DROP on the cloud's port 6443 cuts a node off the API server but not from its peers")
    func dropToCloudLeavesPeersReachable() {
        var network = net.network
        network.addDrop(DropRule(source: net.p1, target: .cloud, port: Port.apiServer), owner: 1)
        #expect(!network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(network.canConnect(net.p1, net.p2, port: Port.edgeHealth))
        #expect(network.canConnect(net.p2, .cloud, port: Port.apiServer))
    }

    @Test("a DROP with a port matches only the client's packets: the other host can still connect the other way")
    func dropWithPortIsOneWay() {
        var network = net.network
        network.addDrop(DropRule(source: net.p1, target: net.p2, port: Port.edgeHealth), owner: 1)
        #expect(!network.canConnect(net.p1, net.p2, port: Port.edgeHealth))
        #expect(network.canConnect(net.p2, net.p1, port: Port.edgeHealth))
    }

    @Test("a DROP without a port blocks the replies too, so neither host can connect to the other")
    func dropWithoutPortBlocksReplies() {
        var network = net.network
        network.addDrop(DropRule(source: net.p1, target: net.p2, port: nil), owner: 1)
        for port in [Port.apiServer, Port.edgeHealth, Port.kubelet] {
            #expect(!network.canConnect(net.p1, net.p2, port: port), "p1 -> p2:\(port)")
            #expect(!network.canConnect(net.p2, net.p1, port: port), "p2 -> p1:\(port): the replies are dropped")
        }
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(network.canConnect(net.p2, .cloud, port: Port.apiServer))
    }

    @Test("removing an owner's DROP rules leaves other owners' rules in place")
    func dropsAreRemovedByOwner() {
        var network = net.network
        network.addDrop(DropRule(source: net.p1, target: .cloud, port: nil), owner: 1)
        network.addDrop(DropRule(source: net.p2, target: .cloud, port: nil), owner: 2)
        network.removeDrop(owner: 1)
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(!network.canConnect(net.p2, .cloud, port: Port.apiServer))
    }

    @Test("undrop removes every equal rule, whoever added it, as its doc says")
    func undropRemovesEqualRules() {
        var network = net.network
        let rule = DropRule(source: net.p1, target: .cloud, port: Port.apiServer)
        network.addDrop(rule, owner: 1)
        network.addDrop(rule, owner: 2)
        network.addDrop(DropRule(source: net.p2, target: .cloud, port: Port.apiServer), owner: 3)
        network.removeDrop(rule)
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(!network.canConnect(net.p2, .cloud, port: Port.apiServer))
    }

    @Test("a message on a blocked connection is counted as dropped, not lost")
    func blockedMessagesCountAsDropped() {
        var network = net.network
        network.addDrop(DropRule(source: net.p1, target: .cloud, port: nil), owner: 1)
        #expect(network.send(net.p1, .cloud) == nil)
        #expect(network.send(net.p2, .cloud) != nil)
        #expect(network.droppedMessages == 1 && network.lostMessages == 0)
    }

    // MARK: - Partitions

    @Test("a site | cloud partition cuts both ways, spares everything else, and its repair restores it")
    func sitePartitionCutsBothWaysAndRepairs() {
        var network = net.network
        network.partition(Partition(.site(net.plant), .cloud), owner: 7)
        #expect(!network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(!network.canConnect(.cloud, net.p1, port: Port.kubelet))
        #expect(!network.canConnect(net.p2, .cloud, port: Port.apiServer))
        #expect(network.canConnect(net.p1, net.p2, port: Port.edgeHealth), "inside one side nothing changes")
        #expect(network.canConnect(net.d1, .cloud, port: Port.apiServer), "another site keeps the cloud")
        #expect(network.isUp(net.uplink(net.plant)), "a partition is not a cut: the link is still up")
        network.repair(owner: 7)
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(network.canConnect(.cloud, net.p1, port: Port.kubelet))
    }

    @Test("a host | host partition separates those two hosts only")
    func hostPartition() {
        var network = net.network
        network.partition(Partition(.host(net.p1), .host(net.d1)), owner: 1)
        #expect(!network.canConnect(net.p1, net.d1, port: Port.edgeHealth))
        #expect(!network.canConnect(net.d1, net.p1, port: Port.edgeHealth))
        #expect(network.canConnect(net.p1, net.d2, port: Port.edgeHealth))
        #expect(network.canConnect(net.p2, net.d1, port: Port.edgeHealth))
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
    }

    @Test("two overlapping partitions of the same sides need both repairs")
    func overlappingPartitionsNeedBothRepairs() {
        var network = net.network
        network.partition(Partition(.site(net.plant), .cloud), owner: 1)
        network.partition(Partition(.cloud, .site(net.plant)), owner: 2)
        network.repair(owner: 1)
        #expect(!network.canConnect(net.p1, .cloud, port: Port.apiServer))
        network.repair(owner: 2)
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
    }

    @Test("repairing a partition leaves a cut made meanwhile in place")
    func repairDoesNotHeal() {
        var network = net.network
        network.partition(Partition(.site(net.plant), .cloud), owner: 1)
        network.cut(net.uplink(net.plant))
        network.repair(owner: 1)
        #expect(!network.canConnect(net.p1, .cloud, port: Port.apiServer))
        network.heal(net.uplink(net.plant))
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
    }

    // MARK: - Cuts

    @Test("a cut uplink carries nothing either way, leaves the site's LAN alone, and a heal restores it")
    func cutAndHeal() {
        var network = net.network
        network.cut(net.uplink(net.plant))
        #expect(!network.isUp(net.uplink(net.plant)))
        #expect(!network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(!network.canConnect(.cloud, net.p1, port: Port.kubelet))
        #expect(network.canConnect(net.p1, net.p2, port: Port.edgeHealth))
        #expect(network.canConnect(net.d1, .cloud, port: Port.apiServer))
        network.heal(net.uplink(net.plant))
        #expect(network.isUp(net.uplink(net.plant)))
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
    }

    @Test("two cuts of a link need two heals")
    func twoCutsNeedTwoHeals() {
        var network = net.network
        let uplink = net.uplink(net.plant)
        network.cut(uplink)
        network.cut(uplink)
        network.heal(uplink)
        #expect(!network.isUp(uplink))
        #expect(!network.canConnect(net.p1, .cloud, port: Port.apiServer))
        network.heal(uplink)
        #expect(network.isUp(uplink))
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
    }

    @Test("a heal of a link that is up is not saved up: the next cut still cuts")
    func healWithoutCutDoesNotBank() {
        var network = net.network
        let uplink = net.uplink(net.plant)
        network.heal(uplink)
        network.cut(uplink)
        #expect(!network.isUp(uplink))
    }

    @Test("a cut access link isolates its node only, from the cloud and from its peers")
    func cutAccessIsolatesOneNode() {
        var network = net.network
        network.cut(net.access(net.p1))
        #expect(!network.canConnect(net.p1, .cloud, port: Port.apiServer))
        #expect(!network.canConnect(net.p2, net.p1, port: Port.edgeHealth))
        #expect(network.canConnect(net.p2, .cloud, port: Port.apiServer))
    }

    // MARK: - Loss and latency overrides

    @Test("loss overrides stack, the newest wins, and clearing one by owner uncovers the one below")
    func lossOverridesStackAndClearByOwner() {
        var network = SmallNetwork(plantUplinkLossPPM: 1_000).network
        let uplink = net.uplink(net.plant)
        network.setLoss(uplink, ppm: 100_000, owner: 1)
        network.setLoss(uplink, ppm: 200_000, owner: 2)
        #expect(network.profile(uplink).lossPPM == 200_000)
        network.clearLoss(uplink, owner: 2)
        #expect(network.profile(uplink).lossPPM == 100_000)
        network.clearLoss(uplink, owner: 1)
        #expect(network.profile(uplink).lossPPM == 1_000, "the link's own loss is back")
    }

    @Test("clearing an older loss override leaves the newer one in force")
    func clearingAnOlderOverrideKeepsTheNewer() {
        var network = net.network
        let uplink = net.uplink(net.plant)
        network.setLoss(uplink, ppm: 100_000, owner: 1)
        network.setLoss(uplink, ppm: 200_000, owner: 2)
        network.clearLoss(uplink, owner: 1)
        #expect(network.profile(uplink).lossPPM == 200_000)
    }

    @Test("clearing an owner's loss on one link leaves that owner's loss on another link")
    func clearLossIsPerLink() {
        var network = net.network
        network.setLoss(net.uplink(net.plant), ppm: 300_000, owner: 5)
        network.setLoss(net.uplink(net.depot), ppm: 300_000, owner: 5)
        network.clearLoss(net.uplink(net.plant), owner: 5)
        #expect(network.profile(net.uplink(net.plant)).lossPPM == 0)
        #expect(network.profile(net.uplink(net.depot)).lossPPM == 300_000)
    }

    @Test("with 100% loss every message is lost, counted as lost, while the connection itself stands")
    func totalLossLosesEveryMessage() {
        var network = net.network
        network.setLoss(net.uplink(net.plant), ppm: 1_000_000, owner: 1)
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
        for _ in 0..<5 { #expect(network.send(net.p1, .cloud) == nil) }
        #expect(network.send(net.d1, .cloud) == .milliseconds(31))
        #expect(network.lostMessages == 5 && network.droppedMessages == 0)
    }

    @Test("a latency override sets a link's latency but keeps its loss, and clearing it restores the latency")
    func latencyOverride() {
        var network = SmallNetwork(plantUplinkLossPPM: 1_000).network
        let uplink = net.uplink(net.plant)
        network.setLatency(uplink, latency: .milliseconds(100), jitter: .zero, owner: 3)
        #expect(network.profile(uplink).latency == .milliseconds(100))
        #expect(network.profile(uplink).lossPPM == 1_000)
        network.clearLoss(uplink, owner: 3)
        #expect(network.profile(uplink).latency == .milliseconds(100), "clearing loss leaves latency alone")
        network.clearLatency(uplink, owner: 3)
        #expect(network.profile(uplink).latency == .milliseconds(20))
    }

    @Test("a message's delay is the sum of its route's latencies, overrides included")
    func delayIsTheRoutesLatency() {
        var network = net.network
        #expect(network.send(net.p1, .cloud) == .milliseconds(21))
        #expect(network.send(net.p1, net.d1, port: Port.edgeHealth) == .milliseconds(1 + 20 + 30 + 1))
        network.setLatency(net.uplink(net.plant), latency: .milliseconds(100), jitter: .zero, owner: 1)
        #expect(network.send(net.p1, .cloud) == .milliseconds(101))
        #expect(network.route(client: net.p1, server: .cloud, port: Port.apiServer)?.links.map(\.latency)
                == [.milliseconds(1), .milliseconds(100)])
    }

    // MARK: - Power

    @Test("a powered-off host can neither connect nor be connected to, until the power is back")
    func poweredOffHost() {
        var network = net.network
        network.setPowered(net.p2, false)
        #expect(!network.isPowered(net.p2))
        #expect(!network.canConnect(net.p2, .cloud, port: Port.apiServer))
        #expect(!network.canConnect(net.p1, net.p2, port: Port.edgeHealth))
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
        network.setPowered(net.p2, true)
        #expect(network.canConnect(net.p1, net.p2, port: Port.edgeHealth))
    }

    // MARK: - Routing via another site

    @Test("a site via another reaches the cloud over their link and the other's uplink, never its own")
    func viaRouting() {
        var network = net.network
        #expect(network.send(net.a1, .cloud) == .milliseconds(1 + 5 + 20))
        network.cut(net.uplink(net.annex))
        #expect(network.canConnect(net.a1, .cloud, port: Port.apiServer), "annex's own uplink is not on its route")
        network.cut(net.uplink(net.plant))
        #expect(!network.canConnect(net.a1, .cloud, port: Port.apiServer), "plant's uplink is")
        #expect(network.canConnect(net.a1, net.p1, port: Port.edgeHealth), "annex still reaches plant")
    }

    @Test("cutting the link to the parent site cuts a via site off the cloud and the parent, and no one else")
    func cuttingTheParentLink() {
        var network = net.network
        network.cut(net.annexLink)
        #expect(!network.canConnect(net.a1, .cloud, port: Port.apiServer))
        #expect(!network.canConnect(net.a1, net.p1, port: Port.edgeHealth))
        #expect(network.canConnect(net.p1, .cloud, port: Port.apiServer))
    }

    @Test("a via site reaches a third site up through its parent's uplink and down the other's")
    func viaSiteToAThirdSite() {
        var network = net.network
        #expect(network.send(net.a1, net.d1, port: Port.edgeHealth) == .milliseconds(1 + 5 + 20 + 30 + 1))
        network.cut(net.uplink(net.depot))
        #expect(!network.canConnect(net.a1, net.d1, port: Port.edgeHealth))
    }
}
