@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// SuperEdge edge-health on demand (`World.Options.edgeHealthOnDemand`: probe and send rounds
/// replayed while the network stands, votes that read only what can change an annotation)
/// against every round sent and every target counted: byte-identical timelines and metrics.
/// The shipped and generated scenarios are compared by `LazyKubeletEquivalenceTests`; these
/// add the benchmark's check set and a fault script that makes rounds draw, flap and replay.
struct EdgeHealthEquivalenceTests {
    static func compiled(_ scenario: Scenario) throws -> CompiledScenario {
        try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: scenario.name, origin: .json))
    }

    static func at(_ minutes: Int64, _ action: FaultAction, until: Int64? = nil) -> FaultDecl {
        FaultDecl(at: Duration(.minutes(minutes)), until: until.map { Duration(.minutes($0)) }, action: action)
    }

    @Test("the benchmark's check set: the cut node is annotated the same way on both paths")
    func benchmarkCheckSet() throws {
        let (optimised, _) = LazyKubeletEquivalenceTests.compare(try Self.compiled(BenchWorkload.edgeHealth(nodes: 40, hours: 1)),
                                                                 label: "edge-health-40")
        #expect(TimelineRenderer.text(optimised).contains("nodeunhealth"))
    }

    /// Check sets by site (multi-region): a daemon hears from its own site only, so its peer
    /// records stay a hash table, and grow into an array in the largest site.
    @Test("a fleet of per-site check sets, a site cut off and a node lost")
    func fleet() throws {
        var scenario = BenchWorkload.fleet(mode: .superedge, sites: 4, nodesPerSite: 5, hours: 1)
        scenario.nodes += (0..<8).map { NodeDecl(name: "s3-big\($0)", site: "s3", labels: [Label(key: "site", value: "s3")]) }
        let (optimised, _) = LazyKubeletEquivalenceTests.compare(try Self.compiled(scenario), label: "superedge fleet")
        #expect(TimelineRenderer.text(optimised).contains("nodeunhealth"))
    }

    /// Lossy and jittery links (rounds that draw are never replayed), cuts and heals, a
    /// partition, a DROP on the edge-health port, a power cycle (the agent's memory is lost),
    /// a relabel and an API outage, over one another.
    @Test("flaps, loss, jitter, partitions, drops, power and relabels", arguments: [UInt64(1), 2, 3])
    func faultScript(seed: UInt64) throws {
        var scenario = BenchWorkload.edgeHealth(nodes: 24, hours: 1, seed: seed)
        scenario.faults += [
            Self.at(5, .loss(link: .access(node: "e3"), ppm: 300_000), until: 20),
            Self.at(8, .latency(link: .access(node: "e4"), latency: Duration(.milliseconds(40)), jitter: Duration(.milliseconds(30))), until: 30),
            Self.at(12, .cut(link: .access(node: "e5")), until: 14),
            Self.at(15, .cut(link: .access(node: "e5")), until: 22),
            Self.at(16, .partition(a: "e6", b: "e7"), until: 40),
            Self.at(18, .drop(source: "e8", target: "e9", port: Port.edgeHealth), until: 35),
            Self.at(21, .powerOff(node: "e10"), until: 26),
            Self.at(24, .label(node: "e11", key: "role", value: "x")),
            Self.at(30, .apiServerDown, until: 33),
            Self.at(36, .flap(link: .access(node: "e12"), period: Duration(.seconds(40)), upPercent: 50), until: 50),
            Self.at(45, .heal(link: .access(node: "e0"))),
        ]
        LazyKubeletEquivalenceTests.compare(try Self.compiled(scenario), checkingInvariants: false, label: "edge-health fault script \(seed)")
    }

    /// Send rounds that only refresh stamps are kept pending and written into a receiver's
    /// records only when its vote may change an annotation (`RowRefreshes`). Vote timeouts
    /// shorter than the communicate period make a record count only part of the time, so a
    /// vote near its threshold depends on every stamp; reboots wipe a receiver's records while
    /// refreshes are pending; relabels and latency changes end the memos the refreshes replay.
    @Test("refreshes kept pending: stale rows near the threshold, reboots, relabels",
          arguments: [("60s", "10s", "60s"), ("60s", "10s", "30s"), ("20s", "10s", "45s"), ("60s", "70s", "60s"), ("10s", "10s", "15s")])
    func pendingRefreshes(communicate: String, vote: String, timeout: String) throws {
        var scenario = BenchWorkload.edgeHealth(nodes: 9, hours: 1, seed: 7)
        scenario.settings = [Setting(key: "communicateperiod", value: communicate), Setting(key: "voteperiod", value: vote),
                             Setting(key: "votetimeout", value: timeout)]
        scenario.faults = [
            Self.at(5, .cut(link: .access(node: "e1")), until: 15),
            Self.at(12, .powerOff(node: "e4"), until: 13),
            Self.at(18, .label(node: "e5", key: "role", value: "x")),
            Self.at(20, .cut(link: .access(node: "e2")), until: 40),
            Self.at(21, .cut(link: .access(node: "e3")), until: 38),
            Self.at(22, .latency(link: .access(node: "e6"), latency: Duration(.milliseconds(300)), jitter: Duration(.zero)), until: 45),
            Self.at(25, .cut(link: .access(node: "e1")), until: 35),
            Self.at(30, .powerOff(node: "e7"), until: 31),
            Self.at(33, .powerOff(node: "e8"), until: 50),
        ]
        let (optimised, _) = LazyKubeletEquivalenceTests.compare(try Self.compiled(scenario), checkingInvariants: false,
                                                                 label: "pending refreshes \(communicate)/\(vote)/\(timeout)")
        #expect(TimelineRenderer.text(optimised).contains("nodeunhealth"))
    }

    /// What the on-demand path saves, as state rather than time: in a quiet set every sender's
    /// newest round is a pending refresh, and the records a vote never had to count still
    /// carry the stamp of the sender's first round; the straightforward path keeps none.
    @Test("a quiet check set keeps its senders' refreshes pending and leaves the records alone")
    func quietSetDefersRefreshes() throws {
        let compiled = try Self.compiled(BenchWorkload.edgeHealth(nodes: 12, hours: 1))
        var optimised = ClusterRun<SuperEdge>(compiled, options: World.Options())
        var straightforward = ClusterRun<SuperEdge>(compiled, options: .straightforward)
        optimised.run(until: .minutes(9))
        straightforward.run(until: .minutes(9))
        #expect(optimised.plane.refreshes.pendingCount == 12)
        #expect(straightforward.plane.refreshes.pendingCount == 0)
        let held = optimised.plane.agents[1].peers[2], sent = straightforward.plane.agents[1].peers[2]
        #expect(held.version == sent.version && held.hasRow && sent.hasRow)
        #expect(held.stamp < .minutes(2), "the first round's stamp, never refreshed in the record")
        #expect(sent.stamp > .minutes(7), "every round written")
        let pending = try #require(optimised.plane.refreshes.pending(2))
        #expect(pending.stamp(at: NodeID(1)) == sent.stamp, "the pending refresh is the straightforward record's stamp")
        // Nothing to change, so every check and vote loop is parked: about a third of the events.
        #expect(optimised.plane.parked.parkedChecks == 12 && optimised.plane.parked.parkedVotes == 12)
        #expect(straightforward.plane.parked.parkedChecks == 0 && straightforward.plane.parked.parkedVotes == 0)
        #expect(optimised.simulation.eventsProcessed * 3 < straightforward.simulation.eventsProcessed)
    }

    /// A network change makes every sender draw its round again; a round that reaches no
    /// receiver the delivering one did not is still a refresh, so the records keep the first
    /// round's stamps through a latency change, and the timeline stays the straightforward one.
    @Test("a round drawn again after a latency change that reaches no one new stays a refresh")
    func redrawnRoundStaysRefresh() throws {
        var scenario = BenchWorkload.edgeHealth(nodes: 12, hours: 1)
        scenario.faults = [Self.at(5, .latency(link: .access(node: "e5"), latency: Duration(.milliseconds(300)), jitter: Duration(.zero)))]
        let compiled = try Self.compiled(scenario)
        var optimised = ClusterRun<SuperEdge>(compiled, options: World.Options())
        optimised.run(until: .minutes(9))
        #expect(optimised.plane.agents[1].peers[5].stamp < .minutes(2), "e5's later rounds, slower, only refreshed")
        #expect(optimised.plane.refreshes.pendingCount == 12)
        LazyKubeletEquivalenceTests.compare(compiled, label: "latency change")
    }

    /// retail-fleet's shape in superedge mode: a check set per store (multi-region), stores
    /// behind jittery ISP links, blips, a regional outage and power losses, so parked loops are
    /// woken by network changes, reboots and annotations over four hours.
    @Test("a small fleet of per-store check sets with blips, an outage and power losses")
    func smallFleet() throws {
        let text = """
            mode superedge
            duration 4h
            seed 5
            set kubernetes-version 1.29
            set edge-health-multi-region true
            zone north,south
            site isp-a,isp-b
            site store-01..08 zone north,south via isp-a,isp-b
            each site store-* link {site} <-> {via} latency 15ms jitter 10ms
            each site store-* node {site}-1..3 site {site} label tencent.tkeedgehealth/topology-zone={site}
            each site store-* deployment {site}-pos replicas 1 on site {site}
            each site isp-* random blips-{site} cut link via={site} <-> {site} for lognormal 40s p95 3m every exponential 2h
            random isp-b-south cut link zone=south <-> isp-b for lognormal 20m p95 40m once share 100% from 30m until 3h
            each site store-* random power-{site} power-off site={site} for uniform 10m..1h every exponential 12h share 100% permanent 30%
            random kill power-off store-0*-2 for uniform 1m..5m every exponential 1h

            """
        let compiled = try ScenarioRun.compiled(text: text)[0]
        let (optimised, straightforward) = LazyKubeletEquivalenceTests.compare(compiled, label: "superedge small fleet")
        #expect(TimelineRenderer.text(optimised).contains("nodeunhealth"))
        #expect(optimised.eventsProcessed * 3 < straightforward.eventsProcessed)
    }
}
