import EdgeSim
import Foundation

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
    /// A report goes to `path` as `OutputFile` writes it: what is written through (a device, a
    /// FIFO) must be writable itself; a regular file or a new one, past any symlinks, needs a
    /// writable folder for its temporary file; a folder is refused. `flag` names the option in the message for an empty path.
    static func checkFile(_ path: String, flag: String) throws(ScenarioError) {
        try checkNotEmpty(path, flag: flag)
        let target = try OutputTarget.resolve(path)
        let probe: String
        switch target.kind {
        case .directory: throw OutputFile.failure(path, EISDIR)
        case .writeThrough: probe = target.path
        case .replace:
            probe = OutputFile.folder(of: target.path)
            // The temporary file's name is longer than the target's: refused now, not after the run.
            if OutputFile.name(of: OutputFile.temporaryPath(for: target.path)).utf8.count > Int(NAME_MAX) {
                throw OutputFile.failure(path, ENAMETOOLONG)
            }
        }
        guard access(probe, W_OK) == 0 else { throw OutputFile.failure(path, errno) }
    }

    /// An empty path would name the current folder's parent, or nothing: say so, naming the flag.
    static func checkNotEmpty(_ path: String, flag: String) throws(ScenarioError) {
        guard path.isEmpty else { return }
        throw ScenarioError(file: flag, location: "", message: "expected a file name, got \"\"")
    }

    /// Files are created in the folder `path`. With `creating`, the folder and any missing
    /// parents are made later, so the nearest existing one must be a writable folder.
    static func checkDirectory(_ path: String, creating: Bool, flag: String) throws(ScenarioError) {
        try checkNotEmpty(path, flag: flag)
        var existing = path
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
