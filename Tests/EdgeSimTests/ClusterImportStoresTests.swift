@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

/// A realistic three-store cluster (`Fixtures/stores/`): a control-plane node, stores a and b in
/// zone paris and c in lyon labelled `retail.example.com/store`, kubectl's managedFields
/// everywhere; store-pinned pos-a/pos-b (nodeSelector) and pos-c (required node affinity), a
/// regional catalog mid-rollout (3 new pods, 1 old one Terminating), a cache with a keyless
/// 3600 s NoExecute toleration, a node-exporter DaemonSet, mirror pods, a finished and a
/// running Job pod, and their Services.
@Suite("Cluster import of retail stores")
struct ClusterImportStoresTests {
    static func fixture(_ name: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: Repository.fixture("stores/" + name).path))
    }

    static func imported(siteLabel: String? = "retail.example.com/store") throws -> ClusterImport.Output {
        try ClusterImport.run(.init(nodes: fixture("nodes.json"), nodesFile: "nodes.json", pods: fixture("pods.json"), podsFile: "pods.json",
                                    services: fixture("services.json"), servicesFile: "services.json", siteLabel: siteLabel))
    }

    @Test("stores become sites with their own uplinks; pods go where their selectors put them; Services attach")
    func storesAsSites() throws {
        let output = try Self.imported()
        let (scenario, map) = try ScenarioParser.parse(output.text, file: "imported.scenario")
        let compiled = try #require(try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll().first)
        #expect(scenario.sites.map(\.name) == ["paris-dc", "store-a", "store-b", "store-c"])
        #expect(output.text.contains("uplink store-a\nuplink store-b\nuplink store-c\n"))
        let lines: [String] = output.text.split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("deployment") || $0.hasPrefix("daemonset") || $0.hasPrefix("static-pod") }
        let expected: [String] = [
            "deployment pos-a replicas 2 on site store-a service pos-a",
            "deployment pos-b replicas 2 on site store-b service pos-b",
            "deployment pos-c replicas 2 on site store-c service pos-c",
            "deployment catalog replicas 3 service catalog",
            "deployment cache replicas 1",
            "daemonset node-exporter on nodes a-1,a-2,b-1,b-2,b-3,c-1,c-2 tolerate node.kubernetes.io/not-ready:NoExecute "
                + "tolerate node.kubernetes.io/unreachable:NoExecute tolerate node.kubernetes.io/disk-pressure:NoSchedule "
                + "tolerate node.kubernetes.io/memory-pressure:NoSchedule tolerate node.kubernetes.io/pid-pressure:NoSchedule "
                + "tolerate node.kubernetes.io/unschedulable:NoSchedule",
            "static-pod kube-apiserver on site paris-dc",
            "static-pod edge-gateway on nodes a-1",
        ]
        #expect(lines == expected)
        // And it runs: every store's pods where their selector says.
        let report = simulate(compiled)
        var posNodes: [String] = []
        for event in report.timeline where event.kind == .podScheduled {
            if let pod = event.pod, report.podWorkloads[pod.index] == "pos-c", let node = report.nodeName(event.node) { posNodes.append(node) }
        }
        #expect(posNodes.sorted() == ["c-1", "c-2"])
    }

    @Test("what the import changed or dropped is a warning; finished Job pods are comments")
    func warnings() throws {
        let output = try Self.imported()
        let expected: [String] = [
            "node cp-1 has no retail.example.com/store label: it stays in its zone's site paris-dc",
            "2 nodes carry taints, kept as comments: the scenario language has no node taints, so pods are placed there whatever they tolerate",
            "pod retail/reindex-h2x8q owned by a Job: left out",
            "catalog: 1 Terminating pod (a rollout in progress) not counted as replicas",
            "cache: a toleration of every key with effect NoExecute for 3600s is not expressible: left out (add tolerate lines per key)",
            "service default/kubernetes: no selector: left out",
        ]
        #expect(output.warnings == expected)
        #expect(output.text.contains("# warning: catalog: 1 Terminating pod (a rollout in progress) not counted as replicas\n"))
        #expect(output.text.contains("# finished pod retail/eod-report-28911440-7wz9k (Job eod-report-28911440): left out\n"))
        #expect(output.text.contains("# b-3 taints: retail.example.com/maintenance=true:NoSchedule\n"))
    }

    @Test("without a site label, a site per zone as before")
    func sitePerZone() throws {
        let output = try Self.imported(siteLabel: nil)
        let (scenario, _) = try ScenarioParser.parse(output.text, file: "imported.scenario")
        #expect(scenario.sites.map(\.name) == ["paris-dc", "paris", "lyon"])
        #expect(output.text.contains("deployment pos-c replicas 2 on site lyon service pos-c\n"))
    }

    @Test("a document of the wrong kind is refused with its path", arguments: [
        ("pods.json", "nodes", "$.items[0].kind", "expected Node objects (the output of kubectl get nodes -o json), got \"Pod\""),
        ("nodes.json", "pods", "$.items[0].kind", "expected Pod objects (the output of kubectl get pods -A -o json), got \"Node\""),
        ("pods.json", "services", "$.items[0].kind", "expected Service objects (the output of kubectl get svc -A -o json), got \"Pod\""),
    ])
    func wrongKind(_ file: String, _ role: String, _ location: String, _ message: String) throws {
        let data = try Self.fixture(file), nodes = try Self.fixture("nodes.json")
        let input: ClusterImport.Input = switch role {
        case "nodes": .init(nodes: data, nodesFile: file)
        case "pods": .init(nodes: nodes, nodesFile: "nodes.json", pods: data, podsFile: file)
        default: .init(nodes: nodes, nodesFile: "nodes.json", services: data, servicesFile: file)
        }
        #expect(throws: ScenarioError(file: file, location: location, message: message)) { try ClusterImport.run(input) }
    }

    @Test("node affinity operators select as the API server's label selectors do")
    func requirements() {
        let labels = ["store": "a", "tier": "3"]
        typealias R = ClusterImport.NodeSelector.Requirement
        #expect(R(key: "store", op: "In", values: ["a", "b"]).matches(labels))
        #expect(!R(key: "store", op: "NotIn", values: ["a"]).matches(labels))
        #expect(R(key: "gpu", op: "DoesNotExist", values: []).matches(labels))
        #expect(R(key: "tier", op: "Gt", values: ["2"]).matches(labels) && !R(key: "tier", op: "Lt", values: ["3"]).matches(labels))
    }
}
