import Foundation

/// Reads a scenario file — the line language (`.scenario`) or JSON (`.json`) — with every
/// failure turned into a located `ScenarioError`.
public enum ScenarioLoader {
    /// Files larger than this are refused before they are read whole.
    public static let maxFileBytes = 8 << 20

    public static func load(path: String) throws(ScenarioError) -> (Scenario, SourceMap) {
        let url = URL(fileURLWithPath: path)
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard (attributes[.type] as? FileAttributeType) != .typeDirectory else {
                throw ScenarioError(file: path, location: "", message: "expected a scenario file, got a directory")
            }
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(file: path, location: "", message: "cannot read the file: no such file or no permission")
        }
        guard size <= maxFileBytes else {
            throw ScenarioError(file: path, location: "", message: "file too large: \(size) bytes, at most \(maxFileBytes)")
        }
        guard let data = try? Data(contentsOf: url) else {
            throw ScenarioError(file: path, location: "", message: "cannot read the file")
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws(ScenarioError) -> (Scenario, SourceMap) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: file, location: firstInvalidUTF8(data), message: "expected UTF-8 text; the file has bytes that are not UTF-8")
        }
        if text.contains("\u{0}") {
            throw ScenarioError(file: file, location: "", message: "expected text; the file contains NUL bytes")
        }
        if file.hasSuffix(".json") { return try decodeJSON(data, file: file) }
        return try ScenarioParser.parse(text, file: file)
    }

    static func firstInvalidUTF8(_ data: Data) -> String {
        var line = 1, column = 1, index = 0
        let bytes = [UInt8](data)
        while index < bytes.count {
            let b = bytes[index]
            let length = b < 0x80 ? 1 : b >> 5 == 0x6 ? 2 : b >> 4 == 0xE ? 3 : b >> 3 == 0x1E ? 4 : 0
            if length == 0 || index + length > bytes.count || String(bytes: bytes[index..<index + length], encoding: .utf8) == nil {
                return "\(line):\(column)"
            }
            if b == 10 { line += 1; column = 1 } else { column += 1 }
            index += length
        }
        return ""
    }

    static func decodeJSON(_ data: Data, file: String) throws(ScenarioError) -> (Scenario, SourceMap) {
        let map = SourceMap(file: file, origin: .json)
        do {
            let scenario = try JSONDecoder().decode(Scenario.self, from: data)
            return (scenario, map)
        } catch let DecodingError.dataCorrupted(context) {
            throw map.error(path(context.codingPath), context.debugDescription.contains("not valid JSON") || context.codingPath.isEmpty
                            ? "expected valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)"
                            : context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw map.error(path(context.codingPath), "missing field \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(type, context) {
            throw map.error(path(context.codingPath), "expected \(typeName(type)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(type, context) {
            throw map.error(path(context.codingPath), "expected \(typeName(type)), got null")
        } catch {
            throw map.error("", "expected a scenario object: \(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch "\(type)" {
        case "String": "a string"
        case "Int", "Int64", "UInt64": "a whole number"
        case let other where other.hasPrefix("Array"): "an array"
        case let other where other.hasPrefix("Dictionary"): "an object"
        default: "a value of type \(type)"
        }
    }

    /// `nodes[3].site` from a decoding path.
    static func path(_ keys: [CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue { out += "[\(index)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }

    /// The canonical JSON of a scenario: sorted keys, pretty-printed, stable.
    public static func canonicalJSON(_ scenario: Scenario) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try! encoder.encode(scenario)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
