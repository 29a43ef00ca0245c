/// A number tune reads from each run, in thousandths (integers, so every comparison is exact
/// and the same on every machine): a metric of `Metrics.names`, or
/// `unnecessary_evictions_per_day` (unnecessary evictions scaled to a simulated day).
/// A metric a run leaves null (no dead node, so no time to evict one; bytes a mode does not
/// count) reads 0: there was nothing to wait for.
public struct TuneMetric: Equatable, Sendable, Hashable {
    public static let perDay = "unnecessary_evictions_per_day"
    public static var names: [String] { [perDay] + Metrics.names }

    public let name: String

    public init(_ name: String) throws(ScenarioError) {
        guard Self.names.contains(name) else {
            throw ScenarioError(file: "--objective", location: "", message: "unknown metric \(quoted(name))"
                                + NearMiss.hint(for: name, among: Self.names) + " (known: " + Self.names.joined(separator: ", ") + ")")
        }
        self.name = name
    }

    /// The run's value in thousandths.
    public func value(_ metrics: Metrics, duration: SimTime) -> Int64 {
        if name == Self.perDay {
            // k evictions over d µs is k × 86,400 s / d per day; in thousandths, rounded half up.
            let scaled = Int128(metrics.unnecessaryEvictions) * 86_400_000_000_000
            let d = Int128(max(duration.microseconds, 1))
            return Int64((scaled * 2 + d) / (2 * d))
        }
        let text = metrics.fields.first { $0.name == name }?.value ?? nil
        return text.flatMap { DecimalText.scaled($0, scale: 3, maximum: .max) } ?? 0
    }
}

/// Which number over a configuration's seeds is compared: the mean or the 95th percentile
/// (nearest rank, a value a run had).
public enum TuneStatistic: String, Sendable, Equatable, CaseIterable {
    case mean, p95

    /// Of values in thousandths; the mean rounded half up.
    public func of(_ values: [Int64]) -> Int64 {
        guard !values.isEmpty else { return 0 }
        switch self {
        case .mean:
            let sum = values.reduce(Int128(0)) { $0 + Int128($1) }
            let n = Int128(values.count)
            return Int64((sum * 2 + n) / (2 * n))
        case .p95:
            let sorted = values.sorted()
            return sorted[max(0, (sorted.count * 95 + 99) / 100 - 1)]
        }
    }
}

/// One objective, minimised: `METRIC` (its mean over seeds) or `METRIC:p95`.
public struct TuneObjective: Equatable, Sendable {
    public var metric: TuneMetric
    public var statistic: TuneStatistic

    public init(metric: TuneMetric, statistic: TuneStatistic) { self.metric = metric; self.statistic = statistic }

    /// Unneeded evictions per simulated day, the p95 over seeds of the time to evict a dead
    /// node (a node never evicted counts until it came back or the run ended), black-holed
    /// endpoint-seconds and endpoint-unavailable seconds.
    public static let defaults: [TuneObjective] = [
        TuneObjective(metric: try! TuneMetric(TuneMetric.perDay), statistic: .mean),
        TuneObjective(metric: try! TuneMetric("time_to_evict_dead_s"), statistic: .p95),
        TuneObjective(metric: try! TuneMetric("blackholed_endpoint_s"), statistic: .mean),
        TuneObjective(metric: try! TuneMetric("endpoint_unavailable_s"), statistic: .mean),
    ]

    /// `METRIC` or `METRIC:mean` or `METRIC:p95`.
    public init(parsing text: String) throws(ScenarioError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        metric = try TuneMetric(parts[0])
        if parts.count == 2 {
            guard let statistic = TuneStatistic(rawValue: parts[1]) else {
                throw ScenarioError(file: "--objective", location: "", message: "expected METRIC, METRIC:mean or METRIC:p95, got \(quoted(text))")
            }
            self.statistic = statistic
        } else {
            statistic = .mean
        }
    }

    /// `time_to_evict_dead_s:p95`, or the bare metric for a mean.
    public var label: String { statistic == .mean ? metric.name : metric.name + ":" + statistic.rawValue }
}

/// `--require METRIC[:p95](<=|<|>=|>|==)VALUE`: a configuration whose statistic breaks it is
/// kept off the front.
public struct TuneRequirement: Equatable, Sendable {
    public enum Comparison: String, Sendable, CaseIterable { case atMost = "<=", atLeast = ">=", less = "<", greater = ">", equal = "==" }

    public var objective: TuneObjective
    public var comparison: Comparison
    /// Thousandths.
    public var bound: Int64
    public let text: String

    public init(parsing text: String) throws(ScenarioError) {
        self.text = text
        // Two-character operators first, so `<=` is not read as `<`.
        for comparison in [Comparison.atMost, .atLeast, .equal, .less, .greater] {
            guard let range = text.range(of: comparison.rawValue) else { continue }
            let left = String(text[..<range.lowerBound]), right = String(text[range.upperBound...])
            do {
                objective = try TuneObjective(parsing: left)
            } catch {
                throw ScenarioError(file: "--require", location: "", message: error.message)
            }
            guard let bound = DecimalText.scaled(right, scale: 3, maximum: .max) else {
                throw ScenarioError(file: "--require", location: "", message: "expected a number (at most 3 decimals) after \(comparison.rawValue), got \(quoted(right))")
            }
            self.comparison = comparison
            self.bound = bound
            return
        }
        throw ScenarioError(file: "--require", location: "", message: "expected METRIC<=VALUE (or <, >=, >, ==), such as time_to_evict_dead_s<=900, got \(quoted(text))")
    }

    public func holds(_ value: Int64) -> Bool {
        switch comparison {
        case .atMost: value <= bound
        case .atLeast: value >= bound
        case .less: value < bound
        case .greater: value > bound
        case .equal: value == bound
        }
    }
}
