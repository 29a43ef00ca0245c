import EdgeSimTestSupport
import Foundation
import Testing

// A shard carries the identity of its sweep; --merge joins only shards of one sweep, and
// refuses input over its limit before reading it.

/// Runs `edgesim sweep SCENARIO --seeds 1..3 --shard K/N --out FILE` and returns the file.
func shard(_ scenario: String, _ shard: String, into directory: URL, named name: String) throws -> URL {
    let out = directory.appendingPathComponent(name)
    let run = try edgesim(["sweep", Repository.scenario(scenario).path, "--seeds", "1..3", "--shard", shard, "--out", out.path])
    #expect(run.status == 0, "\(run.stderr)")
    return out
}

@Test("shards of one sweep merge into exactly the unsharded CSV, which carries no identity line")
func shardsMergeIntoTheWholeSweep() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try shard("power-loss", "1/2", into: directory, named: "a.csv")
    let second = try shard("power-loss", "2/2", into: directory, named: "b.csv")
    let whole = try edgesim(["sweep", Repository.scenario("power-loss").path, "--seeds", "1..3"])
    #expect(whole.output.hasPrefix("run,scenario,"))
    let merged = try edgesim(["sweep", "--merge", second.path, first.path])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout == whole.stdout)
    #expect(try String(contentsOf: first, encoding: .utf8).hasPrefix("# edgesim-sweep v1 shard=1/2 runs=3 scenario=fnv1a64:"))
}

@Test("--merge refuses shards of different sweeps with exit 2, naming both files and what differs")
func mergeRefusesMixedSweeps() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let powerLoss = try shard("power-loss", "1/2", into: directory, named: "power-loss-1.csv")
    let zoneOutage = try shard("zone-outage", "2/2", into: directory, named: "zone-outage-2.csv")
    let out = directory.appendingPathComponent("merged.csv")
    let run = try edgesim(["sweep", "--merge", powerLoss.path, zoneOutage.path, "--out", out.path])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("\(zoneOutage.path):1:1: error: not a shard of the same sweep as \(powerLoss.path): they differ in "),
            "\(run.stderr)")
    #expect(run.stderr.contains("the scenario content (fnv1a64:"))
    #expect(run.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: out.path))
}

@Test("--merge refuses a file that is not a shard, such as a whole sweep's output")
func mergeRefusesAWholeSweep() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let whole = directory.appendingPathComponent("whole.csv")
    #expect(try edgesim(["sweep", Repository.scenario("power-loss").path, "--out", whole.path]).status == 0)
    let run = try edgesim(["sweep", "--merge", whole.path])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("\(whole.path):1:1: error: expected a sweep shard"), "\(run.stderr)")
}

// MARK: - Sizes checked before reading

/// A sparse file of `size` bytes: costs no disk, and reading it whole would cost `size` of memory.
func sparseFile(_ size: Int64, in directory: URL, named name: String) throws -> URL {
    let url = directory.appendingPathComponent(name)
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    #expect(truncate(url.path, off_t(size)) == 0)
    return url
}

@Test("--merge refuses shard files over its limit before reading them, naming the file and the limit")
func mergeLimit() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let small = try shard("power-loss", "1/2", into: directory, named: "a.csv")
    let huge = try sparseFile(3 << 30, in: directory, named: "huge.csv")
    let run = try edgesim(["sweep", "--merge", small.path, huge.path])
    #expect(run.status == 2)
    #expect(run.stderr == "\(huge.path): error: the shard files come to more than the --merge limit of 2147483648 bytes (2 GiB)\n")
}

@Test("import refuses a file over its limit before reading it, naming the file and the limit")
func importLimit() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let huge = try sparseFile(3 << 30, in: directory, named: "nodes.json")
    let run = try edgesim(["import", "--nodes", huge.path])
    #expect(run.status == 2)
    #expect(run.stderr == "\(huge.path): error: file too large: 3221225472 bytes, at most 67108864 bytes (64 MiB)\n")
    // What stat cannot size is read only up to the limit.
    let endless = try edgesim(["import", "--nodes", "/dev/zero"])
    #expect(endless.status == 2)
    #expect(endless.stderr == "/dev/zero: error: file too large: more than 67108864 bytes, at most 67108864 bytes (64 MiB)\n")
}
