import EdgeSimTestSupport
import Foundation
import Testing

@Test("import of a 3-store cluster with a site label writes a scenario that runs, and warns on standard error")
func importStoresEndToEnd() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fixtures = Repository.fixture("stores").path
    let out = directory.appendingPathComponent("stores.scenario").path
    let run = try edgesim(["import", "--nodes", fixtures + "/nodes.json", "--pods", fixtures + "/pods.json",
                           "--services", fixtures + "/services.json", "--site-label", "retail.example.com/store", "--out", out])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("edgesim import: warning: catalog: 1 Terminating pod (a rollout in progress) not counted as replicas\n"))
    #expect(try edgesim(["validate", out]).status == 0)
    let metrics = try edgesim(["run", out, "--format", "metrics", "--by", "site"])
    #expect(metrics.status == 0)
    #expect(metrics.output.split(separator: "\n").map { $0.contains("\"group\":\"store-b\"") }.filter { $0 }.count == 1)
}

@Test("import refuses a document of the wrong kind, naming the file and the path")
func importRefusesWrongKind() throws {
    let fixtures = Repository.fixture("stores").path
    let run = try edgesim(["import", "--nodes", fixtures + "/pods.json"])
    #expect(run.status == 2)
    #expect(run.stderr == fixtures + "/pods.json:$.items[0].kind: error: expected Node objects (the output of kubectl get nodes -o json), got \"Pod\"\n")
}
