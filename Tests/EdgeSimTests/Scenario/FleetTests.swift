import EdgeSimTestSupport
import Foundation
import Testing
@testable import EdgeSim

@Suite("Fleets: site ranges, groups, each")
struct FleetTests {
    static let fleet = """
        duration 2h
        zone north,south,east region eu
        site isp-a,isp-b
        site store-01..12 zone north,south,east via isp-a,isp-b
        each site store-* link {site} <-> {via} latency 8ms
        each site store-01..06 node {site}-1..3 site {site}
        each site store-07..12 node {site}-1..2 site {site} label tier={n}
        each site store-* deployment {site}-pos replicas 1 on site {site} service {site}-pos
        each zone * deployment catalog-{zone} replicas 2 on zone {zone}
        group rural zone=east,store-02

        """

    static func parse(_ text: String) throws -> Scenario {
        try ScenarioParser.parse(text, file: "fleet.scenario").0
    }

    @Test("a site range deals its zones and parents out round-robin, or in blocks")
    func siteRange() throws {
        let scenario = try Self.parse(Self.fleet)
        let stores = scenario.sites.filter { $0.name.hasPrefix("store-") }
        #expect(stores.map(\.name) == (1...12).map { String(format: "store-%02d", $0) })
        #expect(stores.prefix(4).map(\.zone) == ["north", "south", "east", "north"])
        #expect(stores.prefix(3).map(\.via) == ["isp-a", "isp-b", "isp-a"])
        #expect(scenario.zones == ["north", "south", "east"].map { ZoneDecl(name: $0, region: "eu") })
        let blocks = try Self.parse("site s-1..6 zone a,b,c via p,q spread blocks\nzone a,b,c\nsite p,q\n")
        #expect(blocks.sites.prefix(6).map(\.zone) == ["a", "a", "b", "b", "c", "c"])
        #expect(blocks.sites.prefix(6).map(\.via) == ["p", "p", "p", "q", "q", "q"])
    }

    @Test("each site writes its statement once per site, templates filled in, in the set's order")
    func eachSite() throws {
        let scenario = try Self.parse(Self.fleet)
        #expect(scenario.nodes.count == 6 * 3 + 6 * 2)
        #expect(scenario.nodes.prefix(3).map(\.name) == ["store-01-1", "store-01-2", "store-01-3"])
        #expect(scenario.nodes.allSatisfy { $0.name.hasPrefix($0.site + "-") })
        // {n} counts along the set: store-07 is the first of store-07..12.
        #expect(scenario.nodes.first { $0.site == "store-08" }?.labels == [Label(key: "tier", value: "2")])
        #expect(scenario.links.count == 12)
        #expect(scenario.links[1].link == .between("store-02", "isp-b"))
        let pos = scenario.workloads.filter { $0.name.hasSuffix("-pos") }
        #expect(pos.count == 12)
        #expect(pos[4].placement == .site("store-05") && pos[4].service == "store-05-pos")
        #expect(scenario.workloads.suffix(3).map(\.name) == ["catalog-north", "catalog-south", "catalog-east"])
        #expect(scenario.workloads.last?.placement == .zone("east"))
    }

    @Test("the expanded fleet compiles, runs, prints and reads back as JSON")
    func compiles() throws {
        let text = Self.fleet + "at 10m..30m cut uplink isp-a\nrandom blips cut link @rural <-> isp-b for 2m every exponential 1h\n"
        let compiled = try ScenarioRun.compiled(text: text)[0]
        #expect(compiled.nodes.count == 30)
        let report = try ScenarioRun.reports(text: text)[0]
        // The ISP's stores lose the cloud with it: store-01's nodes go Unknown.
        #expect(report.timeline.contains { $0.name == "node-ready-changed" && report.nodeName($0.node) == "store-01-1" })
        let scenario = try Self.parse(text)
        #expect(try Self.parse(ScenarioPrinter.print(scenario)) == scenario)
        let (decoded, _) = try ScenarioLoader.parse(Data(ScenarioLoader.canonicalJSON(scenario).utf8), file: "fleet.json")
        #expect(decoded == scenario)
    }

    @Test("a group is the union of its sets, each member once, for faults and random processes alike")
    func groups() throws {
        let text = Self.fleet + "at 10m..20m cut link @rural,store-06 <-> isp-b\n"
        let faults = try ScenarioRun.compiled(text: text)[0].faults
        // zone=east linked to isp-b: store-06, store-12; store-02 is in the group by name and
        // store-06 named twice is hit once.
        #expect(faults.map(\.subject) == ["link:store-06<->isp-b", "link:store-12<->isp-b", "link:store-02<->isp-b"])
        let drawn = try ScenarioRun.compiled(text: Self.fleet + "random blips cut link @rural <-> isp-b for 2m every exponential 10m\n")[0].faults
        #expect(Set(drawn.map(\.subject)) == ["link:store-02<->isp-b", "link:store-06<->isp-b", "link:store-12<->isp-b"])
    }

    @Test("bad fleets are refused where they are written", arguments: [
        ("site s-1..3 zone a,b,c,d", "1:13", "4 zones for 3 sites"),
        ("each site nowhere-* node {site}-1 site {site}", "1:11", "\"nowhere-*\" matches no site"),
        ("each site store-01 node {site}-1 site {store}", "1:39", "unknown template {store}"),
        ("each site isp-a node {site}-{zone} site {site}", "1:22", "site \"isp-a\" has no zone for {zone}"),
        ("each site store-01 zone x", "1:20", "expected one of \"node\""),
        ("each site colour=blue node n site s", "1:11", "expected zone=, region= or via="),
        ("each zone mars deployment w replicas 1", "1:11", "unknown zone \"mars\""),
        ("at 1m power-off @south", "1:17", "unknown group \"south\""),
        ("group g @rural", "1:9", "a group cannot use another group"),
        // The file's own `group rural` is the second one.
        ("group rural store-1", "11:7", "duplicate group \"rural\""),
        ("site s-1..3 spread evenly", "1:20", "expected one of \"round-robin\", \"blocks\""),
    ])
    func refused(_ text: String, _ location: String, _ fragment: String) {
        do {
            let (scenario, map) = try ScenarioParser.parse(text + "\n" + Self.fleet, file: "bad.scenario")
            _ = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.location == location, "\(error.description)")
            #expect(error.message.contains(fragment), "\(error.description)")
        }
    }
}
