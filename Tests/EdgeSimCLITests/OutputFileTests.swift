import EdgeSimTestSupport
import Foundation
import Testing

// `--out` writes through what is not a regular file (devices, FIFOs), follows symlinks to
// their target, replaces regular files atomically, and never leaves a temporary file behind.

// --initial: the golden form (the initial placement one line per event).
let goldenRun = ["run", Repository.scenario("gz-3-disconnect").path, "--initial"]

/// The names in `directory`, sorted.
func names(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

@Test("--out /dev/null writes through the device and leaves it a device",
      arguments: [goldenRun, ["sweep", Repository.scenario("power-loss").path],
                  ["import", "--nodes", Repository.fixture("nodes.json").path]])
func outToDevNull(_ command: [String]) throws {
    let run = try edgesim(command + ["--out", "/dev/null"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
    #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
}

@Test("--out /dev/stdout writes through to whatever standard output is, here a file")
func outToDevStdout() throws {
    let run = try edgesim(goldenRun + ["--out", "/dev/stdout"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try run.stdout == Data(contentsOf: Repository.golden("gz-3-disconnect")))
}

@Test("--out through a chain of symlinks writes their final target and keeps the links")
func outFollowsSymlinks() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let reports = directory.appendingPathComponent("reports")
    try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
    let target = reports.appendingPathComponent("report.timeline")
    #expect(FileManager.default.createFile(atPath: target.path, contents: Data("old\n".utf8)))
    // A relative link into the folder, and a link to that link.
    try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("inner").path,
                                               withDestinationPath: "reports/report.timeline")
    let outer = directory.appendingPathComponent("outer")
    try FileManager.default.createSymbolicLink(atPath: outer.path, withDestinationPath: "inner")
    let run = try edgesim(goldenRun + ["--out", outer.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try Data(contentsOf: target) == Data(contentsOf: Repository.golden("gz-3-disconnect")))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: outer.path) == "inner")
    #expect(try names(in: directory) == ["inner", "outer", "reports"])
    #expect(try names(in: reports) == ["report.timeline"])
}

@Test("--out to a dangling symlink creates the file it names")
func outThroughDanglingSymlink() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let link = directory.appendingPathComponent("latest")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "run-1.timeline")
    let run = try edgesim(goldenRun + ["--out", link.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try Data(contentsOf: directory.appendingPathComponent("run-1.timeline")) == Data(contentsOf: Repository.golden("gz-3-disconnect")))
    #expect(try names(in: directory) == ["latest", "run-1.timeline"])
}

@Test("--out refuses a symlink loop before running, naming the path")
func outRefusesSymlinkLoop() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let loop = directory.appendingPathComponent("loop")
    try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop")
    let run = try edgesim(goldenRun + ["--out", loop.path])
    #expect(run.status == 2)
    #expect(run.stderr == "\(loop.path): error: cannot write the report: \(String(cString: strerror(ELOOP)))\n")
}

@Test("--out into a FIFO writes through it to the reader")
func outIntoFIFO() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("pipe").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let copy = directory.appendingPathComponent("copy")
    #expect(FileManager.default.createFile(atPath: copy.path, contents: nil))
    let reader = Process()
    reader.executableURL = URL(fileURLWithPath: "/bin/cat")
    reader.arguments = [fifo]
    reader.standardOutput = try FileHandle(forWritingTo: copy)
    try reader.run()
    let run = try edgesim(goldenRun + ["--out", fifo])
    reader.waitUntilExit()
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try Data(contentsOf: copy) == Data(contentsOf: Repository.golden("gz-3-disconnect")))
    #expect(try names(in: directory) == ["copy", "pipe"])
}

@Test("replacing a regular file keeps its permissions")
func replacedFileKeepsPermissions() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("report.timeline")
    #expect(FileManager.default.createFile(atPath: out.path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o640]))
    let run = try edgesim(goldenRun + ["--out", out.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int == 0o640)
    #expect(try Data(contentsOf: out) == Data(contentsOf: Repository.golden("gz-3-disconnect")))
}

// MARK: - Checked before any work

/// Every command that takes `--out`, with an input that is bad too: if the output path is
/// refused first, validate() ran before any loading or simulation.
let commandsWithOut: [[String]] = [
    ["run", badCorpus.appendingPathComponent("duplicate-node.scenario").path],
    ["sweep", badCorpus.appendingPathComponent("duplicate-node.scenario").path],
    ["sweep", "--merge", "/nonexistent/shard-1.csv"],
    ["import", "--nodes", "/nonexistent/nodes.json"],
]

