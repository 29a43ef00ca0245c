@testable import EdgeSim
import Testing

/// The optimised path against the straightforward one: kubelets that sleep while they have
/// nothing to sync, and lease renewals that land without an event of their own, must produce,
/// byte for byte, the timeline of kubelets that tick every period and renewals that arrive as events.
struct LazyKubeletEquivalenceTests {
    static let scenarios = Repository.scenarioFiles().map { $0.deletingPathExtension().lastPathComponent }


    @Test("the optimised run (sleeping kubelets, folded lease arrivals) gives the straightforward timeline", arguments: scenarios)
    func lazyEqualsEager(name: String) throws {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario(name).path)
        for compiled in try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll() {
            let lazyWorld = World(compiled), eagerWorld = World(compiled, options: .straightforward)
            lazyWorld.run()
            eagerWorld.run()
            let lazy = RunReport(world: lazyWorld), straightforward = RunReport(world: eagerWorld)
            let a = TimelineRenderer.text(lazy).split(separator: "\n"), b = TimelineRenderer.text(straightforward).split(separator: "\n")
            let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? (a.count == b.count ? nil : min(a.count, b.count))
            #expect(first == nil, "\(name) \(compiled.variant ?? ""): line \((first ?? 0) + 1): optimised \(first.map { $0 < a.count ? String(a[$0]) : "<end>" } ?? ""), straightforward \(first.map { $0 < b.count ? String(b[$0]) : "<end>" } ?? "")")
            if compiled.scenario.mode != .openyurt {
                #expect(lazy.eventsProcessed < straightforward.eventsProcessed, "the lazy path should process fewer events")
            }
        }
    }

    /// Random topologies and fault scripts (the fuzzer's), in every implemented mode: power
    /// cycles, API outages, flaps and overlapping cuts reach corners no shipped scenario does.
    @Test("the optimised run gives the straightforward timeline on generated scenarios", arguments: 1...24)
    func generatedScenarios(seed: UInt64) throws {
        let scenario = ScenarioGenerator.generate(seed: seed)
        for mode in ScenarioCompiler.implementedModes {
            let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: "fuzz-\(seed)", origin: .json), mode: mode)
            let optimised = World(compiled, checkingInvariants: false), straightforward = World(compiled, options: {
                var options = World.Options.straightforward
                options.checkInvariants = false
                return options
            }())
            optimised.run()
            straightforward.run()
            let a = TimelineRenderer.text(RunReport(world: optimised)), b = TimelineRenderer.text(RunReport(world: straightforward))
            if a != b {
                let x = a.split(separator: "\n"), y = b.split(separator: "\n")
                let first = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
                Issue.record("seed \(seed) \(mode): line \(first + 1): optimised \(first < x.count ? String(x[first]) : "<end>"), straightforward \(first < y.count ? String(y[first]) : "<end>")")
            }
        }
    }
}
