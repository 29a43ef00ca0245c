import EdgeSimTestSupport
import Foundation
import Testing
@testable import EdgeSim

@Suite("Scenario params")
struct ParamTests {
    static let text = """
        duration 2h
        param OUTAGE 10m
        param SHARE 50%
        set node-monitor-grace-period $GRACE
        param GRACE 40s
        zone south
        site a zone south
        site b zone south
        node a-1 site a
        node b-1 site b
        deployment web replicas 2 service web
        at 10m..$OUTAGE-late cut uplink a
        random isp cut uplink zone=south for $OUTAGE once share $SHARE
        variant all set SHARE 100%

        """.replacingOccurrences(of: "$OUTAGE-late", with: "30m")

    static func compile(_ overrides: [Setting] = [], variant: String? = nil) throws -> CompiledScenario {
        let (scenario, map) = try ScenarioParser.parse(Self.text, file: "params.scenario")
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: variant, overrides: overrides)[0]
    }

    @Test("$NAME stands for its value anywhere, even before the param is declared")
    func substitution() throws {
        let compiled = try Self.compile()
        #expect(compiled.settings.nodeLifecycle.gracePeriod == .seconds(40))
        #expect(compiled.scenario.params.map(\.key) == ["OUTAGE", "SHARE", "GRACE"])
        let drawn = compiled.faults.filter { $0.text.hasSuffix("(random isp)") }
        // The variant's 100% hits both sites, for the param's 10 minutes.
        #expect(drawn.count == 2)
        #expect(drawn.allSatisfy { $0.until! - $0.at == .minutes(10) })
    }

    @Test("--set NAME=VALUE parses the file again with that value; the command line beats a variant")
    func overrides() throws {
        let compiled = try Self.compile([Setting(key: "GRACE", value: "2m"), Setting(key: "SHARE", value: "50%"),
                                         Setting(key: "OUTAGE", value: "25m")])
        #expect(compiled.settings.nodeLifecycle.gracePeriod == .seconds(120))
        let drawn = compiled.faults.filter { $0.text.hasSuffix("(random isp)") }
        #expect(drawn.count == 1)
        #expect(drawn[0].until! - drawn[0].at == .minutes(25))
    }

    @Test("a sweep crosses a param with a setting, judging every value before it runs")
    func swept() throws {
        let (scenario, map) = try ScenarioParser.parse(Self.text, file: "params.scenario")
        let plan = try SweepPlan(scenario: scenario, sourceMap: map,
                                 grid: [SweepPlan.Axis(key: "SHARE", values: ["50%", "100%"]),
                                        SweepPlan.Axis(key: "node-eviction-rate", values: ["0.1", "1"])])
        #expect(plan.count == 4)
        let shares = try (0..<4).map { try plan.compile(plan.run($0)).faults.filter { $0.text.hasSuffix("(random isp)") }.count }
        #expect(shares == [1, 1, 2, 2])
        #expect(throws: ScenarioError.self) {
            try SweepPlan(scenario: scenario, sourceMap: map, grid: [SweepPlan.Axis(key: "SHARE", values: ["50%", "lots"])])
        }
        do {
            _ = try SweepPlan(scenario: scenario, sourceMap: map, grid: [SweepPlan.Axis(key: "SHAR", values: ["1%"])])
            Issue.record("an unknown grid key was accepted")
        } catch {
            #expect(error.message == "unknown setting or param \"SHAR\"; did you mean \"SHARE\"?")
        }
    }

    @Test("bad params are refused where they are written", arguments: [
        ("param 9lives 1", "1:7", "expected a param name"),
        ("param A 1\nparam A 2", "2:7", "duplicate param \"A\""),
        ("param A $B", "1:9", "a param's value cannot use another param"),
        ("duration $DURATION", "1:10", "unknown param \"DURATION\"; declare it with \"param DURATION VALUE\""),
    ])
    func refused(_ text: String, _ location: String, _ fragment: String) {
        do {
            _ = try ScenarioParser.parse(text + "\nsite s\nnode n site s\n", file: "bad.scenario")
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.location == location, "\(error.description)")
            #expect(error.message.contains(fragment), "\(error.description)")
        }
    }

    @Test("an unknown --set key lists the scenario's params")
    func unknownOverride() {
        #expect(throws: ScenarioError(file: "--set", location: "", message: "unknown param \"SHAR\"; did you mean \"SHARE\"?")) {
            _ = try ScenarioParser.parse(Self.text, file: "p.scenario", params: [Setting(key: "SHAR", value: "1%")])
        }
    }
}
