/// A run's `expect` lines, checked and located in their file: what `check`, `run --check`,
/// JUnit and GitHub annotations report.
public struct ExpectationResults: Sendable {
    public struct Result: Sendable {
        public var outcome: ExpectationChecker.Outcome
        /// The expectation's index in the scenario's list (a sweep's column, a JUnit testcase).
        public var index: Int
        public var file: String
        /// `line:col` for a `.scenario`, the JSON path for a `.json`.
        public var location: String
        /// The line in the file, when the file is text.
        public var line: Int?

        public var passed: Bool { outcome.passed }
        /// What the line asks: `== 1`.
        public var expected: String { outcome.expectation.op + " " + outcome.expectation.value }
        /// `file:3:1: expectation failed: expect by 6m taints node:edge-3 == 1 (actual 0)`.
        public var message: String {
            "\(file):\(location): expectation failed: \(outcome.text) (actual \(outcome.actual))"
        }
    }

    public let results: [Result]
    public var failures: [Result] { results.filter { !$0.passed } }

    public init(_ report: RunReport, sourceMap: SourceMap) {
        let outcomes = ExpectationChecker.check(report.expectations, against: report)
        results = zip(outcomes, report.expectationIndices).map { outcome, index in
            let (location, line) = Self.locate(index, in: sourceMap)
            return Result(outcome: outcome, index: index, file: sourceMap.file, location: location, line: line)
        }
    }

    /// Where expectation `index` was written: `line:col` and the line for a text file, the JSON
    /// path (and no line) for JSON.
    public static func locate(_ index: Int, in sourceMap: SourceMap) -> (location: String, line: Int?) {
        let location = sourceMap.location("expectations[\(index)]")
        return (location, sourceMap.origin == .text ? location.split(separator: ":").first.flatMap { Int($0) } : nil)
    }
}