@Test("every --out is checked before anything is read or run", arguments: commandsWithOut)
func outCheckedFirst(_ command: [String]) throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("absent/out").path
    let run = try edgesim(command + ["--out", out])
    #expect(run.status == 2)
    #expect(run.stderr == "\(out): error: cannot write the report: No such file or directory\n", "\(run.stderr)")
    #expect(run.stdout.isEmpty)
}

@Test("an empty output path names the flag, for files and folders alike",
      arguments: [
        (commandsWithOut[0] + ["--out", ""], "--out"), (commandsWithOut[1] + ["--out", ""], "--out"),
        (commandsWithOut[2] + ["--out", ""], "--out"), (commandsWithOut[3] + ["--out", ""], "--out"),
        (["fuzz", "--runs", "1", "--out", ""], "--out"), (["check", "--record", "--reports", ""], "--reports"),
      ])
func emptyOutNamesTheFlag(_ command: [String], _ flag: String) throws {
    // CI refuses `check --record` before looking at any path: test the path rule outside it.
    let run = try edgesim(command, unsetting: ["CI"])
    #expect(run.status == 2)
    #expect(run.stderr == "\(flag): error: expected a file name, got \"\"\n", "\(run.stderr)")
    #expect(run.stdout.isEmpty)
}

@Test("a file name too long for its temporary file is refused before the run")
func outNameTooLongForTemporaryFile() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // 250 bytes is a legal name; ".NAME.tmp-PID" is not.
    let out = directory.appendingPathComponent(String(repeating: "r", count: 250)).path
    let run = try edgesim([commandsWithOut[0][0], commandsWithOut[0][1], "--out", out])
    #expect(run.status == 2)
    #expect(run.stderr == "\(out): error: cannot write the report: \(String(cString: strerror(ENAMETOOLONG)))\n", "\(run.stderr)")
}

// MARK: - Interrupted writes

/// Starts the binary without waiting; standard output goes to `stdout`.
func launchEdgesim(_ arguments: [String], stdout: URL, environment: [String: String] = [:]) throws -> Process {
    #expect(FileManager.default.createFile(atPath: stdout.path, contents: nil))
    let process = Process()
    process.executableURL = edgesimBinary
    process.arguments = arguments
    process.currentDirectoryURL = Repository.root
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// Polls, for at most a minute, until `condition` holds.
func waitUntil(_ condition: () throws -> Bool) throws -> Bool {
    for _ in 0..<6_000 {
        if try condition() { return true }
        usleep(10_000)
    }
    return false
}

@Test("a signal while the report is being put in place removes the temporary file and keeps the old report",
      arguments: [SIGTERM, SIGINT])
func signalDuringWriteCleansUp(_ signal: Int32) throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let sweep = ["sweep", Repository.scenario("power-loss").path, "--seeds", "1..4"]
    let expected = try edgesim(sweep).stdout
    let out = directory.appendingPathComponent("sweep.csv")
    #expect(FileManager.default.createFile(atPath: out.path, contents: Data("old\n".utf8)))
    // The process holds once the temporary file is complete, just before the rename.
    let process = try launchEdgesim(sweep + ["--out", out.path], stdout: directory.appendingPathComponent("stdout"),
                                    environment: ["EDGESIM_TEST_HOLD_BEFORE_RENAME": "1"])
    let temporary = directory.appendingPathComponent(".sweep.csv.tmp-\(process.processIdentifier)")
    let complete = try waitUntil {
        (try? FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int) == expected.count
    }
    #expect(complete, "the temporary file never reached \(expected.count) bytes")
    // A held process never ends by itself: on a failed wait, kill it outright.
    kill(process.processIdentifier, complete ? signal : SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
    #expect(try names(in: directory) == ["stdout", "sweep.csv"])
    #expect(try Data(contentsOf: out) == Data("old\n".utf8))
}

@Test("a sweep killed with SIGTERM midway leaves no partial file: the target is absent or complete")
func sweepKilledMidway() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("sweep.csv")
    let runs = 3_000
    let process = try launchEdgesim(["sweep", Repository.scenario("power-loss").path, "--seeds", "1..\(runs)", "--jobs", "1",
                                     "--out", out.path], stdout: directory.appendingPathComponent("stdout"))
    usleep(500_000)
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    let left = try names(in: directory).filter { $0 != "stdout" }
    #expect(left == [] || left == ["sweep.csv"], "\(left)")
    if left == ["sweep.csv"] {
        // Finished before the signal: then every row is there.
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1 + runs && text.hasSuffix("\n"))
    } else {
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
    }
}
