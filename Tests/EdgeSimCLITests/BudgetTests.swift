import EdgeSimTestSupport
import Foundation
import Testing

/// Inputs under every size limit that would still run for hours or take gigabytes: each is
/// refused before anything is allocated for it, with an estimate and the flags that raise it.
@Suite("Run budgets at the command line")
struct BudgetTests {
    static func write(_ text: String, as name: String, in directory: URL) throws -> String {
        let file = directory.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("a 20,000-node SuperEdge check set is refused up front for its memory")
    func superEdgeSquareIsRefused() throws {
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.write("mode superedge\nduration 10m\nsite s\nnode n-1..n-20000 site s\n", as: "big-set.scenario", in: directory)
        let run = try edgesim(["run", path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix(path + ":2:10: error: this scenario needs about 69 M events and 13.0 GiB (edge-health: 400000000 checker-target pairs"))
        #expect(run.stderr.contains("--max-events N and --max-memory GIB raise it"))
        // Raising the budget is what the message says to do: the refusal then goes away
        // (validated only here: running it would take the gigabytes).
        let estimate = try edgesim(["validate", "--estimate", path])
        #expect(estimate.status == 0)
        #expect(estimate.output.contains("over the default budget"))
    }

    // Issue 13: a pod tolerating unreachable:NoSchedule and unreachable:NoExecute for 0 s on a
    // node that cannot confirm deletions is evicted and rebound every 20 ms (as upstream), so
    // Terminating pods pile up on the node and every step scans them all: hours of work long
    // before the event budget notices. The pod-object budget stops it in seconds.
    @Test("a run that piles up pods nobody can delete stops at the pod-object budget with exit 2")
    func podPileUpStops() throws {
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.write("""
            name pileup
            duration 30m
            site s
            node n-1..3 site s
            deployment web replicas 1 on nodes n-1 tolerate node.kubernetes.io/unreachable:NoExecute 0s tolerate node.kubernetes.io/unreachable:NoSchedule
            at 1m..29m cut access n-1

            """, as: "pileup.scenario", in: directory)
        let run = try edgesim(["run", path, "--format", "metrics"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix(path + ":2:10: error: the run went past its budget of 10064 pod objects at "))
        #expect(run.stderr.contains("--max-events N raises the budget"))
        // Raising it is checked on the arithmetic (WorkEstimateTests): a run that piles twice
        // as high takes four times as long.
    }

    @Test("100 uplinks flapping every 100 ms over 100,000 nodes for a day is refused up front")
    func flappingFleetIsRefused() throws {
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = "duration 24h\nzone z\n"
        for site in 0..<100 { text += "site s\(site) zone z\nnode n\(site)-1..n\(site)-1000 site s\(site)\n" }
        for site in 0..<100 { text += "at 1m flap uplink s\(site) period 100ms duty 50%\n" }
        let path = try Self.write(text, as: "flapping.scenario", in: directory)
        let out = directory.appendingPathComponent("report.txt").path
        let run = try edgesim(["run", path, "--out", out])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(path + ":1:10: error: this scenario needs about 17.5 G events"))
        #expect(!FileManager.default.fileExists(atPath: out))
        // A sweep prices its runs before the first one starts, so it fails as fast.
        let sweep = try edgesim(["sweep", path, "--seeds", "1..3", "--out", out])
        #expect(sweep.status == 2)
        #expect(sweep.stderr.contains("this scenario needs about 17.5 G events"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a 66 KB file of restart-edge ranges is refused at the line where its names pass a million")
    func expandedRangesAreBounded() throws {
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = "mode openyurt\nsite s\nnode n-1..n-100000 site s\n"
            + String(repeating: "at 1m restart-edge n-1..n-100000\n", count: 2_000)
        let path = try Self.write(text, as: "restarts.scenario", in: directory)
        let run = try edgesim(["validate", path])
        #expect(run.status == 2)
        #expect(run.stderr == path + ":13:20: error: too many node names: the ranges and lists of this file name "
                + "1100000 nodes so far, at most 1000000 in all\n")
    }

    @Test("a run that passes --max-events stops there with exit 2 and writes nothing")
    func runtimeBudget() throws {
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Estimated at 4,904 events, it takes 9,100 (events and timeline lines).
        let path = try Self.write(GeneratedInput.twoSitesWithFlap, as: "two-sites.scenario", in: directory)
        let out = directory.appendingPathComponent("two-sites.txt").path
        let run = try edgesim(["run", path, "--max-events", "5000", "--out", out])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(path + ":1:10: error: the run went past its budget of 5000 events and 4.0 GiB at +00:"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let whole = try edgesim(["run", path, "--max-events", "9100", "--out", out])
        #expect(whole.status == 0)
        #expect(FileManager.default.fileExists(atPath: out))
        let refused = try edgesim(["run", "Scenarios/gz-3-disconnect.scenario", "--max-events", "10"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: this scenario (variant kubernetes) needs about"))
    }

    @Test("budget flags take whole numbers", arguments: [
        (["--max-events", "0"], "--max-events expects a whole number above 0, got \"0\""),
        (["--max-events", "1e9"], "--max-events expects a whole number above 0, got \"1e9\""),
        (["--max-memory", "0"], "--max-memory expects a whole number of GiB from 1 to 8589934592, got \"0\""),
    ])
    func badBudgetFlags(_ flags: [String], _ message: String) throws {
        let run = try edgesim(["run", "Scenarios/gz-3-disconnect.scenario"] + flags)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("edgesim run: " + message))
    }

    @Test("a device is read only up to the file limit")
    func deviceInput() throws {
        let run = try edgesim(["run", "/dev/zero"])
        #expect(run.status == 2)
        #expect(run.stderr == "/dev/zero: error: file too large: more than 8388608 bytes, at most 8388608 bytes (8 MiB)\n")
    }
}
