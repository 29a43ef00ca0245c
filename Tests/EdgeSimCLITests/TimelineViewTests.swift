import EdgeSimTestSupport
import Foundation
import Testing

// superedge-dead-node, variant kubernetes: edge-3 dies at 5m; tainted at 5m35s (NoSchedule) and
// 5m40.2s (NoExecute: the pass that turned it Unknown took 55 ms longer); cache-3 evicted 300 s later.

@Test("run's text folds the initial placement into a line per workload; --initial prints it whole")
func initialPlacementSummary() throws {
    let run = try edgesim(["run", "Scenarios/superedge-dead-node.scenario", "--variant", "kubernetes"])
    let lines = run.output.split(separator: "\n")
    #expect(lines[1] == "+00:00:00.000  cache      initial-placement   5 pods on 5 nodes, 5 ready, 5 endpoints")
    #expect(lines[2] == "+00:00:00.000  agent      initial-placement   5 pods on 5 nodes, 5 ready")
    #expect(lines[3] == "+00:00:00.000  zone:edge  zone-state-changed  Normal")
    let whole = try edgesim(["run", "Scenarios/superedge-dead-node.scenario", "--variant", "kubernetes", "--initial"])
    let golden = try String(contentsOf: Repository.root.appendingPathComponent("Reports/superedge-dead-node.timeline"), encoding: .utf8)
    #expect(golden.hasPrefix(whole.output))
}

@Test("--events, --nodes, --since and --until keep only the lines asked for; the summary stays the whole run's")
func filters() throws {
    let run = try edgesim(["run", "Scenarios/superedge-dead-node.scenario", "--variant", "kubernetes",
                           "--events", "taint-added,pod-evicted", "--nodes", "edge-3", "--since", "5m", "--until", "10m45s"])
    #expect(run.status == 0)
    let lines = run.output.split(separator: "\n")
    #expect(Array(lines.dropFirst().dropLast()) == [
        "+00:05:35.073  edge-3     taint-added         node.kubernetes.io/unreachable:NoSchedule",
        "+00:05:40.201  edge-3     taint-added         node.kubernetes.io/unreachable:NoExecute",
        "+00:10:40.201  edge-3     pod-evicted         cache-3",
    ])
    #expect(lines.last?.hasPrefix("# summary evictions=1 ") == true)
    let jsonl = try edgesim(["run", "Scenarios/superedge-dead-node.scenario", "--variant", "kubernetes", "--format", "jsonl",
                             "--events", "pod-evicted"])
    #expect(jsonl.output == "{\"event\":\"pod-evicted\",\"kind\":\"deployment\",\"node\":\"edge-3\",\"pod\":\"cache-3\",\"time_ms\":640201,"
            + "\"variant\":\"kubernetes\",\"workload\":\"cache\"}\n")
}

@Test("filters name what they expect: an event name, a node, a time, a format that lists events")
func badFilters() throws {
    let scenario = "Scenarios/superedge-dead-node.scenario"
    let event = try edgesim(["run", scenario, "--events", "taint-addd"])
    #expect(event.status == 2 && event.stderr.hasPrefix("edgesim run: --events expects event names such as taint-added, got \"taint-addd\"; did you mean \"taint-added\"?\n"))
    let node = try edgesim(["run", scenario, "--nodes", "edge-9"])
    #expect(node.status == 2 && node.stderr == "--nodes: error: unknown node \"edge-9\"; did you mean \"edge-1\"?\n")
    let time = try edgesim(["run", scenario, "--since", "soon"])
    #expect(time.status == 2 && time.stderr.hasPrefix("edgesim run: --since expects a time such as 5m or 1h30m, got \"soon\"\n"))
    let format = try edgesim(["run", scenario, "--format", "svg", "--until", "5m"])
    #expect(format.status == 2 && format.stderr.contains("they need --format text, jsonl or csv"))
}
