@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

@Suite("WorkEstimate and RunBudget")
struct WorkEstimateTests {
    static let text = GeneratedInput.twoSitesWithFlap

    @Test("the estimate of a hand-worked scenario, part by part")
    func handWorkedEstimate() throws {
        let compiled = try ScenarioRun.compiled(text: Self.text)[0]
        let estimate = WorkEstimate(compiled)
        // Nodes: 20 × 3600 s / 100 s + 3600 / 2 loop ticks. Placement: 3 lines a pod and one a node.
        // The cut: 2 changes, 10 nodes rerouted twice (2 events), one outage past the 40 s grace
        // of 10 nodes with a pod each (10 × 6 events, 10 × 8 lines). The flap: 15 periods in
        // 30 minutes, 30 changes rerouting 10 nodes (30 events), and each 60 s down phase outlasts
        // the grace: 150 node outages (900 events, 1200 lines).
        let cut: Int64 = 2 + 2 + 60, flap: Int64 = 30 + 30 + 900, lines: Int64 = 80 + 1_200
        #expect(estimate.parts.map(\.what) == ["20 nodes for 1h", "the initial placement of 20 pods", "2 faults"])
        #expect(estimate.parts.map(\.events) == [2_520, 80, cut + flap + lines])
        #expect(estimate.events == 4_904)
        let nodeBytes: Int64 = (32 << 20) + 20 * 2_048, podBytes: Int64 = 20 * 1_024 + 80 * 256
        #expect(estimate.bytes == nodeBytes + podBytes + 1_280 * 256)
    }

    @Test("SuperEdge prices its check sets by group and its peer records by the cluster's size")
    func superEdgeCheckSets() throws {
        let nodes = """
            mode superedge
            duration 1h
            set edge-health-multi-region true
            set edge-health-zone-label role
            site s
            node a-1..a-3 site s label role=a
            node b-1..b-2 site s label role=b
            node c-1 site s

            """
        let own = try ScenarioRun.compiled(text: nodes)[0]
        let edgeHealth = try #require(WorkEstimate(own).parts.first { $0.what.hasPrefix("edge-health") })
        // 3² + 2² + 1 (the unlabelled node checks itself); 1 event a pair and hour and 800 a
        // daemon; a peer record and a round's bytes per pair.
        #expect(edgeHealth.what == "edge-health: 14 checker-target pairs")
        #expect(edgeHealth.events == 14 * 1 + 6 * 800)
        #expect(edgeHealth.bytes == 14 * (24 + 12))
        let all = try ScenarioRun.compiled(text: nodes + "set edge-health-unlabeled all\n")[0]
        #expect(WorkEstimate(all).parts.contains { $0.what == "edge-health: 19 checker-target pairs" })
    }

    @Test("a run estimated over its budget is refused at its duration, with the estimate and the flags")
    func refusedUpFront() throws {
        let compiled = try ScenarioRun.compiled(text: Self.text, file: "two-sites.scenario")[0]
        #expect(throws: Never.self) { try RunBudget().admit(compiled) }
        do {
            try RunBudget(maxEvents: 4_903).admit(compiled)
            Issue.record("a run over its budget was admitted")
        } catch {
            #expect(error.file == "two-sites.scenario")
            #expect(error.location == "1:10")
            #expect(error.message.hasPrefix("this scenario needs about 4904 events and 32 MiB (20 nodes for 1h: 2520 events, 32 MiB; 2 faults: 2304 events, 0 MiB; "))
            #expect(error.message.hasSuffix("over the budget of 4903 events and 4.0 GiB; --max-events N and --max-memory GIB raise it"))
        }
        #expect(throws: ScenarioError.self) { try RunBudget(maxBytes: 32 << 20).admit(compiled) }
    }

    @Test("a run that passes its budget stops there and is reported as over it, not as a result")
    func stoppedAtTheBudget() throws {
        let compiled = try ScenarioRun.compiled(text: Self.text)[0]
        var options = World.Options()
        options.maxEvents = 3_000
        let world = World(compiled, options: options)
        world.run()
        let stop = try #require(world.overBudgetAt)
        #expect(stop < compiled.duration)
        #expect(world.eventsProcessed + world.timeline.count > 3_000)
        // The whole run fits its default budget and takes more than the 3,000 events it stopped at.
        let whole = try simulateChecked(compiled)
        #expect(whole.eventsProcessed + whole.timeline.count > 3_000)
        // Timeline lines alone: the initial placement's lines pass a limit of 10 at the first event
        // (within the first 100 ms: the tainting loop's drawn phase is below its period).
        var lines = World.Options()
        lines.maxTimelineLines = 10
        let short = World(compiled, options: lines)
        short.run()
        #expect(try #require(short.overBudgetAt) < .milliseconds(100))
        // Admitted at exactly its estimate, the run (8,760 events and lines in all; 9,068 when steady
        // kubelets' status reports were events, 9,100 when lease renewals sat on the exact grid)
        // passes it.
        #expect(whole.eventsProcessed + whole.timeline.count == 8_760)
        do {
            _ = try simulateChecked(compiled, budget: RunBudget(maxEvents: 4_904))
            Issue.record("a run past its budget returned a report")
        } catch let error as ScenarioError {
            #expect(error.location == "1:10")
            #expect(error.message.hasPrefix("the run went past its budget of 4904 events and 4.0 GiB at +00:"))
            #expect(error.message.hasSuffix("; --max-events N and --max-memory GIB raise the budget"))
        }
    }

    @Test("counts and sizes print short", arguments: [
        (Int64(9_999), "9999"), (10_000, "10 k"), (9_999_999, "9999 k"), (12_345_678, "12 M"), (4_250_000_000, "4.2 G"),
    ])
    func counts(_ value: Int64, _ text: String) {
        #expect(WorkEstimate.count(value) == text)
    }

    @Test("the pod-object budget: 64 per desired pod plus 10,000, raised in step with --max-events, none when unlimited")
    func podObjectBudget() {
        #expect(RunBudget().maxPodObjects(desiredPods: 1) == 10_064)
        #expect(RunBudget(maxEvents: 2 * RunBudget.defaultMaxEvents).maxPodObjects(desiredPods: 1) == 20_128)
        #expect(RunBudget(maxEvents: 1_000).maxPodObjects(desiredPods: 100) == 16_400)
        #expect(RunBudget.unlimited.maxPodObjects(desiredPods: 100) == .max)
    }
}
