import EdgeSimTestSupport
import Foundation
import Testing

/// `run --format text|jsonl|csv` prints its timeline while the run goes (`StreamedOutput`), yet
/// a run that fails still writes nothing: not to standard output, not over the `--out` file.
@Suite("Streamed run output")
struct StreamedOutputTests {
    @Test("a streamed run that breaks an invariant writes nothing anywhere, though its header was already on its way",
          arguments: ["text", "jsonl", "csv"])
    func brokenRunWritesNothing(_ format: String) throws {
        let plain = try edgesim(["run", runawayScenario.path, "--format", format])
        #expect(plain.status == 3, "stderr: \(plain.stderr)")
        #expect(plain.stdout.isEmpty)
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report.txt")
        try "old report\n".write(to: out, atomically: true, encoding: .utf8)
        let run = try edgesim(["run", runawayScenario.path, "--format", format, "--out", out.path])
        #expect(run.status == 3)
        #expect(try String(contentsOf: out, encoding: .utf8) == "old report\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.txt"])
    }

    @Test("standard output, a written-through device and an --out file get the same bytes, the golden's for text",
          arguments: ["text", "jsonl"])
    func everyDestinationGetsTheSameBytes(_ format: String) throws {
        let scenario = Repository.scenario("cdn-flap").path
        let directory = try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report").path
        let plain = try edgesim(["run", scenario, "--format", format, "--initial"])
        let through = try edgesim(["run", scenario, "--format", format, "--initial", "--out", "/dev/stdout"])
        let file = try edgesim(["run", scenario, "--format", format, "--initial", "--out", out])
        #expect(plain.status == 0 && through.status == 0 && file.status == 0)
        #expect(through.stdout == plain.stdout)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == plain.stdout)
        if format == "text" { #expect(plain.stdout == (try Data(contentsOf: Repository.golden("cdn-flap")))) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report"])
    }
}
