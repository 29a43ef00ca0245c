/// What `edgesim tune --space` reads: `KEY=v1,v2,...` (the values as given) or `KEY=lo..hi`
/// (evenly spaced values from lo to hi, both included: 5 unless `lo..hi/N` asks for N). KEY is
/// any setting `edgesim run --set` takes, a param of the scenario, or a per-workload-class
/// toleration `toleration:CLASS` (`WorkloadTolerationOverride`). The space is the cross product
/// of every key's values and the modes, indexed as a `SweepPlan` indexes its grid.
public enum TuneSpace {
    /// The most values one `lo..hi/N` may ask for.
    public static let maxSteps = 100

    public static func axis(_ text: String) throws(ScenarioError) -> SweepPlan.Axis {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw problem("expected KEY=v1,v2,... or KEY=lo..hi, got \(quoted(text))")
        }
        guard !parts[1].contains(","), parts[1].contains("..") else {
            return try SweepArguments.axis(text, flag: "--space")
        }
        let values = try range(parts[1], key: parts[0])
        return try SweepArguments.axis(parts[0] + "=" + values.joined(separator: ","), flag: "--space")
    }

    /// `lo..hi[/N]` as N values: whole numbers, decimals (up to 6 places) or durations (in
    /// whole seconds when both ends are, otherwise milliseconds), rounded to the nearest
    /// representable value; repeats (a narrow whole-number range) are dropped.
    static func range(_ text: String, key: String) throws(ScenarioError) -> [String] {
        var body = Substring(text)
        var steps = 5
        if let slash = body.firstIndex(of: "/") {
            guard let n = Int(body[body.index(after: slash)...]), (2...maxSteps).contains(n) else {
                throw problem("expected lo..hi/N with N from 2 to \(maxSteps) for \(key), got \(quoted(text))")
            }
            steps = n
            body = body[..<slash]
        }
        guard let dots = body.range(of: "..") else { throw problem("expected lo..hi for \(key), got \(quoted(text))") }
        let low = String(body[..<dots.lowerBound]), high = String(body[dots.upperBound...])
        let spaced: [String]
        if let a = Int64(low), let b = Int64(high), a <= b, b - a <= 1 << 40 {
            spaced = points(a, b, steps).map { "\($0)" }
        } else if low.contains(where: \.isLetter), let a = SimTime.parse(low), let b = SimTime.parse(high), a <= b {
            let whole = a.microseconds % 1_000_000 == 0 && b.microseconds % 1_000_000 == 0
            let unit: Int64 = whole ? 1_000_000 : 1_000
            spaced = points(a.microseconds / unit, b.microseconds / unit, steps).map { whole ? "\($0)s" : "\($0)ms" }
        } else if let a = DecimalText.scaled(low, scale: 6), let b = DecimalText.scaled(high, scale: 6), a <= b {
            spaced = points(a, b, steps).map(DecimalText.micro)
        } else {
            throw problem("expected lo..hi with lo <= hi, both whole numbers, decimals or durations, for \(key), got \(quoted(text))")
        }
        var distinct: [String] = []
        for value in spaced where !distinct.contains(value) { distinct.append(value) }
        return distinct
    }

    /// `steps` values from a to b, evenly spaced, rounded half up.
    static func points(_ a: Int64, _ b: Int64, _ steps: Int) -> [Int64] {
        let n = Int64(steps - 1)
        return (0...n).map { i in a + ((b - a) * i * 2 + n) / (2 * n) }
    }

    static func problem(_ message: String) -> ScenarioError { ScenarioError(file: "--space", location: "", message: message) }
}
