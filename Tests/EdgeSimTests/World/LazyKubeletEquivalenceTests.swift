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
            #expect(TimelineRenderer.text(lazy) == TimelineRenderer.text(straightforward), "\(name) \(compiled.variant ?? "")")
            if compiled.scenario.mode != .openyurt {
                #expect(lazy.eventsProcessed < straightforward.eventsProcessed, "the lazy path should process fewer events")
            }
        }
    }
}
