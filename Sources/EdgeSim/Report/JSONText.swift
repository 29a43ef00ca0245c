/// A tiny JSON writer for reports: keys in the order given (callers give them sorted), no
/// locale, no floating point — the same bytes on every machine.
public struct JSONObject {
    private var parts: [String] = []
    public init() {}

    public mutating func add(_ key: String, string value: String) { parts.append(Self.quote(key) + ":" + Self.quote(value)) }
    public mutating func add(_ key: String, raw value: String) { parts.append(Self.quote(key) + ":" + value) }
    public mutating func add(_ key: String, int value: Int64) { add(key, raw: String(value)) }

    public var text: String { "{" + parts.joined(separator: ",") + "}" }

    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + pad(Int64(scalar.value), 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
