@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

private let gz3Path = Repository.scenario("gz-3-disconnect").path

/// gz-3-disconnect with one more node in a zone and site of its own, where no workload runs.
private func withUnrelatedNode(first: Bool) throws -> (base: CompiledScenario, grown: CompiledScenario) {
    let (scenario, map) = try ScenarioLoader.load(path: gz3Path)
    var grown = scenario
    grown.zones.append(ZoneDecl(name: "far"))
    grown.sites.append(SiteDecl(name: "far", zone: "far"))
    let extra = NodeDecl(name: "far-1", site: "far")
    if first { grown.nodes.insert(extra, at: 0) } else { grown.nodes.append(extra) }
    return (try ScenarioCompiler.compile(scenario, sourceMap: map), try ScenarioCompiler.compile(grown, sourceMap: map))
}

/// Each node's events as text, by node name: what a reader of the timeline sees of it.
private func eventsByNode(_ world: World) -> [String: [String]] {
    let report = RunReport(world: world)
    var events: [String: [String]] = [:]
    for event in report.timeline {
        guard let node = report.nodeName(event.node) else { continue }
        events[node, default: []].append("\(event.time.clock) \(event.name) \(report.podName(event.pod) ?? "")")
    }
    return events
}

/// The next draw of each node's kubelet stream after the run, by node name: equal draws mean
/// the streams were consumed identically (timer phases and every message delay).
private func nextDraws(_ world: World) -> [String: UInt64] {
    var draws: [String: UInt64] = [:]
    for kubelet in world.kubelets {
        var stream = kubelet.random
        draws[world.api.nodes[kubelet.node.index].name] = stream.next()
    }
    return draws
}

private func run(_ compiled: CompiledScenario) -> World {
    let world = World(compiled)
    world.run()
    return world
}

@Test("adding an unrelated node leaves the other nodes' random draws and events unchanged")
func unrelatedNodeChangesNothingElse() throws {
    let (base, grown) = try withUnrelatedNode(first: false)
    let before = run(base), after = run(grown)
    var afterDraws = nextDraws(after), afterEvents = eventsByNode(after)
    afterDraws["far-1"] = nil
    afterEvents["far-1"] = nil
    #expect(nextDraws(before) == afterDraws)
    #expect(eventsByNode(before) == afterEvents)
}

@Test("a node declared before the others leaves their random streams unchanged (streams are keyed by name)")
func nodeInsertedFirstChangesNothingElse() throws {
    let (base, grown) = try withUnrelatedNode(first: true)
    var afterDraws = nextDraws(run(grown))
    afterDraws["far-1"] = nil
    #expect(nextDraws(run(base)) == afterDraws)
}
