/// `edgesim check --format github`: GitHub Actions workflow commands that put each failure on
/// the line that caused it (`::error file=...,line=...::`), and a notice for a scenario checked
/// without a golden report.
public enum GitHubAnnotations {
    public static func render(_ check: ScenarioCheck) -> String {
        var out = ""
        for run in check.runs {
            if let violation = run.violation {
                out += command("error", file: check.path, line: nil, title: "invariant broken", violation)
            }
            for failure in run.expectations?.failures ?? [] {
                out += command("error", file: failure.file, line: failure.line, title: "expectation failed",
                               "\(failure.outcome.text): expected \(failure.expected), actual \(failure.outcome.actual)"
                                   + (failure.outcome.expectation.variant == nil ? run.variant.map { " (variant \($0))" } ?? "" : ""))
            }
        }
        switch check.golden {
        case .differs(let path, let difference):
            out += command("error", file: path, line: difference.line, title: "golden timeline differs", difference.summary(against: path))
        case .missing(let path):
            out += command(check.requiresGolden ? "error" : "notice", file: check.path, line: nil, title: "no golden report",
                           "no golden report at \(path)" + (check.requiresGolden ? "" : "; only the expect lines were checked"))
        case .matches, .recorded, .notCompared: break
        }
        return out
    }

    static func command(_ level: String, file: String, line: Int?, title: String, _ message: String) -> String {
        var properties = "file=" + escapedProperty(file)
        if let line { properties += ",line=\(line)" }
        properties += ",title=" + escapedProperty(title)
        return "::\(level) \(properties)::\(escapedData(message))\n"
    }

    // GitHub's toolkit (actions/toolkit core/src/command.ts): data escapes % CR LF; properties
    // also : and ,.
    static func escapedData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapedProperty(_ text: String) -> String {
        escapedData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
