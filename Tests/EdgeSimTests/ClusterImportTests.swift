@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

@Suite("Cluster import")
struct ClusterImportTests {
    static func imported() throws -> String {
        let nodes = try #require(FileManager.default.contents(atPath: Repository.fixture("nodes.json").path))
        let pods = try #require(FileManager.default.contents(atPath: Repository.fixture("pods.json").path))
        return try ClusterImport.scenario(nodes: nodes, nodesFile: "nodes.json", pods: pods, podsFile: "pods.json")
    }

    @Test("kubectl output imports into a scenario the real parser and compiler accept, and it runs")
    func importsValidatesAndRuns() throws {
        let text = try Self.imported()
        let (scenario, map) = try ScenarioParser.parse(text, file: "imported.scenario")
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
        let compiled = try #require(runs.first)
        #expect(compiled.nodes.map(\.name) == ["cp-1", "gz-1", "gz-2", "bj-1", "bj-2", "lab-1"])
        // GA and beta topology labels both give the zone and region; no label, no zone.
        let bj1 = compiled.nodes[3]
        #expect(bj1.labels[ZoneLabels.zone] == "beijing" && bj1.labels[ZoneLabels.region] == "north")
        #expect(bj1.labels["tencent.tkeedgehealth/topology-zone"] == "bj-unit")
        #expect(compiled.nodes[1].labels["superedgehealth/topology-zone"] == "gz-unit")
        #expect(compiled.nodes[5].zoneKey == "")
        #expect(scenario.sites.map(\.name) == ["guangzhou", "beijing", "unzoned"])
        let workloads = compiled.workloads.map { "\($0.kind.rawValue) \($0.name) \($0.replicas)" }
        #expect(workloads == ["deployment web 3", "deployment api 1", "statefulset db 1", "daemonset edge-health 4",
                              "daemonset kube-proxy 6", "static-pod kube-apiserver 1", "static-pod edge-agent 1"])
        #expect(compiled.workloads[2].tolerations.contains(Toleration(key: Taint.unreachableKey, effect: .noExecute, seconds: 600)))
        #expect(compiled.workloads[3].tolerations == [.everything])
        let report = simulate(compiled)
        #expect(Metrics(report).podsScheduled == 17)
    }

    @Test("taints are kept as comments and pods that belong to no modelled workload are named")
    func commentsForWhatIsNotModelled() throws {
        let text = try Self.imported()
        #expect(text.contains("# bj-1 taints: example.com/maintenance=true:NoExecute\n"))
        #expect(text.contains("# skipped pod shop/report-h2x8q owned by a Job\n"))
        // A finished Job pod is not a workload: a comment says so.
        #expect(text.contains("# finished pod shop/backup-28711440-7wz9k (Job backup-28711440): left out\n"))
    }

    @Test("a ReplicaSet's name loses its pod-template-hash")
    func deploymentNames() {
        #expect(ClusterImport.deploymentName(replicaSet: "web-6b9f7d5c8d", hash: "6b9f7d5c8d") == "web")
        #expect(ClusterImport.deploymentName(replicaSet: "api-5d4f8c7b9", hash: nil) == "api")
        #expect(ClusterImport.deploymentName(replicaSet: "my-app", hash: nil) == "my-app")
    }

    @Test("errors name the file and the JSON path")
    func errorsNameFileAndPath() {
        let missingName = Data(#"{"items":[{"metadata":{"labels":{}}}]}"#.utf8)
        #expect(throws: ScenarioError(file: "n.json", location: "$.items[0].metadata.name", message: "missing field \"name\"")) {
            try ClusterImport.scenario(nodes: missingName, nodesFile: "n.json")
        }
        let notAList = Data(#"{"kind":"Node","metadata":{"name":"a"}}"#.utf8)
        #expect(throws: ScenarioError(file: "n.json", location: "$.items", message: "missing field \"items\"")) {
            try ClusterImport.scenario(nodes: notAList, nodesFile: "n.json")
        }
        let badTaints = Data(#"{"items":[{"metadata":{"name":"a"},"spec":{"taints":{}}}]}"#.utf8)
        #expect(throws: ScenarioError(file: "n.json", location: "$.items[0].spec.taints", message: "expected an array")) {
            try ClusterImport.scenario(nodes: badTaints, nodesFile: "n.json")
        }
        #expect(throws: ScenarioError.self) { try ClusterImport.scenario(nodes: Data("not json".utf8), nodesFile: "n.json") }
        let nodes = Data(#"{"items":[{"metadata":{"name":"a"}}]}"#.utf8)
        let badEffect = Data(#"{"items":[{"metadata":{"name":"p"},"spec":{"tolerations":[{"key":"k","effect":"Sometimes"}]}}]}"#.utf8)
        #expect(throws: ScenarioError(file: "p.json", location: "$.items[0].spec.tolerations[0].effect",
                                      message: "expected NoSchedule, PreferNoSchedule or NoExecute, got \"Sometimes\"")) {
            try ClusterImport.scenario(nodes: nodes, nodesFile: "n.json", pods: badEffect, podsFile: "p.json")
        }
    }
}
