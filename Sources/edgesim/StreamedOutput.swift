import EdgeSim
import Foundation

/// A report written while its runs go (`run --format text|jsonl|csv`), through a 64 KiB
/// buffer, so the timeline is never held. A regular `--out` file gets it in its temporary file,
/// renamed over it at the end (`OutputFile`); standard output, a device or a FIFO gets it from
/// a spool file, removed from its folder as soon as it is open, copied out at the end. Either
/// way a run that fails (exit 2 or 3) leaves nothing behind, as a report held until the end does.
final class StreamedOutput: TextOutput {
    private enum Destination {
        case file(OutputFile.TemporaryFile)
        /// Spooled, then copied to standard output (nil) or written through to the path.
        case spool(descriptor: Int32, to: String?)
    }

    private let destination: Destination
    private var buffer: [UInt8] = []
    private static let bufferBytes = 1 << 16
    /// The first write error (an errno); the rest is not written.
    private var failed: Int32 = 0
    private let shown: String

    /// `out`: the `--out` path; nil: standard output.
    init(out: String?) throws(ScenarioError) {
        shown = out ?? "standard output"
        buffer.reserveCapacity(Self.bufferBytes)
        if let out {
            let target = try OutputTarget.resolve(out)
            switch target.kind {
            case .replace(let permissions):
                destination = .file(try OutputFile.TemporaryFile(beside: target.path, permissions: permissions, reportedAs: out))
                return
            case .directory: throw OutputFile.failure(out, EISDIR)
            case .writeThrough: break
            }
        }
        destination = .spool(descriptor: try Self.openSpool(shown), to: out)
    }

    private static func openSpool(_ shown: String) throws(ScenarioError) -> Int32 {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/edgesim-report-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw OutputFile.failure(shown, errno) }
        // Unlinked at once: nothing is left behind, whatever ends the process.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }

    private var descriptor: Int32 {
        switch destination {
        case .file(let file): file.descriptor
        case .spool(let descriptor, _): descriptor
        }
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferBytes { flush() }
    }

    private func flush() {
        if failed == 0 { failed = buffer.withUnsafeBufferPointer { OutputFile.writeAll(descriptor, $0) } }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Every run succeeded: the report goes where it was asked to.
    func commit() throws(ScenarioError) {
        flush()
        switch destination {
        case .file(let file): try file.commit(failed: failed)
        case .spool(let spool, let path):
            defer { close(spool) }
            guard failed == 0 else { throw OutputFile.failure(shown, failed) }
            let target = path.map { open($0, O_WRONLY | O_TRUNC | O_CLOEXEC) } ?? STDOUT_FILENO
            guard target >= 0 else { throw OutputFile.failure(shown, errno) }
            var copyFailed = Self.copy(spool, to: target)
            if let _ = path, close(target) != 0, copyFailed == 0 { copyFailed = errno }
            guard copyFailed == 0 else { throw OutputFile.failure(shown, copyFailed) }
        }
    }

    /// A run failed: nothing is written.
    func abort() {
        switch destination {
        case .file(let file): file.abort()
        case .spool(let spool, _): close(spool)
        }
    }

    private static func copy(_ source: Int32, to target: Int32) -> Int32 {
        guard lseek(source, 0, SEEK_SET) == 0 else { return errno }
        var chunk = [UInt8](repeating: 0, count: bufferBytes)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress!, $0.count) }
            if count < 0 { if errno == EINTR { continue }; return errno }
            if count == 0 { return 0 }
            let failed = chunk.withUnsafeBufferPointer { OutputFile.writeAll(target, UnsafeBufferPointer(rebasing: $0[..<count])) }
            if failed != 0 { return failed }
        }
    }
}
