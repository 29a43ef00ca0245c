@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// k8s: kubelet tryUpdateNodeStatus posts an unchanged status once nodeStatusReportFrequency
/// (5 m) passed since its own last report, so each kubelet's reports keep the phase it started
/// with. A run starts converged, but its kubelets did not all start at one instant.
@Suite("Kubelet status report phases")
struct StatusReportPhaseTests {
    @Test("six quiet kubelets' 5-minute reports fall at six different instants, not all at 5 m")
    func reportsHaveIndependentPhases() throws {
        let compiled = try #require(try ScenarioRun.compiled(text: """
            name quiet
            seed 4
            duration 6m
            set kubernetes-version 1.29
            zone a
            site s zone a
            node n-1..6 site s
            """).first)
        for options in [World.Options(), World.Options.straightforward] {
            let world = World(compiled, options: options)
            world.run(until: .minutes(6))
            let heartbeats = world.api.nodes.map(\.readyHeartbeat)
            // Every kubelet reported once in the first 6 minutes (its phase lies within 5 m).
            #expect(heartbeats.allSatisfy { $0 > .zero && $0 <= .minutes(6) }, "\(heartbeats)")
            #expect(Set(heartbeats).count == 6)
            // On one shared phase they would all report within one 10 s status period after 5 m.
            let spread = heartbeats.max()! - heartbeats.min()!
            #expect(spread > .seconds(10), "\(heartbeats)")
        }
    }
}
