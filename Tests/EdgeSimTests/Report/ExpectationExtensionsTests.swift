@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

/// `expect` details, `annotations`, `pending` and intervals, on hand-built reports and text.
@Suite("expect: details, pending and intervals")
struct ExpectationExtensionsTests {
    static func outcome(_ line: String, _ report: RunReport) throws -> ExpectationChecker.Outcome {
        let (scenario, _) = try ScenarioParser.parse("name x\nduration 30m\nzone z\nsite s zone z\nnode n1 site s\n" + line + "\n", file: "x.scenario")
        return ExpectationChecker.check(scenario.expectations, against: report)[0]
    }

    // n1: Unknown at 40 s, NoSchedule and NoExecute taints at 40 s and 45 s, evicted at 345 s.
    static let report: RunReport = {
        let n1 = NodeID(0)
        func at(_ s: Int64, _ kind: TimelineEvent.Kind, _ pod: PodID? = nil) -> TimelineEvent {
            TimelineEvent(time: .seconds(s), kind: kind, node: n1, pod: pod)
        }
        return RunReport(
            duration: .seconds(600),
            timeline: [at(0, .podScheduled, PodID(0)), at(40, .nodeReadyChanged(.unknown)),
                       at(40, .taintAdded("node.kubernetes.io/unreachable:NoSchedule")),
                       at(45, .taintAdded("node.kubernetes.io/unreachable:NoExecute")),
                       at(50, .annotationAdded("nodeunhealth=yes")), at(345, .podEvicted(nil), PodID(0))],
            nodeNames: ["n1"], podNames: ["web-1", "web-2"], podWorkloadIndex: [0, 0], podCreated: [.zero, .seconds(345)],
            workloads: [("web", .deployment, [n1])])
    }()

    @Test("an interval is the delay from the first anchor to the first matching event after it")
    func intervals() throws {
        let passing = try Self.outcome("expect taint-added node:n1 unreachable:NoExecute within 5s after node-ready-changed node:n1 Unknown", Self.report)
        #expect(passing.passed && passing.actual == "5s")
        let eviction = try Self.outcome("expect pod-evicted node:n1 between 295s and 299s after taint-added node:n1 NoExecute", Self.report)
        #expect(!eviction.passed && eviction.actual == "5m")
        let never = try Self.outcome("expect pod-evicted node:n1 within 1m after pod-restarted all", Self.report)
        #expect(!never.passed && never.actual == "no pod-restarted all")
        let nothingAfter = try Self.outcome("expect node-ready-changed node:n1 True within 1m after taint-added node:n1", Self.report)
        #expect(!nothingAfter.passed && nothingAfter.actual == "no node-ready-changed after it")
    }

    @Test("taints count NoExecute unless a detail says which; annotations count what they are told")
    func details() throws {
        #expect(try Self.outcome("expect by 1m taints node:n1 == 1", Self.report).passed)
        #expect(try Self.outcome("expect by 1m taints NoSchedule node:n1 == 1", Self.report).passed)
        #expect(try Self.outcome("expect by 1m taints node:n1 node.kubernetes.io/unreachable == 2", Self.report).passed)
        #expect(try Self.outcome("expect by 1m annotations nodeunhealth=yes all == 1", Self.report).passed)
        #expect(try Self.outcome("expect by 1m annotations nodeunhealth=no all == 0", Self.report).passed)
    }

    @Test("pending counts pods created and not bound at the instant")
    func pending() throws {
        // web-2 is created at 345 s and never bound.
        #expect(try Self.outcome("expect at 5m pending all == 0", Self.report).passed)
        #expect(try Self.outcome("expect at 5m45s pending all == 1", Self.report).actual == "1")
    }

    @Test("intervals and details print back as written and survive JSON")
    func roundTrip() throws {
        let lines = [
            "expect variant v taint-added node:n1 unreachable:NoExecute within 10s after node-ready-changed node:n1 Unknown",
            "expect pod-evicted node:n1 between 4m55s and 5m5s after taint-added node:n1",
            "expect by 1m taints NoSchedule node:n1 == 1",
        ]
        let text = "name x\nduration 30m\nzone z\nsite s zone z\nnode n1 site s\nvariant v mode kubernetes\n" + lines.joined(separator: "\n") + "\n"
        let (scenario, map) = try ScenarioParser.parse(text, file: "x.scenario")
        #expect(scenario.expectations.map(\.text) == lines)
        _ = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
        let json: Data = try JSONEncoder().encode(scenario.expectations)
        let decoded: [EdgeSim.Expectation] = try JSONDecoder().decode([EdgeSim.Expectation].self, from: json)
        #expect(decoded == scenario.expectations)
    }

    @Test("bad interval and detail lines are exit 2 with the place and what was expected", arguments: [
        ("expect pod-evicted node:n1 within 10s before taint-added node:n1", "6:39: error: expected \"after\", got \"before\""),
        ("expect pod-evicted node:n9 within 10s after taint-added node:n1", "6:20: error: unknown node \"n9\"; did you mean \"n1\"?"),
        ("expect pod-evicted node:n1 between 20s and 10s after taint-added node:n1", "6:1: error: expected the shortest delay, no longer than the longest (10s), got \"20s\""),
        ("expect by 1m evictions Unknown node:n1 == 1", "6:24: error: \"evictions\" takes no detail; only taints, untaints, annotations do"),
    ])
    func badLines(_ line: String, _ message: String) throws {
        let text = "name x\nduration 30m\nzone z\nsite s zone z\nnode n1 site s\n" + line + "\n"
        do {
            let (scenario, map) = try ScenarioParser.parse(text, file: "x.scenario")
            _ = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.description == "x.scenario:" + message)
        }
    }
}
