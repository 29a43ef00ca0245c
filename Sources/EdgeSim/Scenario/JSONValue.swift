import Foundation

/// A parsed JSON value that remembers where it came from, so every error names the file and
/// the JSON path (`$.items[3].metadata.name`). For reading other tools' output (kubectl), where
/// Codable's errors would name coding keys instead.
public struct JSONValue: @unchecked Sendable {
    let value: Any
    public let path: String
    public let file: String

    public static func parse(_ data: Data, file: String) throws(ScenarioError) -> JSONValue {
        do {
            return JSONValue(value: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]), path: "$", file: file)
        } catch {
            throw ScenarioError(file: file, location: "", message: "expected JSON (the output of kubectl ... -o json): \(error.localizedDescription)")
        }
    }

    func fail(_ message: String) -> ScenarioError { ScenarioError(file: file, location: path, message: message) }

    func object() throws(ScenarioError) -> [String: JSONValue] {
        guard let object = value as? [String: Any] else { throw fail("expected an object") }
        var out: [String: JSONValue] = [:]
        for (key, item) in object { out[key] = JSONValue(value: item, path: path + "." + key, file: file) }
        return out
    }

    func array() throws(ScenarioError) -> [JSONValue] {
        guard let array = value as? [Any] else { throw fail("expected an array") }
        return array.enumerated().map { JSONValue(value: $1, path: path + "[\($0)]", file: file) }
    }

    func field(_ key: String) throws(ScenarioError) -> JSONValue {
        guard let found = try optionalField(key) else {
            throw ScenarioError(file: file, location: path + "." + key, message: "missing field \(quoted(key))")
        }
        return found
    }

    /// The field, or nil when it is absent or JSON null.
    func optionalField(_ key: String) throws(ScenarioError) -> JSONValue? {
        guard let object = value as? [String: Any] else { throw fail("expected an object") }
        guard let item = object[key], !(item is NSNull) else { return nil }
        return JSONValue(value: item, path: path + "." + key, file: file)
    }

    func string() throws(ScenarioError) -> String {
        guard let text = value as? String else { throw fail("expected a string") }
        return text
    }

    func bool() throws(ScenarioError) -> Bool {
        guard let flag = value as? Bool else { throw fail("expected true or false") }
        return flag
    }

    func integer() throws(ScenarioError) -> Int64 {
        guard let number = value as? NSNumber, !(value is Bool), number.doubleValue == number.doubleValue.rounded() else {
            throw fail("expected a whole number")
        }
        return number.int64Value
    }

    func optionalString(_ key: String) throws(ScenarioError) -> String? {
        guard let field = try optionalField(key) else { return nil }
        return try field.string()
    }

    func optionalInteger(_ key: String) throws(ScenarioError) -> Int64? {
        guard let field = try optionalField(key) else { return nil }
        return try field.integer()
    }

    func optionalBool(_ key: String) throws(ScenarioError) -> Bool? {
        guard let field = try optionalField(key) else { return nil }
        return try field.bool()
    }

    /// A string the scenario language accepts as a name.
    func name() throws(ScenarioError) -> String {
        let text = try string()
        guard ScenarioParser.isName(text) else { throw fail("expected a name of letters, digits, '-', '_', '.' or '/', got \(quoted(text))") }
        return text
    }

    /// A label value (here, a zone or region) that must be a scenario name.
    func labelName(_ text: String) throws(ScenarioError) -> String {
        guard ScenarioParser.isName(text) else { throw fail("expected a zone or region of letters, digits, '-', '_', '.', got \(quoted(text))") }
        return text
    }
}
