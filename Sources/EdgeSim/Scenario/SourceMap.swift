/// Where each part of a parsed scenario came from, so a validation error found later can
/// still say `file:line:col`. Keys are JSON-style paths: `nodes[3]`, `nodes[3].site`.
public struct SourceMap: Sendable {
    public enum Origin: Sendable { case text, json }
    public let file: String
    public let origin: Origin
    private var positions: [String: (line: Int, column: Int)] = [:]
    /// The text of a `.scenario` file, kept for parsing it again with other `param` values.
    public var text: String?

    public init(file: String, origin: Origin) { self.file = file; self.origin = origin }

    mutating func note(_ path: String, line: Int, column: Int) {
        if positions[path] == nil { positions[path] = (line, column) }
    }

    /// Whether the source wrote `path` itself (a text scenario's name may come from its file name).
    public func wrote(_ path: String) -> Bool { origin == .json || positions[path] != nil }

    /// `line:col` of the field if known, else of its statement; `$.path` for JSON input.
    public func location(_ path: String) -> String {
        switch origin {
        case .json:
            return path.isEmpty ? "$" : "$." + path
        case .text:
            var key = path
            while true {
                if let p = positions[key] { return "\(p.line):\(p.column)" }
                // Nothing of it was written (no node at all, say): the file's start.
                guard let cut = key.lastIndex(where: { $0 == "." || $0 == "[" }) else { return "1:1" }
                key = String(key[..<cut])
            }
        }
    }

    public func error(_ path: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, location: location(path), message: message)
    }
}
