import Foundation
import Synchronization

/// The temporary files this process is writing, so that SIGINT or SIGTERM removes them before
/// the process dies: an interrupted `--out` leaves the target as it was and nothing beside it.
///
/// A signal handler may only call async-signal-safe functions, so it cannot touch Swift
/// strings or locks. Paths are copied into fixed buffers allocated once, and one atomic bit
/// mask says which buffers hold a live path; the handler reads the mask, unlinks those paths,
/// then dies of the same signal with its default action (the shell sees 128+signal).
enum TemporaryFiles {
    /// At most this many temporary files at once; a write beyond it goes unregistered.
    static let slotCount = 16
    static let slotBytes = Int(PATH_MAX) + 1

    /// `slotCount` buffers of `slotBytes`, each a NUL-terminated path while its bit is set.
    nonisolated(unsafe) static let paths = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotBytes)
    /// Bit `i` set: buffer `i` holds a live path the handler must remove.
    static let live = Atomic<UInt64>(0)
    private static let lock = NSLock()
    /// Guarded by `lock`: the next buffer to try, so a buffer just freed is reused last (a
    /// handler already reading it never sees it rewritten), and whether handlers are installed.
    nonisolated(unsafe) private static var next = 0
    nonisolated(unsafe) private static var installed = false

    /// Registers `path` for removal on SIGINT or SIGTERM; returns the slot to `unregister`, or nil
    /// when every slot is taken or the path does not fit.
    static func register(_ path: String) -> Int? {
        installSignalHandlers()
        lock.lock(); defer { lock.unlock() }
        let bytes = Array(path.utf8CString)
        guard bytes.count <= slotBytes else { return nil }
        let mask = live.load(ordering: .acquiring)
        for offset in 0..<slotCount {
            let slot = (next + offset) % slotCount
            guard mask & (1 << slot) == 0 else { continue }
            let buffer = paths + slot * slotBytes
            bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: bytes.count) }
            // Published only once the bytes are in place: the handler never reads half a path.
            live.bitwiseOr(1 << slot, ordering: .releasing)
            next = (slot + 1) % slotCount
            return slot
        }
        return nil
    }

    /// The file of `slot` is gone or renamed: a signal no longer removes it.
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        live.bitwiseAnd(~(UInt64(1) << slot), ordering: .releasing)
    }

    /// Installs the handler for SIGINT and SIGTERM (once; `main` does it first), except where the
    /// signal was ignored when we started (`nohup`, a background job): ignored it stays. Both are
    /// unblocked on the calling thread, and so on the threads it starts later: a process spawned
    /// from a thread that blocks them (a Dispatch worker does) would otherwise never see them.
    static func installSignalHandlers() {
        lock.lock(); defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        _ = live.load(ordering: .relaxed)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for number in [SIGINT, SIGTERM] {
            let previous = signal(number, removeTemporaryFilesAndDie)
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(number, SIG_IGN)
            } else {
                sigaddset(&unblocked, number)
            }
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}

/// The SIGINT and SIGTERM handler: async-signal-safe calls only (`unlink`, `signal`, `raise`).
private let removeTemporaryFilesAndDie: @convention(c) (Int32) -> Void = { number in
    let mask = TemporaryFiles.live.load(ordering: .acquiring)
    for slot in 0..<TemporaryFiles.slotCount where mask & (1 << slot) != 0 {
        unlink(TemporaryFiles.paths + slot * TemporaryFiles.slotBytes)
    }
    // The signal is blocked while its handler runs: raised again with the default action, it
    // kills the process as soon as the handler returns.
    signal(number, SIG_DFL)
    raise(number)
}
