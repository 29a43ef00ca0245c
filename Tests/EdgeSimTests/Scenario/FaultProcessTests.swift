import EdgeSimTestSupport
import Foundation
import Testing
@testable import EdgeSim

@Suite("Random fault processes")
struct FaultProcessTests {
    static let fleet = """
        duration 24h
        seed 3
        zone south
        zone north
        site store-1 zone south
        site store-2 zone south
        site store-3 zone south
        site store-4 zone north
        node s1-1..2 site store-1
        node s2-1..2 site store-2
        node s3-1..2 site store-3
        node s4-1..2 site store-4 label role=till
        deployment web replicas 8 service web

        """

    static func faults(_ text: String) throws -> [CompiledScenario.Fault] {
        try ScenarioRun.compiled(text: fleet + text)[0].faults
    }

    /// The faults one process drew, as (start, end, subject), in scenario order.
    static func drawn(by process: String, _ faults: [CompiledScenario.Fault]) -> [String] {
        faults.filter { $0.text.hasSuffix("(random \(process))") }.map { "\($0.at) \($0.until.map(\.description) ?? "-") \($0.subject)" }
    }

    @Test("each target has its own process: up for an every-draw, down for a for-draw, within the window")
    func perTarget() throws {
        let faults = try Self.faults("random blips cut uplink store-* for lognormal 30s p95 2m every exponential 2h from 1h until 23h\n")
        #expect(faults.count > 20)
        for fault in faults {
            #expect(fault.at >= .seconds(3_600) && fault.at < .seconds(23 * 3_600))
            #expect(fault.text.hasPrefix("cut uplink store-") && fault.text.hasSuffix(" (random blips)"))
        }
        // One target's outages never overlap.
        for site in 1...4 {
            let mine = faults.filter { $0.subject == "uplink:store-\(site)" }
            #expect(!mine.isEmpty)
            for (a, b) in zip(mine, mine.dropFirst()) { #expect(a.until! <= b.at) }
        }
    }

    @Test("adding a process, a site or a node changes no other process's draws")
    func independentStreams() throws {
        let blips = "random blips cut uplink store-* for lognormal 30s p95 2m every exponential 2h\n"
        let alone = Self.drawn(by: "blips", try Self.faults(blips))
        let withPower = try Self.faults("random power power-off role=till for 20m every exponential 6h\n" + blips)
        #expect(Self.drawn(by: "blips", withPower) == alone)
        #expect(!Self.drawn(by: "power", withPower).isEmpty)
        let grown = try ScenarioRun.compiled(text: Self.fleet + "site depot zone north\nnode d-1 site depot\nnode s1-3 site store-1\n" + blips)[0]
        #expect(Self.drawn(by: "blips", grown.faults) == alone)
        // A new seed draws anew.
        let reseeded = try ScenarioRun.compiled(text: Self.fleet.replacingOccurrences(of: "seed 3", with: "seed 4") + blips)[0]
        #expect(Self.drawn(by: "blips", reseeded.faults) != alone)
    }

    @Test("a share of the set: every outage hits that many targets at once, for the same time")
    func correlated() throws {
        let faults = try Self.faults("random isp cut uplink zone=south for lognormal 25m p95 60m every exponential 4h share 60%\n")
        let byStart = Dictionary(grouping: faults, by: \.at)
        #expect(byStart.count >= 3)
        for (_, group) in byStart {
            // 60 % of the south's three stores, rounded: 2.
            #expect(group.count == 2)
            #expect(Set(group.map(\.until)).count == 1)
            #expect(group.allSatisfy { $0.subject != "uplink:store-4" })
        }
        let counted = try Self.faults("random isp cut uplink store-1,store-2,store-4 for 10m once count 3\n")
        #expect(counted.map(\.subject) == ["uplink:store-1", "uplink:store-2", "uplink:store-4"])
    }

    @Test("once is one outage per target at a time drawn in the window; permanent ones never end")
    func onceAndPermanent() throws {
        let faults = try Self.faults("random power power-off s1-1..2,role=x for 1h once from 2h until 3h permanent 100%\n".replacingOccurrences(of: ",role=x", with: ""))
        #expect(faults.map(\.subject) == ["s1-1", "s1-2"])
        #expect(faults.allSatisfy { $0.until == nil && $0.at >= .seconds(7_200) && $0.at < .seconds(10_800) })
        #expect(try Self.faults("random api apiserver-down for 2m every exponential 6h\n").allSatisfy { $0.subject == "apiserver" && $0.until != nil })
    }

    @Test("target sets: a glob, a list, a range, a zone, a node label")
    func targetSets() throws {
        func subjects(_ set: String, _ verb: String = "power-off") throws -> [String] {
            Array(Set(try Self.faults("random p \(verb) \(set) for 1m once\n").map(\.subject))).sorted()
        }
        #expect(try subjects("s*-2") == ["s1-2", "s2-2", "s3-2", "s4-2"])
        #expect(try subjects("s1-1,s3-2") == ["s1-1", "s3-2"])
        #expect(try subjects("s2-1..s3-1".replacingOccurrences(of: "s2-1..s3-1", with: "s1-1..2")) == ["s1-1", "s1-2"])
        #expect(try subjects("zone=north") == ["s4-1", "s4-2"])
        #expect(try subjects("role=till") == ["s4-1", "s4-2"])
        #expect(try subjects("site=store-2") == ["s2-1", "s2-2"])
        #expect(try subjects("uplink zone=north", "cut") == ["uplink:store-4"])
    }

    @Test("bad processes are refused where they are written", arguments: [
        ("random p cut uplink depot-* for 1m once", "15:21", "\"depot-*\" matches no site this fault can hit"),
        ("random p cut uplink store-1 every 1h", "15:1", "expected \"for\" and how long each outage lasts"),
        ("random p cut uplink store-1 for 1m", "15:1", "expected \"every\" and the time between outages"),
        ("random p heal uplink store-1 for 1m once", "15:10", "expected one of \"cut\""),
        ("random p power-off s1-1 for 1m once share 10% count 2", "15:1", "expected share or count, not both"),
        ("random p power-off s9-1 for 1m once", "15:20", "unknown node \"s9-1\""),
        ("random p power-off s1-1 for 1m once from 25h", "15:42", "within the run"),
        ("random p cut uplink store-* for 100ms every 100ms", "15:1", "realises more than 1000000 faults"),
        ("random p power-off s1-1 for lognormal 1m p90 2m once", "15:29", "expected p95 or p99"),
    ])
    func refused(_ line: String, _ location: String, _ fragment: String) {
        do {
            _ = try Self.faults("\n" + line + "\n")
            Issue.record("\(line) was accepted")
        } catch let error as ScenarioError {
            #expect(error.location == location, "\(error.description)")
            #expect(error.message.contains(fragment), "\(error.description)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("the JSON form draws the same faults as the line it prints from")
    func jsonRoundTrip() throws {
        let text = Self.fleet + "random isp cut uplink zone=south for lognormal 25m p95 60m every exponential 4h share 60% permanent 10%\n"
        let compiled = try ScenarioRun.compiled(text: text)[0]
        let json = ScenarioLoader.canonicalJSON(compiled.scenario)
        let (scenario, map) = try ScenarioLoader.parse(Data(json.utf8), file: "fleet.json")
        let again = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()[0]
        #expect(again.faults.map(\.text) == compiled.faults.map(\.text))
        #expect(again.faults.map(\.at) == compiled.faults.map(\.at))
        #expect(json.contains("\"for\" : \"lognormal 25m p95 1h\"") || json.contains("\"for\":\"lognormal 25m p95 1h\""))
    }

    @Test("a scripted fault over a target set is one fault per member, at the same times")
    func scriptedSets() throws {
        let faults = try Self.faults("""
            at 5m..10m cut uplink store-1..3
            at 12m power-off role=till
            at 13m power-on site=store-4
            at 14m..15m drop s*-1 -> apiserver port 6443
            at 16m restart-edge s1-1,s2-1

            """)
        #expect(faults.map(\.text) == [
            "cut uplink store-1", "cut uplink store-2", "cut uplink store-3", "power-off s4-1", "power-off s4-2",
            "power-on s4-1", "power-on s4-2", "drop s1-1 -> apiserver port 6443", "drop s2-1 -> apiserver port 6443",
            "drop s3-1 -> apiserver port 6443", "drop s4-1 -> apiserver port 6443", "restart-edge s1-1,s2-1",
        ])
        #expect(faults.prefix(3).allSatisfy { $0.at == .minutes(5) && $0.until == .minutes(10) })
        #expect(throws: ScenarioError.self) { try Self.faults("at 5m cut uplink depot-*\n") }
    }
}
