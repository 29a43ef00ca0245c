/// Bad input, located: `file:line:col` for a `.scenario`, the JSON path for a `.json`.
/// Always exit code 2 at the command line.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// `line:col` or a JSON path such as `$.nodes[3].site`.
    public var location: String
    public var message: String

    public init(file: String, location: String, message: String) {
        // Every field can carry input (a file name, a JSON key in a path, a quoted word); none
        // may reach a terminal with its control characters, whatever the message's author did.
        self.file = Echo.escaped(file)
        self.location = Echo.escaped(location)
        self.message = Echo.capped(Echo.escaped(message))
    }

    public var description: String {
        location.isEmpty ? "\(file): error: \(message)" : "\(file):\(location): error: \(message)"
    }
}

/// How a message shows input: the one place input is echoed, so that a crafted file can neither
/// drive the terminal (escape sequences, bidi overrides, CR) nor flood it (a 1 MB name).
public enum Echo {
    /// Input longer than this, in Unicode scalars, is cut with an ellipsis and its length.
    public static let limit = 80
    /// A whole message longer than this is cut: the last guard against an unquoted echo.
    public static let messageLimit = 2_000

    /// `text` in double quotes, escaped and cut: `"a\u{1B}[2J"`, `"xxxx…" (1048576 characters)`.
    public static func quoted(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        let count = scalars.count
        guard count > limit else { return "\"" + escaped(String(text)) + "\"" }
        return "\"" + escaped(String(String.UnicodeScalarView(scalars.prefix(limit)))) + "…\" (\(count) characters)"
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators and bidi controls
    /// written as `\u{1B}`; everything else as it is.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL and C1 (0x9B is a one-byte CSI)
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidi marks and overrides
        default: false
        }
    }

    /// A message cut at `messageLimit` scalars, saying so.
    static func capped(_ message: String) -> String {
        let count = message.unicodeScalars.count
        guard count > messageLimit else { return message }
        let kept = String(String.UnicodeScalarView(message.unicodeScalars.prefix(messageLimit)))
        return kept + "… (message cut at \(messageLimit) of \(count) characters)"
    }
}

/// Input as a message quotes it (`Echo.quoted`).
func quoted(_ text: some StringProtocol) -> String { Echo.quoted(text) }

/// "did you mean" for a near miss: the closest candidate within a small edit distance.
public enum NearMiss {
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        // A name cut short is what was meant, however far it is in edits (node-monitor-grace is
        // node-monitor-grace-period, not node-monitor-phase): the shortest candidate it begins.
        let lowered = word.lowercased()
        if lowered.count >= 4, let cut = candidates.filter({ $0.count > word.count && $0.lowercased().hasPrefix(lowered) })
            .min(by: { $0.count < $1.count }) {
            return cut
        }
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            let limit = max(1, min(3, candidate.count / 3))
            // A tie goes to a candidate the word begins (a name cut short: --node for --nodes).
            let closer = best.map { distance < $0.1 || (distance == $0.1 && candidate.hasPrefix(word) && !$0.0.hasPrefix(word)) } ?? true
            if distance <= limit, closer { best = (candidate, distance) }
        }
        return best?.0
    }

    /// `, did you mean "x"?` or nothing.
    public static func hint(for word: String, among candidates: [String]) -> String {
        suggestion(for: word, among: candidates).map { "; did you mean \(quoted($0))?" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
