@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// A stream that keeps what it is handed: the seam's own witness.
final class CollectingStream: TimelineStream {
    var events: [TimelineEvent] = []
    var batchLengths: [Int] = []
    func receive(_ events: [TimelineEvent], _ run: SettledRun) {
        #expect(events.allSatisfy { $0.time <= run.now })
        self.events += events
        batchLengths.append(events.count)
    }
}

/// Hands each batch to several streams, in order.
final class TeeStream: TimelineStream {
    let streams: [any TimelineStream]
    init(_ streams: [any TimelineStream]) { self.streams = streams }
    func receive(_ events: [TimelineEvent], _ run: SettledRun) { for stream in streams { stream.receive(events, run) } }
}

/// Streaming the timeline (`simulateStreamed`, `TimelineTextStream`, `RunFolds`) changes no
/// byte of any report and no metric or expectation: every test compares a streamed run with
/// the same run holding its timeline.
@Suite("Streamed timelines")
struct StreamedTimelineTests {
    static let names = Repository.scenarioNames()

    @Test("one streamed run prints what the held renderers print, byte for byte, filtered or not; its batches are the timeline",
          arguments: names)
    func streamedOutputIsHeldOutput(_ name: String) throws {
        let compiled = try ScenarioRun.compiled(name)
        let held = compiled.map(simulate)
        let firstNode = try #require(compiled[0].nodes.first?.name)
        let views: [(ReportFormat, TimelineView)] = [
            (.text, .whole), (.text, TimelineView(summarisesInitialPlacement: true)), (.jsonl, .whole),
            (.text, TimelineView(events: ["taint-added", "pod-evicted", "fault"], since: .minutes(1), until: .minutes(40))),
            (.jsonl, TimelineView(nodes: [firstNode])),
        ]
        let outputs = views.map { _ in StringOutput() }
        for (index, (run, report)) in zip(compiled, held).enumerated() {
            let streams = zip(views, outputs).map { view, output in
                TimelineTextStream(run, format: view.0, view: view.1, output: output, first: index == 0)
            }
            let csv = StringOutput(), collected = CollectingStream()
            let csvStream = TimelineTextStream(run, format: .csv, view: .whole, output: csv, first: true)
            let streamed = try simulateStreamed(run, renderer: TeeStream(streams + [csvStream, collected]))
            for stream in streams + [csvStream] { stream.finish(streamed) }
            #expect(csv.text == TimelineRenderer.render([report], as: .csv), "\(name) csv")
            #expect(collected.events == report.timeline)
            #expect(streamed.timeline.isEmpty && streamed.timelineCount == report.timeline.count)
        }
        for ((format, view), output) in zip(views, outputs) {
            #expect(output.text == TimelineRenderer.render(held, as: format, view: view), "\(name) \(format.rawValue) \(view.filters)")
        }
        #expect(outputs[0].text == goldenTimeline(held))
    }

    @Test("folded metrics and expectations are the whole-timeline ones, streamed or held", arguments: names)
    func foldsMatchWholeTimeline(_ name: String) throws {
        for compiled in try ScenarioRun.compiled(name) { try Self.compareFolds(compiled) }
    }

    @Test("folded metrics are the whole-timeline ones on fuzz-generated scenarios, every mode", arguments: Array(UInt64(1)...UInt64(8)))
    func foldsMatchOnFuzzCases(_ seed: UInt64) throws {
        for mode in ScenarioCompiler.implementedModes {
            var scenario = FuzzCase(seed: seed).scenario
            scenario.mode = mode
            let map = SourceMap(file: "fuzz-\(seed).scenario", origin: .json)
            for compiled in try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll() { try Self.compareFolds(compiled) }
        }
    }

    static func compareFolds(_ compiled: CompiledScenario) throws {
        let held = simulate(compiled)
        let streamed = try simulateStreamed(compiled)
        let label = "\(compiled.scenario.name) \(compiled.variant ?? "") \(compiled.scenario.mode.rawValue)"
        #expect(streamed.folded != nil && held.folded == nil)
        #expect(Metrics(streamed) == Metrics(held), "\(label)")
        #expect(WholeTimelineReference.figures(of: Metrics(held)) == WholeTimelineReference.figures(held, scope: .all(held)), "\(label)")
        let reference = WholeTimelineReference.outcomes(held)
        for outcomes in [ExpectationChecker.check(held.expectations, against: held),
                         ExpectationChecker.check(streamed.expectations, against: streamed)] {
            #expect(outcomes.map(\.actual) == reference.map(\.actual), "\(label)")
            #expect(outcomes.map(\.passed) == reference.map(\.passed), "\(label)")
        }
        for grouping in [MetricsGrouping.workload, .kind, .zone, .site] {
            for scope in grouping.scopes(held) {
                #expect(WholeTimelineReference.figures(of: Metrics(held, scope: scope))
                        == WholeTimelineReference.figures(held, scope: scope), "\(label) by \(grouping.text) \(scope.group ?? "")")
            }
        }
    }

    @Test("a streamed run is not bound by the held timeline's memory, only by its events")
    func streamedRunIsNotBoundByTimelineMemory() throws {
        let compiled = try #require(try ScenarioRun.compiled("cdn-flap").first)
        let lines = Int64(simulate(compiled).timeline.count)
        // Room for the run's state, not for its timeline held: a held run stops, a streamed one ends.
        let budget = RunBudget(maxBytes: (lines / 2) * WorkEstimate.bytesPerTimelineLine)
        #expect(throws: ScenarioError.self) { try simulateChecked(compiled, budget: budget, priced: true) }
        let report = try simulateStreamed(compiled, budget: budget, priced: true)
        #expect(report.timelineCount == Int(lines))
        #expect(throws: ScenarioError.self) { try simulateStreamed(compiled, budget: RunBudget(maxEvents: lines / 2), priced: true) }
    }

    @Test("a streamed estimate leaves out the faults' timeline lines, a held one counts them")
    func streamedEstimateLeavesOutTimelineLines() throws {
        let compiled = try #require(try ScenarioRun.compiled(text: """
            duration 2h
            zone z
            site s zone z
            node n-1..n-2000 site s
            deployment web replicas 2000
            at 1m flap uplink s period 2m duty 50%
            """).first)
        let held = WorkEstimate(compiled), streamed = WorkEstimate(compiled, holdsTimeline: false)
        #expect(held.events == streamed.events)
        let faults = { (estimate: WorkEstimate) in estimate.parts.first { $0.what == "1 fault" }?.bytes }
        #expect(faults(streamed) == 0)
        #expect(try #require(faults(held)) > 100 << 20)
        #expect(held.bytes - streamed.bytes == faults(held))
    }

    @Test("batches are handed over once long enough, so a long run's recorder holds a few thousand events")
    func batchesStayShort() throws {
        let compiled = try #require(try ScenarioRun.compiled(text: """
            duration 1h
            zone z
            site s zone z
            node n-1..n-100 site s
            deployment web replicas 100
            at 1m flap uplink s period 2m duty 50%
            """).first)
        let stream = CollectingStream()
        let world = World(compiled, stream: stream)
        world.run()
        #expect(stream.batchLengths.count > 3)
        #expect(stream.events.count == world.timelineCount)
        // Handed over at the first settle past the length: one step's events more at most.
        #expect(stream.batchLengths.dropLast().allSatisfy { $0 >= TimelineRecorder.batchLength })
        #expect(stream.batchLengths.allSatisfy { $0 < TimelineRecorder.batchLength + 1_000 })
    }
}
