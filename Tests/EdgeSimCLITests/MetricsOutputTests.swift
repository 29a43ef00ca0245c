import EdgeSimTestSupport
import Foundation
import Testing

// store-power-off: store-b (b-1, b-2) dies at 5m of 30m for good; superedge never evicts it.

@Test("run --format metrics --by site prints one object per site, the dead store's with its numbers")
func runMetricsBySite() throws {
    let run = try edgesim(["run", "Scenarios/store-power-off.scenario", "--variant", "superedge", "--format", "metrics", "--by", "site"])
    #expect(run.status == 0)
    let lines = run.output.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.map { $0.contains("\"by\":\"site\"") } == [true, true, true])
    #expect(lines[1].contains("\"group\":\"store-b\"") && lines[1].contains("\"dead_nodes_never_evicted\":2")
            && lines[1].contains("\"time_to_evict_dead_s\":1500.000") && lines[1].contains("\"blackholed_endpoint_s\":3000.000"))
    // Run-wide counters belong to no group.
    #expect(lines[0].contains("\"events_processed\":null"))
}

@Test("--by needs --format metrics and a grouping it knows")
func byIsChecked() throws {
    let wrongFormat = try edgesim(["run", "Scenarios/store-power-off.scenario", "--by", "site"])
    #expect(wrongFormat.status == 2 && wrongFormat.stderr.contains("--by splits metrics: it needs --format metrics"))
    let unknown = try edgesim(["compare", "Scenarios/store-power-off.scenario", "--by", "rack"])
    #expect(unknown.status == 2 && unknown.stderr.contains("--by expects workload|kind|zone|site|label:KEY, got \"rack\""))
}

@Test("run --check exits 1 and names the failing expect line; passing ones exit 0")
func runCheck() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = try String(contentsOf: Repository.scenario("store-power-off"), encoding: .utf8)
    let failing = directory.appendingPathComponent("x.scenario")
    try text.replacingOccurrences(of: "by 30m evictions all == 0", with: "by 30m evictions all == 1")
        .write(to: failing, atomically: true, encoding: .utf8)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("by 30m evictions all == 0") }! + 1
    let run = try edgesim(["run", failing.path, "--check", "--format", "metrics"])
    #expect(run.status == 1)
    #expect(run.stderr == "\(failing.path):\(line):1: expectation failed: expect variant superedge by 30m evictions all == 1 (actual 0)\n")
    #expect(run.output.split(separator: "\n").count == 2)
    #expect(try edgesim(["run", "Scenarios/store-power-off.scenario", "--check"]).status == 0)
}

@Test("compare --format csv is tidy: mode,variant,metric,value, one row per mode and metric")
func compareCSVIsTidy() throws {
    let run = try edgesim(["compare", "Scenarios/store-power-off.scenario", "--format", "csv"])
    #expect(run.status == 0)
    let lines = run.output.split(separator: "\n")
    #expect(lines[0] == "mode,variant,metric,value")
    #expect(lines.count == 1 + 2 * 21)  // two modes, 21 metrics
    #expect(lines.contains("superedge,,dead_nodes_never_evicted,2"))
    #expect(lines.contains("kubernetes,,dead_nodes_never_evicted,0"))
    let grouped = try edgesim(["compare", "Scenarios/store-power-off.scenario", "--format", "csv", "--by", "workload"])
    #expect(grouped.output.hasPrefix("mode,variant,group,metric,value\n"))
    #expect(grouped.output.contains("\nsuperedge,,pos-b,blackholed_endpoint_s,3000.000\n"))
    // The wide layout csv had before stays available.
    let wide = try edgesim(["compare", "Scenarios/store-power-off.scenario", "--format", "wide-csv"])
    #expect(wide.output.hasPrefix("metric,kubernetes,superedge\nevictions,"))
}
