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

/// Checks that output can be put where the arguments say, made in `validate()` so that a run
/// which could never deliver fails at once rather than after its simulations. The write itself
/// still reports its own errors: the file system can change in between.
enum OutputPath {
    /// A report goes to `path` through a temporary file beside it: the folder must exist and be
    /// writable, and `path` must not be a folder.
    static func checkFile(_ path: String) throws(ScenarioError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ScenarioError(file: path, location: "", message: "cannot write the report: \(String(cString: strerror(EISDIR)))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard access(folder, W_OK) == 0 else {
            throw ScenarioError(file: path, location: "", message: "cannot write the report: \(String(cString: strerror(errno)))")
        }
    }

    /// Files are created in the folder `path`. With `creating`, the folder and any missing
    /// parents are made later, so the nearest existing one must be a writable folder.
    static func checkDirectory(_ path: String, creating: Bool) throws(ScenarioError) {
        var existing = path.isEmpty ? "." : path
        if creating {
            while !FileManager.default.fileExists(atPath: existing) {
                let parent = URL(fileURLWithPath: existing).deletingLastPathComponent().path
                guard parent != existing else { break }
                existing = parent
            }
        }
        var isDirectory: ObjCBool = false
        let reason: String?
        if !FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory) {
            reason = String(cString: strerror(ENOENT))
        } else if !isDirectory.boolValue {
            reason = String(cString: strerror(ENOTDIR))
        } else {
            reason = access(existing, W_OK) == 0 ? nil : String(cString: strerror(errno))
        }
        if let reason {
            throw ScenarioError(file: path, location: "", message: "cannot write files in this folder: \(reason)")
        }
    }
}
