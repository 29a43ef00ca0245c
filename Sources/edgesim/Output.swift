import EdgeSim
import Foundation

/// Writes through a temporary file and a rename, so a failed or interrupted run never leaves a
/// half-written report behind.
func writeAtomically(_ text: String, to path: String) throws(ScenarioError) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
    } catch {
        throw ScenarioError(file: path, location: "", message: "cannot write the report: \(error.localizedDescription)")
    }
    // rename(2) replaces the target in one step: readers see the old file or the new one.
    guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw ScenarioError(file: path, location: "", message: "cannot write the report: \(reason)")
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
