import EdgeSimTestSupport
import Foundation
import Testing

// superedge-dead-node, variant kubernetes: edge-3 powered off at 5m, cache-3 evicted at 10m40.201s.

@Test("explain --line names a line of the golden report and prints its chain back to the fault; --format json has each step")
func explainLine() throws {
    let golden = try String(contentsOf: Repository.root.appendingPathComponent("Reports/superedge-dead-node.timeline"), encoding: .utf8)
    let lines = golden.split(separator: "\n", omittingEmptySubsequences: false)
    let line = try #require(lines.firstIndex { $0.contains("pod-evicted") && $0.contains("cache-3") }) + 1
    let text = try edgesim(["explain", "Scenarios/superedge-dead-node.scenario", "--variant", "kubernetes", "--line", String(line)])
    #expect(text.status == 0)
    #expect(text.output.hasPrefix("# explain line \(line): scenario superedge-dead-node variant kubernetes seed "))
    #expect(text.output.contains("why: pod-evicted cache-3 at 10:40.201\n     fault: 5:00 power-off edge-3\n"))
    #expect(text.output.contains("  -> cache-3 evicted at 10:40.201  (taint eviction controller (TimedWorker fired))\n"))
    let json = try edgesim(["explain", "Scenarios/superedge-dead-node.scenario", "--variant", "kubernetes", "--pod", "cache-3", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
    let answers = try #require(object["answers"] as? [[String: Any]])
    #expect(answers.first?["kind"] as? String == "chain")
    #expect(answers.first?["complete"] as? Bool == true)
    let steps = try #require(answers.first?["steps"] as? [[String: Any]])
    #expect(steps.contains { $0["line"] as? Int == line && $0["rule"] as? String == "tolerationExpired" })
}

@Test("explain refuses an unknown pod, node or line, and a query that is not exactly one of them, with exit 2")
func explainBadInput() throws {
    let scenario = "Scenarios/superedge-dead-node.scenario"
    let pod = try edgesim(["explain", scenario, "--variant", "kubernetes", "--pod", "cache-9"])
    #expect(pod.status == 2)
    #expect(pod.stderr.contains("--pod: error: unknown pod \"cache-9\""))
    let node = try edgesim(["explain", scenario, "--variant", "kubernetes", "--node", "edge-33"])
    #expect(node.status == 2 && node.stderr.contains("unknown node \"edge-33\""))
    let line = try edgesim(["explain", scenario, "--variant", "kubernetes", "--line", "100000"])
    #expect(line.status == 2 && line.stderr.contains("--line expects the line of a timeline event, from 2 to "))
    for words in [["explain", scenario], ["explain", scenario, "--pod", "cache-3", "--node", "edge-3"], ["explain", scenario, "--line", "x"],
                  ["explain", scenario, "--line", "3", "--at", "5m"], ["explain", scenario, "--pod", "cache-3", "--format", "svg"]] {
        let run = try edgesim(words)
        #expect(run.status == 2, "\(words)")
        #expect(run.output.isEmpty, "\(words)")
    }
}
