import EdgeSimTestSupport
import Foundation

/// The `edgesim` built beside this test runner (same configuration), else `.build/debug`.
let edgesimBinary: URL = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("edgesim")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return Repository.root.appendingPathComponent(".build/debug/edgesim")
}()

struct Execution {
    var status: Int32
    var stdout: Data
    var stderr: String
    var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs the binary to completion, with the test's environment less `unsetting`. Output goes
/// through files, not pipes, so a chatty run cannot fill a pipe buffer and wait forever.
func edgesim(_ arguments: [String], in directory: URL = Repository.root, unsetting: [String] = []) throws -> Execution {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("edgesim-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = edgesimBinary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if !unsetting.isEmpty {
        var environment = ProcessInfo.processInfo.environment
        for name in unsetting { environment[name] = nil }
        process.environment = environment
    }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    process.waitUntilExit()
    return Execution(status: process.terminationStatus, stdout: try Data(contentsOf: out),
                     stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
}

/// A fresh empty directory, removed by the caller.
func emptyDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("edgesim-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
