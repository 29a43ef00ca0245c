import Foundation
@testable import EdgeSim

/// Runs scenario text or shipped scenarios in-process for the OpenYurt tests.
enum YurtTestRun {
    /// `Tests/EdgeSimTests/OpenYurt/YurtTestSupport.swift` is four folders below the root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every run of scenario text (one per variant).
    static func reports(text: String) throws -> [RunReport] {
        let (scenario, map) = try ScenarioParser.parse(text, file: "test.scenario")
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll().map(simulate)
    }

    static func report(shipped name: String, variant: String? = nil) throws -> RunReport {
        let path = root.appendingPathComponent("Scenarios").appendingPathComponent(name + ".scenario").path
        let (scenario, map) = try ScenarioLoader.load(path: path)
        return try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: variant).map(simulate)[0]
    }

    /// A node as the compiler makes it, for controller tests.
    static func node(_ index: Int, labels: [String: String] = [:], ready: ConditionStatus = .true) -> NodeObject {
        NodeObject(id: NodeID(index), name: "n-\(index)", host: HostID(index + 1), labels: labels, zoneKey: "", ready: ready,
                   taints: [], creation: .zero, excludedFromDisruption: false)
    }
}

extension RunReport {
    /// Times of events named `name` about the node called `node` (any node when nil).
    func times(_ name: String, node: String? = nil) -> [SimTime] {
        timeline.filter { $0.name == name && (node == nil || nodeName($0.node) == node) }.map(\.time)
    }
}
