@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

/// The comparer on recordings made from edgesim's own prediction, then altered the way a real
/// control plane could differ: a pass late, an event missing or extra, a scheduler tie.
@Suite("Conformance comparison")
struct ConformanceComparisonTests {
    static let scenario = """
    name cmp
    seed 4
    duration 8m
    mode kubernetes
    set kubernetes-version 1.29
    set default-toleration-seconds 60
    zone edge
    site edge zone edge
    node e-1..3 site edge
    deployment app replicas 2 on nodes e-2,e-3 service app
    at 1m..5m cut access e-3
    """

    /// edgesim's own run, as the comparer sees the simulated side, and its plan.
    static func predicted() throws -> (events: [ConformanceEvent], plan: ConformancePlan) {
        let (parsed, map) = try ScenarioParser.parse(scenario, file: "cmp.scenario")
        let compiled = try ScenarioCompiler.compile(parsed, sourceMap: map)
        let report = try simulateChecked(compiled)
        return (ConformanceComparison.events(of: report), ConformancePlan(compiled))
    }

    static func recording(_ events: [ConformanceEvent]) -> ConformanceRecording {
        ConformanceRecording(file: "cmp.jsonl", scenario: "cmp", variant: nil, seed: 4, kubernetesVersion: "v1.29.test",
                             monitorPhase: .zero, events: events, headerLine: "{}")
    }

    static func compare(_ recorded: [ConformanceEvent]) throws -> ConformanceComparison {
        let (events, plan) = try predicted()
        return ConformanceComparison(recording: recording(recorded), simulated: events, plan: plan, tolerance: .milliseconds(500))
    }

    @Test("edgesim's own timeline, as a recording, agrees with every event and interval it observes")
    func selfAgreement() throws {
        let (events, _) = try Self.predicted()
        let comparison = try Self.compare(events)
        #expect(comparison.agrees)
        #expect(comparison.largestDifference == .zero)
        #expect(comparison.rows.count == events.count)
        let names = Set(comparison.intervals.map(\.name))
        #expect(names.contains("lease landed -> Unknown"))
        #expect(names.contains("Unknown -> NoExecute"))
        #expect(names.contains { $0.hasPrefix("NoExecute -> eviction") })
        #expect(names.contains("heal -> Ready"))
    }

    @Test("a node turning Unknown one monitor pass (5 s) later is a difference, in the event and its intervals")
    func onePassLate() throws {
        var (events, _) = try Self.predicted()
        let index = try #require(events.firstIndex { $0.event == "node-ready-changed" && $0.detail == "Unknown" })
        events[index].time += .seconds(5)
        let comparison = try Self.compare(events)
        #expect(!comparison.agrees)
        let row = try #require(comparison.rows.first { $0.key == events[index].key })
        #expect(row.verdict == .differs)
        #expect(row.difference == .seconds(5))
        let unknownToTaint = try #require(comparison.intervals.first { $0.name == "Unknown -> NoExecute" })
        #expect(unknownToTaint.difference == .seconds(-5))
        #expect(comparison.text.contains("DIFFERS"))
    }

    @Test("an eviction the real run lacks is missing, a taint only it has is extra")
    func missingAndExtra() throws {
        var (events, _) = try Self.predicted()
        let eviction = try #require(events.firstIndex { $0.event == "pod-evicted" })
        let removed = events.remove(at: eviction)
        events.append(ConformanceEvent(time: .minutes(2), event: "taint-added", node: "e-1", pod: nil, workload: nil,
                                       detail: "node.kubernetes.io/unreachable:NoSchedule"))
        let comparison = try Self.compare(events)
        #expect(!comparison.agrees)
        #expect(comparison.rows.contains { $0.verdict == .missing && $0.key == removed.key })
        #expect(comparison.rows.contains { $0.verdict == .extra && $0.key.hasPrefix("taint-added|e-1|") })
    }

    @Test("a replacement the real scheduler put on another eligible node is a tie, not a failure")
    func schedulerTie() throws {
        var (events, _) = try Self.predicted()
        let scheduled = try #require(events.firstIndex { $0.event == "pod-scheduled" })
        let original = events[scheduled].node
        events[scheduled].node = original == "e-2" ? "e-1" : "e-2"
        events[scheduled].time += .milliseconds(30)
        let comparison = try Self.compare(events)
        #expect(comparison.rows.contains { $0.verdict == .tie })
        #expect(!comparison.rows.contains { $0.verdict == .missing || $0.verdict == .extra })
    }

