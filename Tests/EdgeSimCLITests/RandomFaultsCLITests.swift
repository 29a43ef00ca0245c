import EdgeSimTestSupport
import Foundation
import Testing

/// Random processes, params and summaries from the command line: what a seed drew, without a
/// run; the spread over seeds; the same bytes twice.
@Suite("Random faults at the command line")
struct RandomFaultsCLITests {
    static let scenario = """
        duration 24h
        param SHARE 50%
        zone south
        site a zone south
        site b zone south
        node a-1,a-2 site a
        node b-1,b-2 site b
        deployment web replicas 4 service web
        random blips cut uplink * for lognormal 30s p95 2m every exponential 3h
        random isp cut uplink zone=south for lognormal 25m p95 60m every exponential 8h share $SHARE

        """

    static func file(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("stores.scenario").path
        try scenario.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("run --format faults lists what a seed drew, in time order, without running")
    func schedule() throws {
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.file(in: directory)
        let first = try edgesim(["run", path, "--format", "faults", "--seed", "7"])
        #expect(first.status == 0)
        let lines = first.output.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("# faults of stores seed 7: "))
        let starts = lines.dropFirst().map { String($0.prefix(13)) }
        #expect(starts == starts.sorted())
        #expect(lines.contains { $0.hasSuffix("(random blips)") } && lines.contains { $0.hasSuffix("(random isp)") })
        #expect(try edgesim(["run", path, "--format", "faults", "--seed", "7"]).stdout == first.stdout)
        #expect(try edgesim(["run", path, "--format", "faults", "--seed", "8"]).stdout != first.stdout)
    }

    @Test("sweep --summary over seeds and a swept param: a spread, and the same bytes twice")
    func summary() throws {
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.file(in: directory)
        let arguments = ["sweep", path, "--grid", "SHARE=50%,100%", "--seeds", "1..12", "--summary", "--jobs", "2"]
        let sweep = try edgesim(arguments)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let rows = sweep.output.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0] == ["scenario", "variant", "mode", "SHARE", "metric", "runs", "mean", "p50", "p95", "max"])
        let unavailable = rows.filter { $0[4] == "endpoint_unavailable_s" }
        #expect(unavailable.map(\.[3]) == ["50%", "100%"])
        for row in unavailable {
            #expect(row[5] == "12")
            #expect(Double(row[8])! > Double(row[7])!, "no spread over seeds: \(row)")
        }
        #expect(try edgesim(arguments).stdout == sweep.stdout)
    }
}
