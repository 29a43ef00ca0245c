@testable import EdgeSim
import Testing

/// The partition table of shared/reference/superedge-edge-health.md §6, run through the whole
/// world: who gets annotated `nodeunhealth` when a check set splits.
struct EdgeHealthPartitionTests {
    /// Five (or `count`) nodes in one check set, `split` nodes in site b and the rest in site a,
    /// then `fault` from 2m to 10m; returns the nodes annotated by 10m.
    static func annotated(count: Int = 5, inB: Int, fault: String, extra: [String] = []) throws -> [String] {
        let a = count - inB
        var lines = ["name split", "duration 10m", "seed 3", "mode superedge", "zone z", "site a zone z", "site b zone z",
                     "link a <-> b latency 2ms", "node a-1..\(a) site a"]
        if inB > 0 { lines.append("node b-1..\(inB) site b") }
        lines += extra + ["at 2m..10m \(fault)"]
        let compiled = try ScenarioSource.compile(lines.joined(separator: "\n") + "\n")
        let report = simulate(compiled)
        return report.timeline.compactMap { event in
            if case .annotationAdded = event.kind { return report.nodeName(event.node) }
            return nil
        }.sorted()
    }

    @Test("one node isolated among five is annotated by the other four")
    func isolatedNode() throws {
        #expect(try Self.annotated(inB: 0, fault: "cut access a-5") == ["a-5"])
    }

    @Test("on a 3 | 2 split the larger side wins")
    func threeTwoSplit() throws {
        #expect(try Self.annotated(inB: 2, fault: "cut link a <-> b") == ["b-1", "b-2"])
    }

    @Test("on a 2 | 2 split nobody reaches 3 of 4")
    func twoTwoSplit() throws {
        #expect(try Self.annotated(count: 4, inB: 2, fault: "cut link a <-> b").isEmpty)
    }

    @Test("a whole check set cut from the cloud writes nothing")
    func wholeSetOffline() throws {
        #expect(try Self.annotated(inB: 0, fault: "cut uplink a", extra: ["at 2m power-off a-5"]).isEmpty)
    }

    @Test("an unlabelled node in multi-region mode checks only itself, as the seed says")
    func unlabelledChecksItself() throws {
        let nodes = (0..<3).map { i in
            NodeObject(id: NodeID(i), name: "n\(i)", host: HostID(i + 1), labels: i == 2 ? [:] : ["g": "x"], zoneKey: "",
                       ready: .true, creation: .zero, excludedFromDisruption: false)
        }
        var settings = EdgeHealthSettings()
        settings.multiRegion = true
        settings.zoneLabel = "g"
        #expect(EdgeHealthAgent.checkSet(of: NodeID(2), nodes: nodes, settings: settings) == [NodeID(2)])
        #expect(EdgeHealthAgent.checkSet(of: NodeID(0), nodes: nodes, settings: settings) == [NodeID(0), NodeID(1)])
        settings.unlabeledChecksAll = true
        #expect(EdgeHealthAgent.checkSet(of: NodeID(2), nodes: nodes, settings: settings).count == 3)
    }
}
