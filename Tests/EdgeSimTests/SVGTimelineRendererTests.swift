@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("SVG timeline renderer")
struct SVGTimelineRendererTests {
    /// The elements of an SVG document, parsed by a real XML parser.
    final class Elements: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            elements.append((name, attributes))
        }

        static func parse(_ svg: String) throws -> Elements {
            let parser = XMLParser(data: Data(svg.utf8))
            let elements = Elements()
            parser.delegate = elements
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
            return elements
        }

        func values(_ attribute: String, of className: String) -> [String] {
            elements.filter { $0.attributes["class"] == className }.compactMap { $0.attributes[attribute] }
        }
    }

    @Test("every shipped scenario renders to well-formed SVG with one lane per node", arguments: ["gz-3-disconnect", "power-loss", "zone-outage", "latency-profiles"])
    func wellFormedWithALanePerNode(_ name: String) throws {
        let reports = try ScenarioRun.reports(name)
        let svg = SVGTimelineRenderer.render(reports)
        let elements = try Elements.parse(svg)
        #expect(elements.elements.first?.name == "svg")
        #expect(elements.values("data-node", of: "node-lane") == reports.flatMap { report in
            // Lanes are grouped by zone, in order of each zone's first node.
            var zones: [String] = []
            for zone in report.zoneOfNode where !zones.contains(zone) { zones.append(zone) }
            return zones.flatMap { zone in
                var sites: [String] = []
                for (i, z) in report.zoneOfNode.enumerated() where z == zone && !sites.contains(report.siteOfNode[i]) { sites.append(report.siteOfNode[i]) }
                return sites.flatMap { site in report.nodeNames.indices.filter { report.zoneOfNode[$0] == zone && report.siteOfNode[$0] == site }.map { report.nodeNames[$0] } }
            }
        })
    }

    @Test("rendering is byte-deterministic")
    func deterministic() throws {
        let svg = SVGTimelineRenderer.render(try ScenarioRun.reports("power-loss"))
        #expect(svg == SVGTimelineRenderer.render(try ScenarioRun.reports("power-loss")))
        #expect(!svg.contains("e+") && !svg.contains("nan"))
    }

    @Test("the power-off is shaded on the powered-off node's lane and its eviction is marked")
    func powerOffAndEviction() throws {
        let svg = SVGTimelineRenderer.render(try ScenarioRun.reports("power-loss"))
        let lane = try #require(svg.components(separatedBy: "data-node=\"rw-1\"").dropFirst().first?.components(separatedBy: "</g>\n</g>").first)
        #expect(lane.contains("fill=\"\(SVGTimelineRenderer.Palette.powerOff)\""))
        #expect(lane.contains("pod-evicted"))
        #expect(lane.contains("Ready=Unknown"))
    }

    /// Sixty nodes in one zone of which only `big-7` is hit: more lanes than the SVG shows one by one.
    static let sixtyNodes = """
    name sixty
    duration 20m
    zone big
    site big zone big
    node big-1..60 site big
    deployment web replicas 6 service web
    at 5m..15m cut access big-7
    """

    @Test("beyond fifty nodes, nodes that never changed fold into one lane per zone")
    func collapsesUnchangedNodes() throws {
        let reports = try ScenarioRun.reports(text: Self.sixtyNodes)
        let report = try #require(reports.first)
        let elements = try Elements.parse(SVGTimelineRenderer.render(report))
        let shown = elements.values("data-node", of: "node-lane")
        #expect(shown.contains("big-7"))
        #expect(shown.count < 60)
        let folded = elements.values("data-count", of: "unchanged-lane").compactMap(Int.init)
        #expect(folded.count == 1)
        #expect(shown.count + folded.reduce(0, +) == 60)
    }
}
