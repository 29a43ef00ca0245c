import EdgeSimTestSupport
import Foundation
import Testing

// `edgesim tune` end to end on a small scenario with random outages (seeds differ).

let tuneFixture = Repository.fixture("tune-stores.scenario").path
let tuneSpace = ["--space", "node-monitor-grace-period=20s,2m", "--space", "toleration:pos-*=30,1800", "--seeds", "1..3"]
let tuneFiles = ["front.txt", "tune.csv", "pareto.svg", "snippets.md"]

func contents(_ directory: URL) throws -> [String] {
    try tuneFiles.map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
}

@Test("tune prints a front and writes the same four files whatever --jobs; merging its CSV rewrites them byte for byte")
func tuneIsDeterministic() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let one = directory.appendingPathComponent("one"), two = directory.appendingPathComponent("two")
    let first = try edgesim(["tune", tuneFixture] + tuneSpace + ["--jobs", "1", "--out", one.path])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.output.contains("Pareto front ("))
    #expect(first.output.contains("Your current settings are "))
    let second = try edgesim(["tune", tuneFixture] + tuneSpace + ["--jobs", "2", "--out", two.path])
    #expect(second.stdout == first.stdout)
    #expect(try contents(one) == contents(two))
    let files = try contents(one)
    #expect(files[0] == first.output)
    #expect(files[1].hasPrefix("# edgesim-tune v1 shard=1/1 configurations=4 name=tune-stores scenario=fnv1a64:"))
    #expect(files[2].hasPrefix("<svg ") && files[2].hasSuffix("</svg>\n"))
    #expect(files[3].contains("tolerationSeconds: "))
    let again = directory.appendingPathComponent("again")
    let merged = try edgesim(["tune", "--merge", one.appendingPathComponent("tune.csv").path, "--out", again.path])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(try contents(again) == files)
}

@Test("tune shards merge into a front; a missing shard is refused with exit 2")
func tuneShardsMerge() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var shards: [String] = []
    for k in 1...2 {
        let file = directory.appendingPathComponent("shard-\(k).csv").path
        let run = try edgesim(["tune", tuneFixture] + tuneSpace + ["--shard", "\(k)/2", "--out", file])
        #expect(run.status == 0, "\(run.stderr)")
        shards.append(file)
    }
    let merged = try edgesim(["tune", "--merge"] + shards)
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.output.contains("Pareto front ("))
    let missing = try edgesim(["tune", "--merge", shards[1]])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("shard 1/2 is missing"), "\(missing.stderr)")
}

@Test("tune refuses bad input with exit 2 before running anything", arguments: [
    (["--space", "no-such-setting=1,2"], "--space"),
    (["--space", "node-monitor-grace-period=20s..2m", "--objective", "evictionz"], "--objective"),
    (["--space", "toleration:web-*=60"], "matches no workload"),
    (["--space", "node-monitor-grace-period=20s", "--require", "time_to_evict_dead_s~900"], "--require"),
])
func tuneRefusesBadInput(arguments: [String], says: String) throws {
    let run = try edgesim(["tune", tuneFixture] + arguments)
    #expect(run.status == 2)
    #expect(run.stderr.contains(says), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
}
