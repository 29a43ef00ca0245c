@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

@Suite("Trace renderer")
struct TraceRendererTests {
    static func events(_ name: String) throws -> [[String: Any]] {
        let json = TraceRenderer.render(try ScenarioRun.reports(name))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(object["traceEvents"] as? [[String: Any]])
    }

    @Test("the trace is JSON with a named track per node", arguments: ["gz-3-disconnect", "power-loss", "zone-outage", "latency-profiles"])
    func namedTrackPerNode(_ name: String) throws {
        let events = try Self.events(name)
        let reports = try ScenarioRun.reports(name)
        let threadNames = events.filter { $0["ph"] as? String == "M" && $0["name"] as? String == "thread_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        for report in reports {
            for node in report.nodeNames { #expect(threadNames.contains { $0 == node || $0.hasPrefix(node + " (") }) }
        }
        #expect(events.filter { $0["ph"] as? String == "i" }.count == reports.reduce(0) { $0 + $1.timeline.count })
    }

    @Test("Unknown stretches and faults are complete slices, and slices on one track nest")
    func slicesNest() throws {
        let events = try Self.events("power-loss")
        let slices = events.filter { $0["ph"] as? String == "X" }
        let names = slices.compactMap { $0["name"] as? String }
        #expect(names.contains("Ready=Unknown"))
        #expect(names.contains("power-off"))
        var byTrack: [Int: [(Int, Int)]] = [:]
        for slice in slices {
            let tid = try #require(slice["tid"] as? Int), ts = try #require(slice["ts"] as? Int), dur = try #require(slice["dur"] as? Int)
            #expect(dur > 0)
            byTrack[tid, default: []].append((ts, ts + dur))
        }
        for (_, spans) in byTrack {
            for a in spans {
                for b in spans where a != b {
                    let disjoint = a.1 <= b.0 || b.1 <= a.0
                    let nested = (a.0 <= b.0 && b.1 <= a.1) || (b.0 <= a.0 && a.1 <= b.1)
                    #expect(disjoint || nested)
                }
            }
        }
    }

    @Test("the power-off slice spans 5m to 15m in microseconds")
    func powerOffSlice() throws {
        let slice = try #require(try Self.events("power-loss").first { $0["name"] as? String == "power-off" && $0["ph"] as? String == "X" })
        #expect(slice["ts"] as? Int == 300_000_000)
        #expect(slice["dur"] as? Int == 600_000_000)
    }

    @Test("rendering is byte-deterministic")
    func deterministic() throws {
        #expect(TraceRenderer.render(try ScenarioRun.reports("zone-outage")) == TraceRenderer.render(try ScenarioRun.reports("zone-outage")))
    }
}
