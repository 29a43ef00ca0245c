@testable import EdgeSim
import Testing

/// The optimised path against the straightforward one: kubelets that sleep while they have
/// nothing to sync must produce, byte for byte, the timeline of kubelets that tick every period.
struct LazyKubeletEquivalenceTests {
    static let scenarios = Repository.scenarioFiles().map { $0.deletingPathExtension().lastPathComponent }


    @Test("lazy and eager kubelet status ticks give identical timelines", arguments: scenarios)
    func lazyEqualsEager(name: String) throws {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario(name).path)
        for compiled in try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll() {
            var eager = World.Options()
            eager.lazyKubeletStatus = false
            let lazyWorld = World(compiled), eagerWorld = World(compiled, options: eager)
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
