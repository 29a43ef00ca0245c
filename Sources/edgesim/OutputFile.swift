import EdgeSim
import Foundation

/// What an output path names once its symlinks are followed, and so how to write there.
struct OutputTarget {
    enum Kind: Equatable {
        /// A regular file, or nothing yet: written to a temporary file beside `path` and renamed
        /// over it; a file replaced keeps its permissions.
        case replace(permissions: mode_t?)
        /// A device, FIFO or socket, or a file reached through a link only the kernel can follow
        /// (`/dev/stdout` is `/proc/self/fd/1`): opened and written, as a shell's `>` does, never
        /// replaced.
        case writeThrough
        case directory
    }

    /// Where the bytes go: the path after its symlinks for `.replace`, the path as given otherwise.
    var path: String
    var kind: Kind

    /// Classifies what `path` leads to, as `open(2)` would follow it. Refuses symlink loops
    /// (ELOOP) and paths that cannot be looked up.
    static func resolve(_ path: String) throws(ScenarioError) -> OutputTarget {
        var status = stat()
        let exists = stat(path, &status) == 0
        if exists {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: return OutputTarget(path: path, kind: .directory)
            case S_IFREG: break
            default: return OutputTarget(path: path, kind: .writeThrough)
            }
        } else if errno != ENOENT {
            throw OutputFile.failure(path, errno)
        }
        return try followLinks(path, exists: exists)
    }

    /// The name `path`'s symlinks lead to, where a file can be put beside (a dangling link leads
    /// to the file it would create). A chain that breaks although the file exists went through
    /// a link only the kernel follows: written through.
    private static func followLinks(_ path: String, exists: Bool) throws(ScenarioError) -> OutputTarget {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0 else {
                guard errno == ENOENT else { throw OutputFile.failure(path, errno) }
                return exists ? OutputTarget(path: path, kind: .writeThrough) : OutputTarget(path: current, kind: .replace(permissions: nil))
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK: current = try linkTarget(current, original: path)
            case S_IFREG: return OutputTarget(path: current, kind: .replace(permissions: status.st_mode & 0o777))
            // Changed since it was looked up: leave it to open(2).
            default: return OutputTarget(path: path, kind: .writeThrough)
            }
        }
        throw OutputFile.failure(path, ELOOP)
    }

    /// Where the symlink `link` points, a relative target read from the link's folder.
    private static func linkTarget(_ link: String, original: String) throws(ScenarioError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count >= 0 else { throw OutputFile.failure(original, errno) }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target.hasPrefix("/") ? target : OutputFile.folder(of: link) + "/" + target
    }
}

/// Writing a report where `--out` says, so that a reader never sees half of it: a regular file
/// (or a path not there yet) is written to a temporary file beside it, flushed to disk, and
/// renamed over it in one step; a device or FIFO is written through; a symlink is followed and
/// its target treated the same way. A SIGINT or SIGTERM during the write removes the temporary
/// file (`TemporaryFiles`).
enum OutputFile {
    /// Set in tests only: hold the process after the temporary file is complete and before the
    /// rename, so a test can signal it at exactly that point.
    static let holdBeforeRenameVariable = "EDGESIM_TEST_HOLD_BEFORE_RENAME"

    static func write(_ text: String, to path: String) throws(ScenarioError) {
        let target = try OutputTarget.resolve(path)
        switch target.kind {
        case .replace(let permissions): try replace(target.path, with: text, permissions: permissions, reportedAs: path)
        case .writeThrough: try writeThrough(target.path, text, reportedAs: path)
        case .directory: throw failure(path, EISDIR)
        }
    }

    /// `.NAME.tmp-PID` beside `path`, then fsync, then rename(2) over `path`: readers see the old
    /// file or the new one, and after a crash the disk holds one of them too.
    static func replace(_ path: String, with text: String, permissions: mode_t?, reportedAs shown: String) throws(ScenarioError) {
        let file = try TemporaryFile(beside: path, permissions: permissions, reportedAs: shown)
        try file.commit(failed: writeAll(file.descriptor, text))
    }

    /// A report's temporary file, open for writing, removed by SIGINT or SIGTERM until `commit`
    /// renames it over its target or `abort` removes it.
    struct TemporaryFile {
        let descriptor: Int32
        let temporary: String
        let path: String
        let shown: String
        let slot: Int?

        init(beside path: String, permissions: mode_t?, reportedAs shown: String) throws(ScenarioError) {
            self.path = path
            self.shown = shown
            temporary = OutputFile.temporaryPath(for: path)
            slot = TemporaryFiles.register(temporary)
            var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            if descriptor < 0 && errno == EEXIST {
                // Left by an earlier process with our pid that was killed by a signal we cannot catch.
                unlink(temporary)
                descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            }
            guard descriptor >= 0 else {
                TemporaryFiles.unregister(slot)
                throw OutputFile.failure(shown, errno)
            }
            if let permissions, fchmod(descriptor, permissions) != 0 {
                let code = errno
                close(descriptor)
                unlink(temporary)
                TemporaryFiles.unregister(slot)
                throw OutputFile.failure(shown, code)
            }
            self.descriptor = descriptor
        }

        /// Flushes the file to disk and renames it over the target; `failed`: an errno from
        /// writing it, which removes it instead.
        func commit(failed: Int32) throws(ScenarioError) {
            defer { TemporaryFiles.unregister(slot) }
            var failed = failed
            if failed == 0, fsync(descriptor) != 0 { failed = errno }
            if close(descriptor) != 0, failed == 0 { failed = errno }
            if failed == 0, getenv(OutputFile.holdBeforeRenameVariable) != nil {
                while true { pause() }
            }
            if failed == 0, rename(temporary, path) != 0 { failed = errno }
            guard failed == 0 else {
                unlink(temporary)
                throw OutputFile.failure(shown, failed)
            }
            OutputFile.syncFolder(of: path)
        }

        /// The run failed: the target stays as it was.
        func abort() {
            close(descriptor)
            unlink(temporary)
            TemporaryFiles.unregister(slot)
        }
    }

    /// Writes into what exists at `path`, as a shell's `>` does: no temporary file, no rename
    /// (truncation, which devices and FIFOs ignore, empties a file reached through /proc).
    private static func writeThrough(_ path: String, _ text: String, reportedAs shown: String) throws(ScenarioError) {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(shown, errno) }
        var failed = writeAll(descriptor, text)
        if close(descriptor) != 0, failed == 0 { failed = errno }
        guard failed == 0 else { throw failure(shown, failed) }
    }

    /// Every byte of `text`, however many calls and interruptions it takes; 0 or the errno.
    static func writeAll(_ descriptor: Int32, _ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { writeAll(descriptor, $0) }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Makes the rename itself durable; a folder that cannot be synced loses nothing a reader sees.
    static func syncFolder(of path: String) {
        let descriptor = open(folder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// `.NAME.tmp-PID` in `path`'s folder.
    static func temporaryPath(for path: String) -> String {
        folder(of: path) + "/." + name(of: path) + ".tmp-\(getpid())"
    }

    static func failure(_ path: String, _ code: Int32) -> ScenarioError {
        ScenarioError(file: path, location: "", message: "cannot write the report: \(String(cString: strerror(code)))")
    }

    /// The folder part of `path`: `.` for a bare name, `/` for a file at the root.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}

/// Writes `text` to `path` as `OutputFile` does; every `--out` goes through here.
func writeAtomically(_ text: String, to path: String) throws(ScenarioError) {
    try OutputFile.write(text, to: path)
}
