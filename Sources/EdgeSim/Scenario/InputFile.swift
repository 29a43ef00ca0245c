import Foundation

/// Reading an input file whole, with its size limit checked before any byte is read: a file
/// over the limit costs a `stat`, not its size in memory. What `stat` cannot size (a FIFO, a
/// device such as /dev/zero) is read only up to the limit.
public enum InputFile {
    /// `268435456 bytes (256 MiB)`: a limit as messages and the README give it.
    public static func describe(_ limit: Int) -> String {
        limit % (1 << 30) == 0 ? "\(limit) bytes (\(limit >> 30) GiB)" : "\(limit) bytes (\(limit >> 20) MiB)"
    }

    /// The size of the regular file at `path`, or nil for something only reading can size.
    public static func size(_ path: String) throws(ScenarioError) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { throw cannotRead(path, errno) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return Int(status.st_size)
        case S_IFDIR: throw cannotRead(path, EISDIR)
        default: return nil
        }
    }

    /// The bytes of `path`, refused (exit 2, naming the file and the limit) when there are more
    /// than `limit`: before reading when `stat` says so, as soon as reading passes it otherwise.
    public static func read(_ path: String, limit: Int) throws(ScenarioError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw cannotRead(path, errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw cannotRead(path, errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw cannotRead(path, EISDIR) }
        if status.st_mode & S_IFMT == S_IFREG && Int(status.st_size) > limit {
            throw tooLarge(path, "\(status.st_size) bytes", limit: limit)
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = Foundation.read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw cannotRead(path, errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: chunk[..<count])
            if data.count > limit { throw tooLarge(path, "more than \(limit) bytes", limit: limit) }
        }
    }

    static func tooLarge(_ path: String, _ size: String, limit: Int) -> ScenarioError {
        ScenarioError(file: path, location: "", message: "file too large: \(size), at most \(describe(limit))")
    }

    static func cannotRead(_ path: String, _ code: Int32) -> ScenarioError {
        ScenarioError(file: path, location: "", message: "cannot read the file: \(String(cString: strerror(code)))")
    }
}
