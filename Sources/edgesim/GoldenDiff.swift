// MARK: - The check command's diff printer
//
// Kept apart, and called from one place (CheckCommand.check), because the library is getting
// its own "first differing line" printer: when it lands, this file goes and that call changes.

/// How `edgesim check` shows a timeline that differs from its golden report.
enum GoldenDiff {
    /// The first differing line with a little context, as `diff` would show it.
    static func firstDifference(expected: String, actual: String, path: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
        var out = "  timeline differs from \(path) at line \(index + 1):"
        for i in index..<min(index + 3, a.count) { out += "\n  - " + a[i] }
        for i in index..<min(index + 3, b.count) { out += "\n  + " + b[i] }
        return out
    }
}
