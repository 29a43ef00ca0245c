/// What `edgesim check` found for one scenario file: each run's expect lines (or the invariant
/// it broke) and how its timeline compares with its golden report, if it has one.
public struct ScenarioCheck: Sendable {
    public struct Run: Sendable {
        public var variant: String?
        /// The run's expect lines, checked; nil when the run broke an invariant.
        public var expectations: ExpectationResults?
        /// The broken invariant's description (exit 3 elsewhere; a failure here).
        public var violation: String?
        /// How many expect lines the run has: its testcases, whether it finished or not.
        public var expectationCount: Int
        /// Where each of those lines stands in the file (`line:col`), for a run that broke.
        public var locations: [(text: String, location: String, line: Int?)]
    }

    public enum Golden: Sendable, Equatable {
        /// The timeline is byte for byte the golden report at `path`.
        case matches(path: String)
        /// It differs; `difference` says where first.
        case differs(path: String, difference: TextDifference)
        /// No golden report where one is looked for (`path`): only the expect lines count.
        case missing(path: String)
        /// Rewritten at `path` (`--record`).
        case recorded(path: String)
        /// Not compared: a run broke an invariant, so there is no whole timeline.
        case notCompared
    }

    public var path: String
    public var name: String
    public var runs: [Run]
    public var golden: Golden
    /// Whether a missing golden report is a failure (`--require-goldens`).
    public var requiresGolden: Bool

    public init(path: String, name: String, runs: [Run], golden: Golden, requiresGolden: Bool) {
        self.path = path; self.name = name; self.runs = runs; self.golden = golden; self.requiresGolden = requiresGolden
    }

    public var goldenFailed: Bool {
        switch golden {
        case .differs: true
        case .missing: requiresGolden
        case .matches, .recorded, .notCompared: false
        }
    }

    public var passed: Bool {
        !goldenFailed && runs.allSatisfy { $0.violation == nil && ($0.expectations?.failures.isEmpty ?? false) }
    }
}

extension ScenarioCheck.Run {
    /// A run that finished: its expect lines checked against its report.
    public init(_ report: RunReport, sourceMap: SourceMap) {
        let results = ExpectationResults(report, sourceMap: sourceMap)
        self.init(variant: report.variant, expectations: results, violation: nil, expectationCount: results.results.count,
                  locations: results.results.map { ($0.outcome.text, $0.location, $0.line) })
    }

    /// A run that broke an invariant: its expect lines are reported as errors.
    public init(_ compiled: CompiledScenario, sourceMap: SourceMap, violation: String) {
        let locations = zip(compiled.expectations, compiled.expectationIndices).map { expectation, index in
            let (location, line) = ExpectationResults.locate(index, in: sourceMap)
            return (expectation.text, location, line)
        }
        self.init(variant: compiled.variant, expectations: nil, violation: violation, expectationCount: locations.count,
                  locations: locations)
    }
}
