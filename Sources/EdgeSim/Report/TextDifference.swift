/// Where two texts first differ, line by line: what `edgesim check` and the golden tests show
/// when a timeline is not its golden report, so both speak of a mismatch the same way.
///
/// Lines are split on `"\n"` keeping empty ones, so a missing final newline is a difference
/// too (at the line after the last one of the shorter text).
public struct TextDifference: Equatable, Sendable {
    /// The first line that differs, counted from 1.
    public var line: Int
    /// Up to `context` lines of the expected text from `line` on; fewer where it ends.
    public var expected: [String]
    /// Up to `context` lines of the actual text from `line` on; fewer where it ends.
    public var actual: [String]

    /// The first difference between `expected` and `actual`, or nil if they are equal.
    public init?(expected: String, actual: String, context: Int = 3) {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
        if index == a.count && index == b.count { return nil }
        line = index + 1
        self.expected = a[index..<min(index + context, a.count)].map(String.init)
        self.actual = b[index..<min(index + context, b.count)].map(String.init)
    }

    /// The difference as `diff` would show it: the line number, the expected lines marked `-`
    /// and the actual ones `+`, indented to sit under a scenario's name.
    public func summary(against path: String) -> String {
        var out = "  timeline differs from \(path) at line \(line):"
        for text in expected { out += "\n  - " + text }
        for text in actual { out += "\n  + " + text }
        return out
    }
}