    @Test("a malformed recording names the file and line")
    func malformed() throws {
        let header = #"{"recording":"header","scenario":"cmp","seed":4,"kubernetes_version":"v1.29.test","node_monitor_phase_us":0}"#
        let good = #"{"event":"fault","fault":"cut access e-3","phase":"start","subject":"e-3","time_us":60000000}"#
        let parsed = try ConformanceRecording.parse(header + "\n" + good + "\n", file: "r.jsonl")
        #expect(parsed.events.count == 1)
        #expect(parsed.events[0].time == .minutes(1))
        #expect(throws: ScenarioError.self) { try ConformanceRecording.parse(header + "\n" + good + "\nnot json\n", file: "r.jsonl") }
        do {
            _ = try ConformanceRecording.parse(header + "\n" + good + "\n{\"event\":\"pod-exploded\",\"time_us\":1}\n", file: "r.jsonl")
            Issue.record("an unknown event name was accepted")
        } catch {
            #expect(error.description.hasPrefix("r.jsonl:3:1: error: unknown event \"pod-exploded\""), "\(error)")
        }
        do {
            _ = try ConformanceRecording.parse(good + "\n", file: "r.jsonl")
            Issue.record("a recording without its header was accepted")
        } catch {
            #expect(error.description.hasPrefix("r.jsonl:1:1: error: expected the header line first"), "\(error)")
        }
    }

    @Test("the plan lists each renewal once, lost ones while the node's route is cut")
    func planRenewals() throws {
        let (_, plan) = try Self.predicted()
        let cut = plan.renewals.filter { $0.node == "e-3" && $0.sent >= .minutes(1) && $0.sent < .minutes(5) }
        #expect(!cut.isEmpty)
        #expect(cut.allSatisfy { $0.arrival == nil })
        let healthy = plan.renewals.filter { $0.node == "e-1" }
        #expect(healthy.count == 48)  // every 10 s for 8 minutes
        #expect(healthy.allSatisfy { $0.arrival != nil })
        #expect(plan.lines.first?.contains(#""plan":"header""#) == true)
        #expect(plan.lines.contains { $0.contains(#""plan":"route""#) && $0.contains(#""node":"e-3""#) && $0.contains(#""reachable":false"#) })
    }
}

@Test("a recording's times are whole numbers: 0 and 1 are, true and 1.5 are not")
func recordingNumbers() throws {
    let header = #"{"recording":"header","scenario":"cmp","seed":1,"kubernetes_version":"v","node_monitor_phase_us":0}"#
    let zero = try ConformanceRecording.parse(header + "\n" + #"{"event":"pod-ready","time_us":0}"#, file: "r.jsonl")
    #expect(zero.events[0].time == .zero)
    #expect(zero.seed == 1)
    for bad in [#"{"event":"pod-ready","time_us":true}"#, #"{"event":"pod-ready","time_us":1.5}"#] {
        #expect(throws: ScenarioError.self) { try ConformanceRecording.parse(header + "\n" + bad, file: "r.jsonl") }
    }
}

@Test("two nodes tainted at the same instants in the other order are a tie; a taint a pass late is not")
func taintQueueOrder() throws {
    func taint(_ node: String, _ seconds: Int64) -> ConformanceEvent {
        ConformanceEvent(time: .seconds(seconds), event: "taint-added", node: node, pod: nil, workload: nil,
                         detail: "node.kubernetes.io/unreachable:NoExecute")
    }
    let simulated = [taint("b-1", 100), taint("b-2", 120)]
    let rows = ConformanceComparison.pair(real: [taint("b-1", 120), taint("b-2", 100)], simulated: simulated, tolerance: .milliseconds(500))
    #expect(rows.map(\.verdict) == [.tie, .tie])
    let late = ConformanceComparison.pair(real: [taint("b-1", 120), taint("b-2", 105)], simulated: simulated, tolerance: .milliseconds(500))
    #expect(late.map(\.verdict) == [.differs, .differs])
}
