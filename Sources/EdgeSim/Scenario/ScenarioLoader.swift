import Foundation

/// Reads a scenario file — the line language (`.scenario`) or JSON (`.json`) — with every
/// failure turned into a located `ScenarioError`.
public enum ScenarioLoader {
    /// Files larger than this are refused before they are read whole.
    public static let maxFileBytes = 8 << 20

    public static func load(path: String) throws(ScenarioError) -> (Scenario, SourceMap) {
        // A regular file over the limit is refused by its size; a device or a FIFO
        // (`run /dev/zero`) is read only up to the limit.
        try parse(try InputFile.read(path, limit: maxFileBytes), file: path)
    }

    public static func parse(_ data: Data, file: String) throws(ScenarioError) -> (Scenario, SourceMap) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: file, location: firstInvalidUTF8(data), message: "expected UTF-8 text; the file has bytes that are not UTF-8")
        }
        if let nul = data.firstIndex(of: 0) {
            throw ScenarioError(file: file, location: lineAndColumn(of: nul - data.startIndex, in: data),
                                message: "expected text; the file contains a NUL byte")
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
        // Foundation refused the bytes but no sequence looks malformed on its own (an overlong
        // form, say): point at the start rather than nowhere.
        return "1:1"
    }

    /// `line:col` of a byte offset, columns counted in characters as the parser counts them.
    static func lineAndColumn(of offset: Int, in data: Data) -> String {
        let before = data.prefix(offset)
        let line = before.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 10).map { $0 + 1 } ?? before.startIndex
        return "\(line):\(String(decoding: data[lineStart..<before.endIndex], as: UTF8.self).count + 1)"
    }

    static func decodeJSON(_ data: Data, file: String) throws(ScenarioError) -> (Scenario, SourceMap) {
        let map = SourceMap(file: file, origin: .json)
        let finding = JSONScan.check(data)
        if let finding, case .duplicateKey = finding {
            let (path, message) = JSONScan.message(finding)
            throw map.error(path, message)
        }
        do {
            let scenario = try JSONDecoder().decode(Scenario.self, from: data)
            return (scenario, map)
        } catch let DecodingError.dataCorrupted(context) {
            if context.debugDescription.contains("not valid JSON") {
                let (at, message) = syntaxProblem(data, finding)
                throw map.error(at ?? path(context.codingPath), message)
            }
            throw map.error(path(context.codingPath), choiceProblem(context.debugDescription) ?? context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw map.error(path(context.codingPath), "missing field \(quoted(key.stringValue))")
        } catch let DecodingError.typeMismatch(type, context) {
            if type == FaultAction.self {
                // Foundation says "Invalid number of keys found" for an unknown action too.
                throw map.error(path(context.codingPath), "expected an object with exactly one key, the action: "
                                + FaultVerb.jsonKeys.joined(separator: ", "))
            }
            throw map.error(path(context.codingPath), "expected \(typeName(type)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(type, context) {
            throw map.error(path(context.codingPath), "expected \(typeName(type)), got null")
        } catch {
            throw map.error("", "expected a scenario object: \(error)")
        }
    }

    /// What is wrong with JSON the decoder called "not valid": JSONSerialization names the
    /// place ("around character 513"); if it parses fine, the decoder choked on a number that
    /// does not fit its field (it says "not valid JSON" for `"seed": -1`, with no path), which
    /// the scan has found with its path.
    static func syntaxProblem(_ data: Data, _ finding: JSONScan.Finding?) -> (path: String?, message: String) {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            if let finding { return JSONScan.message(finding) }
            return (nil, "expected numbers that fit their fields: seed from 0 to \(UInt64.max), other numbers whole and within ±\(Int64.max)")
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return (nil, "expected valid JSON: \(reason)")
        }
    }

    /// The closed sets a scenario's strings come from, by the type name Foundation reports.
    static let choices: [String: [String]] = [
        "Mode": Mode.allCases.map(\.rawValue),
        "WorkloadKind": WorkloadKind.allCases.map(\.rawValue),
        "TaintEffect": TaintEffect.allCases.map(\.rawValue),
        "Timing": ["by", "at"],
    ]

    /// "Cannot initialize Mode from invalid String value kubernets" as the parser would say it.
    static func choiceProblem(_ description: String) -> String? {
        let prefix = "Cannot initialize "
        guard description.hasPrefix(prefix), let from = description.range(of: " from invalid "),
              let value = description.range(of: " value ") else { return nil }
        let type = String(description[description.index(description.startIndex, offsetBy: prefix.count)..<from.lowerBound])
        let got = String(description[value.upperBound...])
        guard let allowed = choices[type] else { return nil }
        return "expected one of " + allowed.map { "\(quoted($0))" }.joined(separator: ", ") + ", got \(quoted(got))"
            + NearMiss.hint(for: got, among: allowed)
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
