/// Bad input, located: `file:line:col` for a `.scenario`, the JSON path for a `.json`.
/// Always exit code 2 at the command line.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// `line:col` or a JSON path such as `$.nodes[3].site`.
    public var location: String
    public var message: String

    public init(file: String, location: String, message: String) {
        self.file = file; self.location = location; self.message = message
    }

    public var description: String {
        location.isEmpty ? "\(file): error: \(message)" : "\(file):\(location): error: \(message)"
    }
}

/// "did you mean" for a near miss: the closest candidate within a small edit distance.
public enum NearMiss {
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            let limit = max(1, min(3, candidate.count / 3))
            if distance <= limit, best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
        }
        return best?.0
    }

    /// `, did you mean "x"?` or nothing.
    public static func hint(for word: String, among candidates: [String]) -> String {
        suggestion(for: word, among: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
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
