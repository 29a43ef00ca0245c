import EdgeSimTestSupport
import Foundation
import Testing

// Every command that simulates turns a broken invariant into exit 3 and its description
// (name, simulated time, SEED=), never a trap (exit 132 and a backtrace).

let runawayViolation = "invariant step-settles violated at +00:03:02.255 SEED=1:"

@Test("sweep exits 3 on a broken invariant, names the run that broke it and writes nothing",
      arguments: [["--jobs", "1"], ["--jobs", "2", "--seeds", "1..4"], ["--shard", "1/2", "--seeds", "1..3"]])
func sweepViolationExitsThree(_ extra: [String]) throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("sweep.csv").path
    let run = try edgesim(["sweep", runawayScenario.path, "--out", out] + extra)
    #expect(run.status == 3, "stderr: \(run.stderr)")
    #expect(run.stderr.hasPrefix("edgesim sweep: " + runawayViolation), "stderr: \(run.stderr)")
    // The earliest run of the sweep (or shard) is the one named, whatever the scheduling.
    #expect(run.stderr.contains("(sweep run 0; replay: edgesim run \(runawayScenario.path) --seed 1)\n"), "stderr: \(run.stderr)")
    #expect(!run.stderr.contains("Backtrac"))
    #expect(run.stdout.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
}

@Test("compare exits 3 on a broken invariant and names the column that broke it")
func compareViolationExitsThree() throws {
    // SuperEdge runs the fixture without a loop; the kubernetes column breaks step-settles.
    let run = try edgesim(["compare", runawayScenario.path, "--modes", "superedge,kubernetes"])
    #expect(run.status == 3, "stderr: \(run.stderr)")
    #expect(run.stderr == "edgesim compare: " + runawayViolation
            + " one event led to 65 API changes and 22 new pods (22 of them for deployment web) without settling"
            + " (compare column kubernetes)\n")
    #expect(run.stdout.isEmpty)
}

@Test("run and sweep report the same violation for the same run")
func runAndSweepAgree() throws {
    let run = try edgesim(["run", runawayScenario.path])
    let sweep = try edgesim(["sweep", runawayScenario.path])
    #expect(run.status == 3 && sweep.status == 3)
    let runMessage = try #require(run.stderr.split(separator: "\n").first).dropFirst("edgesim run: ".count)
    #expect(sweep.stderr.hasPrefix("edgesim sweep: " + runMessage + " (sweep run 0;"), "\(sweep.stderr)")
}

// MARK: - Fuzz seeds

@Test("fuzz refuses a seed range past the largest seed, naming both flags, and runs nothing")
func fuzzSeedRangeMustFit() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("failures").path
    let run = try edgesim(["fuzz", "--seed", "18446744073709551615", "--runs", "3", "--out", out])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("edgesim fuzz: --seed 18446744073709551615 with --runs 3 goes past the largest seed, "
                                 + "18446744073709551615: from this seed, --runs 1 at most\n"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: out))
}

@Test("fuzz up to the largest seed runs every case it counts")
func fuzzLastSeedsCountTrue() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try edgesim(["fuzz", "--seed", "18446744073709551614", "--runs", "2", "--out", directory.appendingPathComponent("f").path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.output.contains("coverage: 2 scenarios,"))
    #expect(run.output.contains("2 passed, 0 failed (seeds 18446744073709551614…18446744073709551615, "))
}
