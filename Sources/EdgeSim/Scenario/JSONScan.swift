import Foundation

/// One pass over JSON text for what Foundation's decoder cannot say: an object key written
/// twice (the decoder keeps one and drops the other's data silently) and the path of a number
/// too large for its field (the decoder calls it "not valid JSON" and names no path).
///
/// Paths are written as `SourceMap` keys: `faults`, `workloads[0].replicas`. Text that is not
/// JSON stops the scan without a finding; the decoder then says what is wrong with it.
struct JSONScan {
    /// Deeper nesting is left to the decoder, which refuses it; the scan recurses.
    static let maxDepth = 512

    enum Finding: Error, Equatable {
        case duplicateKey(path: String, key: String)
        case numberOutOfRange(path: String, field: String, token: String)
    }

    private let bytes: [UInt8]
    private var index = 0
    /// The first number that fits no field, kept while the scan looks for duplicates.
    private var badNumber: Finding?

    private init(_ data: Data) { bytes = [UInt8](data) }

    /// The first duplicate key, else the first number out of range, else nil.
    static func check(_ data: Data) -> Finding? {
        var scan = JSONScan(data)
        do {
            try scan.value(path: "", key: "", depth: 0)
        } catch let finding as Finding {
            return finding
        } catch {
            return nil
        }
        return scan.badNumber
    }

    /// What the finding's message says.
    static func message(_ finding: Finding) -> (path: String, message: String) {
        switch finding {
        case .duplicateKey(let path, let key):
            (path, "expected each key once in an object, got \(quoted(key)) twice")
        case .numberOutOfRange(let path, "seed", let token):
            (path, "expected a seed, a whole number from 0 to \(UInt64.max), got \(quoted(token))")
        case .numberOutOfRange(let path, let field, let token):
            (path, "expected \(field) as a whole number within ±\(Int64.max), got \(quoted(token))")
        }
    }

    private struct Stop: Error {}

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value(path: String, key: String, depth: Int) throws {
        guard depth < Self.maxDepth else { throw Stop() }
        skipSpace()
        guard index < bytes.count else { throw Stop() }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(path: path, depth: depth)
        case UInt8(ascii: "["): try array(path: path, depth: depth)
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): number(path: path, key: key)
        default:
            // true, false, null: letters only.
            let start = index
            while index < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[index]) { index += 1 }
            guard index > start else { throw Stop() }
        }
    }

    private mutating func object(path: String, depth: Int) throws {
        index += 1
        var keys = Set<String>()
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipSpace()
            let key = try string()
            let child = path.isEmpty ? key : path + "." + key
            guard keys.insert(key).inserted else { throw Finding.duplicateKey(path: child, key: key) }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Stop() }
            index += 1
            try value(path: child, key: key, depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw Stop() }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "}") { return }
            guard bytes[index - 1] == UInt8(ascii: ",") else { throw Stop() }
        }
    }

    private mutating func array(path: String, depth: Int) throws {
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
        var element = 0
        while true {
            try value(path: path + "[\(element)]", key: "", depth: depth + 1)
            element += 1
            skipSpace()
            guard index < bytes.count else { throw Stop() }
            index += 1
            if bytes[index - 1] == UInt8(ascii: "]") { return }
            guard bytes[index - 1] == UInt8(ascii: ",") else { throw Stop() }
        }
    }

    /// A string's value, its escapes decoded (so `"a"` and `"\u0061"` are one key).
    private mutating func string() throws -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Stop() }
        let start = index
        var escaped = false
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { escaped = true; index += 1 }
            index += 1
        }
        guard index < bytes.count else { throw Stop() }
        index += 1
        let raw = bytes[start..<index]
        guard escaped else { return String(decoding: raw.dropFirst().dropLast(), as: UTF8.self) }
        guard let text = try? JSONSerialization.jsonObject(with: Data(raw), options: [.fragmentsAllowed]) as? String else { throw Stop() }
        return text
    }

    /// Notes the first number no field can hold: every number is whole and within Int64,
    /// but a seed, which is a UInt64.
    private mutating func number(path: String, key: String) {
        let start = index
        while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
        guard badNumber == nil else { return }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        if key == "seed" ? UInt64(token) != nil : Int64(token) != nil { return }
        if key != "seed", let value = Double(token), value == value.rounded(), abs(value) < 9.2e18 { return }
        badNumber = .numberOutOfRange(path: path, field: key.isEmpty ? "an element" : key, token: token)
    }
}
