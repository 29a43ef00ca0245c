import EdgeSimTestSupport
import Foundation
import Testing

let badCorpus = Repository.badScenarios

@Test("edgesim run on a bad file exits 2 and names the file, the place and the problem",
      arguments: [
        ("truncated-node.scenario", ":3:14: error: expected a site name"),
        ("non-utf8.scenario", ":3:8: error: expected UTF-8 text"),
        ("absurd-node-range.scenario", ":3:6: error: too many nodes"),
        ("fault-at-huge-time.scenario", ":4:4: error: expected a time such as 5m"),
        ("missing-site.json", ":$.nodes[0]: error: missing field \"site\""),
      ])
func badFileExitsTwo(_ file: String, _ expected: String) throws {
    let path = badCorpus.appendingPathComponent(file).path
    let run = try edgesim(["run", path])
    #expect(run.status == 2)
    #expect(run.stderr.contains(path + expected), "stderr: \(run.stderr)")
    #expect(run.stdout.isEmpty)
}

@Test("edgesim run on JSON nested too deep to parse exits 2 and names the file")
func deeplyNestedJSONExitsTwo() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("deep-nesting.json")
    try GeneratedInput.deeplyNestedJSON().write(to: file, atomically: true, encoding: .utf8)
    let run = try edgesim(["run", file.path])
    #expect(run.status == 2)
    #expect(run.stderr.contains(file.path + ":$: error: expected valid JSON"), "stderr: \(run.stderr)")
    #expect(run.stdout.isEmpty)
}

@Test("edgesim validate and check refuse a bad file the same way")
func validateExitsTwo() throws {
    let path = badCorpus.appendingPathComponent("unknown-statement.scenario").path
    for arguments in [["validate", path], ["check", path]] {
        let run = try edgesim(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(path + ":4:1: error: expected one of"))
        #expect(run.stderr.contains("did you mean \"node\""))
    }
}

@Test("a shipped scenario prints the same bytes in two processes, and its golden report",
      arguments: ["gz-3-disconnect", "latency-profiles", "power-loss", "zone-outage"])
func twoProcessesAgree(_ name: String) throws {
    let path = Repository.scenario(name).path
    // --initial: the golden form, the initial placement one line per event.
    let first = try edgesim(["run", path, "--initial"]), second = try edgesim(["run", path, "--initial"])
    #expect(first.status == 0 && second.status == 0)
    #expect(first.stdout == second.stdout)
    let golden = try Data(contentsOf: Repository.golden(name))
    #expect(first.stdout == golden)
    let jsonFirst = try edgesim(["run", path, "--format", "jsonl"]), jsonSecond = try edgesim(["run", path, "--format", "jsonl"])
    #expect(jsonFirst.stdout == jsonSecond.stdout)
}

@Test("runs with and without invariant checks print the same report")
func invariantsDoNotChangeTheReport() throws {
    let path = Repository.scenario("power-loss").path
    let checked = try edgesim(["run", path]), unchecked = try edgesim(["run", path, "--no-invariants"])
    #expect(checked.status == 0 && unchecked.status == 0)
    #expect(checked.stdout == unchecked.stdout)
}

// MARK: - Atomic output

@Test("a run that fails on bad input leaves neither the report nor a temporary file")
func failedRunWritesNothing() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("report.timeline").path
    let run = try edgesim(["run", badCorpus.appendingPathComponent("duplicate-node.scenario").path, "--out", out])
    #expect(run.status == 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
}

@Test("a run whose report cannot be put in place leaves no temporary file behind")
func failedRenameCleansUp() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The target is a non-empty directory: the temporary file is written, the rename fails.
    let target = directory.appendingPathComponent("report.timeline")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: target.appendingPathComponent("keep").path, contents: Data("x".utf8)))
    let run = try edgesim(["run", Repository.scenario("gz-3-disconnect").path, "--out", target.path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot write the report"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.timeline"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["keep"])
}

@Test("a run into a missing directory fails cleanly")
func missingDirectoryFails() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("absent/report.timeline").path
    let run = try edgesim(["run", Repository.scenario("gz-3-disconnect").path, "--out", out])
    #expect(run.status == 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
}

@Test("a successful run leaves exactly its report")
func successfulRunLeavesOnlyTheReport() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("report.timeline")
    let run = try edgesim(["run", Repository.scenario("gz-3-disconnect").path, "--initial", "--out", out.path])
    #expect(run.status == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.timeline"])
    #expect(try Data(contentsOf: out) == Data(contentsOf: Repository.golden("gz-3-disconnect")))
}

// MARK: - Fuzz

@Test("a short fuzz batch passes, prints its summary and leaves no output directory")
func shortFuzzBatchPasses() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("failures").path
    let run = try edgesim(["fuzz", "--runs", "5", "--seed", "100", "--out", out])
    #expect(run.status == 0, "\(run.output)")
    #expect(run.output.contains("5 passed, 0 failed"))
    #expect(run.output.contains("runs that saw each event"))
    #expect(!FileManager.default.fileExists(atPath: out))
}

// MARK: - Bench

@Test("bench prints one JSON object per workload with the outcome counts the SimPy model prints")
func benchPrintsOutcomes() throws {
    let run = try edgesim(["bench", "--workload", "zone-outage-1000", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    #expect(object["workload"] as? String == "zone-outage-1000")
    // Zone 0's 100 nodes are cut off for 10 minutes: some are tainted at 0.1/s, and every taint
    // is lifted once the uplink is back; each tainted node's pods outstay their 300 s.
    let taints = try #require(object["taints"] as? Int)
    #expect(taints > 40 && taints <= 100)
    #expect(object["untaints"] as? Int == taints)
    #expect((object["evictions"] as? Int ?? 0) > 0)
    #expect((object["events"] as? Int ?? 0) > 0)
}

@Test("bench refuses a bad --jobs, and the sweep workload outside the repository, before printing anything")
func benchRefusesBadInput() throws {
    let jobs = try edgesim(["bench", "--jobs", "0"])
    #expect(jobs.status == 2)
    #expect(jobs.stderr.contains("--jobs expects a number of threads"))
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let sweep = try edgesim(["bench", "--workload", "sweep"], in: directory)
    #expect(sweep.status == 2)
    #expect(sweep.stderr.contains("Scenarios/cdn-flap.scenario"))
    #expect(sweep.stdout.isEmpty)
}

// MARK: - A broken invariant

/// A scenario that breaks an invariant today; the fixture says why.
let runawayScenario = Repository.fixture("runaway-step.scenario")

@Test("a run that breaks an invariant exits 3 with its name, the simulated time and the seed, and writes nothing")
func brokenInvariantExitsThree() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let scenario = directory.appendingPathComponent("runaway.scenario")
    try FileManager.default.copyItem(at: runawayScenario, to: scenario)
    let out = directory.appendingPathComponent("report.timeline")
    let run = try edgesim(["run", scenario.path, "--out", out.path])
    #expect(run.status == 3)
    #expect(run.stderr.contains("invariant step-settles violated at +00:03:02.255 SEED=1:"), "stderr: \(run.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["runaway.scenario"])
}
