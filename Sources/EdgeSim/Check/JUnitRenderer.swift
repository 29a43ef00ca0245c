/// `edgesim check --junit`: JUnit XML as GitLab, Jenkins, CircleCI and Azure Pipelines read it.
/// A testsuite per scenario and variant with a testcase per expect line (the failure message
/// gives the expected and the actual value); a scenario compared with a golden report (or
/// required to have one) gets a `NAME golden` testsuite with one testcase. Times are 0: the simulation has no wall clock.
public enum JUnitRenderer {
    public static func render(_ checks: [ScenarioCheck]) -> String {
        var suites: [Suite] = []
        for check in checks {
            suites += check.runs.map { Suite(check, $0) }
            if let golden = Suite(golden: check) { suites.append(golden) }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"edgesim check\" tests=\"\(suites.map(\.cases.count).reduce(0, +))\""
            + " failures=\(count(suites, .failure)) errors=\(count(suites, .error)) time=\"0\">\n"
        for suite in suites { out += suite.xml }
        return out + "</testsuites>\n"
    }

    static func count(_ suites: [Suite], _ kind: Case.Outcome.Kind) -> String {
        "\"\(suites.flatMap(\.cases).filter { $0.outcome?.kind == kind }.count)\""
    }

    struct Case {
        struct Outcome {
            enum Kind: String { case failure, error }
            var kind: Kind
            var message: String
            var body: String
        }
        var name: String
        var file: String
        var line: Int?
        var outcome: Outcome?
    }

    struct Suite {
        var name: String
        var file: String
        var cases: [Case]

        init(_ check: ScenarioCheck, _ run: ScenarioCheck.Run) {
            name = check.name + (run.variant.map { "/" + $0 } ?? "")
            file = check.path
            if let results = run.expectations {
                cases = results.results.map { result in
                    Case(name: result.outcome.text, file: check.path, line: result.line, outcome: result.passed ? nil : .init(
                        kind: .failure, message: "expected \(result.expected), actual \(result.outcome.actual)", body: result.message))
                }
            } else {
                let violation = run.violation ?? ""
                cases = run.locations.map { Case(name: $0.text, file: check.path, line: $0.line,
                                                 outcome: .init(kind: .error, message: "the run broke an invariant", body: violation)) }
                if cases.isEmpty {
                    cases = [Case(name: "run", file: check.path, line: nil, outcome: .init(kind: .error, message: "the run broke an invariant", body: violation))]
                }
            }
        }

        init?(golden check: ScenarioCheck) {
            name = check.name + " golden"
            file = check.path
            let outcome: Case.Outcome?
            switch check.golden {
            case .notCompared: return nil
            case .missing where !check.requiresGolden: return nil
            case .matches, .recorded: outcome = nil
            case .differs(let path, let difference):
                outcome = .init(kind: .failure, message: "the timeline differs from \(path) at line \(difference.line)",
                                body: difference.summary(against: path))
            case .missing(let path):
                outcome = .init(kind: .failure, message: "no golden report at \(path)", body: "")
            }
            cases = [Case(name: "golden timeline", file: check.path, line: nil, outcome: outcome)]
        }

        var xml: String {
            let failures = cases.filter { $0.outcome?.kind == .failure }.count, errors = cases.filter { $0.outcome?.kind == .error }.count
            var out = "  <testsuite name=\(attribute(name)) tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\""
                + " time=\"0\" file=\(attribute(file))>\n"
            for testcase in cases {
                out += "    <testcase name=\(attribute(testcase.name)) classname=\(attribute(name)) file=\(attribute(testcase.file))"
                    + (testcase.line.map { " line=\"\($0)\"" } ?? "") + " time=\"0\""
                guard let outcome = testcase.outcome else { out += "/>\n"; continue }
                out += ">\n      <\(outcome.kind.rawValue) message=\(attribute(outcome.message))"
                out += " type=\"\(outcome.kind == .error ? "invariant" : "expectation")\""
                out += outcome.body.isEmpty ? "/>\n" : ">" + escaped(outcome.body) + "</\(outcome.kind.rawValue)>\n"
                out += "    </testcase>\n"
            }
            return out + "  </testsuite>\n"
        }
    }

    static func attribute(_ text: String) -> String { "\"" + escaped(text) + "\"" }

    /// XML text: the five entities escaped, characters XML 1.0 cannot carry (most C0 controls)
    /// replaced by U+FFFD.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}
