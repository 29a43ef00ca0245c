/// A distribution of durations: how long an outage lasts, how long until the next one. Written
/// the same way in `.scenario` and `.json` files (`"exponential 8h"`), and drawn in integer
/// microseconds from fixed-point arithmetic, so a seed draws the same schedule everywhere.
///
/// | text | meaning |
/// |---|---|
/// | `30s` | always 30 s |
/// | `exponential 8h` | memoryless, mean 8 h (an MTBF) |
/// | `uniform 10m..2h` | every value in between equally likely |
/// | `lognormal 25m p95 60m` | median 25 m, 95th percentile 60 m (or `p99`) |
/// | `pareto 5m alpha 1.5` | at least 5 m, a heavy tail of index 1.5 (0.1 to 10) |
/// | `empirical 30s,45s,2m,10m` | one of the listed values, each equally likely |
public enum Distribution: Equatable, Sendable, CustomStringConvertible {
    case fixed(Duration)
    case exponential(mean: Duration)
    case uniform(Duration, Duration)
    case lognormal(median: Duration, percentile: Int, value: Duration)
    case pareto(minimum: Duration, alphaMilli: Int)
    case empirical([Duration])

    public static let kinds = ["exponential", "uniform", "lognormal", "pareto", "empirical"]
    static let usage = "a duration such as 30s, or exponential 8h, uniform 10m..2h, lognormal 25m p95 60m, "
        + "pareto 5m alpha 1.5 or empirical 30s,2m,10m"

    /// z of the 95th and 99th percentiles of the standard normal, as 32.32.
    static let zQuantile: [Int: Int64] = [95: 7_064_592_534, 99: 9_991_588_038]

    public var description: String {
        switch self {
        case .fixed(let d): "\(d)"
        case .exponential(let mean): "exponential \(mean)"
        case .uniform(let low, let high): "uniform \(low)..\(high)"
        case .lognormal(let median, let percentile, let value): "lognormal \(median) p\(percentile) \(value)"
        case .pareto(let minimum, let alpha): "pareto \(minimum) alpha \(DecimalText.micro(Int64(alpha) * 1_000))"
        case .empirical(let values): "empirical " + values.map(\.description).joined(separator: ",")
        }
    }

    /// Reads the words of a distribution; nil with what is wrong if they are not one. Durations
    /// above `limit` are refused.
    public static func parse(_ words: [String], limit: SimTime) -> Result<Distribution, DistributionError> {
        func time(_ text: String) throws(DistributionError) -> Duration {
            guard let t = SimTime.parse(text) else { throw DistributionError("expected a duration such as 30s, got \(Echo.quoted(text))") }
            guard t <= limit else { throw DistributionError("expected a duration of at most \(limit.spelled), got \(text)") }
            return Duration(t)
        }
        do throws(DistributionError) {
            guard let kind = words.first else { throw DistributionError("expected " + usage) }
            let rest = Array(words.dropFirst())
            func arity(_ n: Int, _ shape: String) throws(DistributionError) {
                guard rest.count == n else { throw DistributionError("expected \(shape), got \(Echo.quoted(words.joined(separator: " ")))") }
            }
            switch kind {
            case "exponential":
                try arity(1, "exponential MEAN, e.g. exponential 8h")
                let mean = try time(rest[0])
                guard mean.time > .zero else { throw DistributionError("expected a mean above 0s") }
                return .success(.exponential(mean: mean))
            case "uniform":
                try arity(1, "uniform LOW..HIGH, e.g. uniform 10m..2h")
                let bounds = rest[0].components(separatedBy: "..")
                guard bounds.count == 2 else { throw DistributionError("expected uniform LOW..HIGH, e.g. uniform 10m..2h, got \(Echo.quoted(rest[0]))") }
                let low = try time(bounds[0]), high = try time(bounds[1])
                guard low.time <= high.time else { throw DistributionError("expected LOW at most HIGH in uniform \(rest[0])") }
                return .success(.uniform(low, high))
            case "lognormal":
                try arity(3, "lognormal MEDIAN p95 VALUE (or p99), e.g. lognormal 25m p95 60m")
                guard let percentile = ["p95": 95, "p99": 99][rest[1]] else {
                    throw DistributionError("expected p95 or p99 after the median, got \(Echo.quoted(rest[1]))")
                }
                let median = try time(rest[0]), value = try time(rest[2])
                guard median.time > .zero, value.time > median.time else {
                    throw DistributionError("expected a median above 0s and a \(rest[1]) above the median in lognormal")
                }
                return .success(.lognormal(median: median, percentile: percentile, value: value))
            case "pareto":
                try arity(3, "pareto MINIMUM alpha A, e.g. pareto 5m alpha 1.5")
                guard rest[1] == "alpha", let alpha = DecimalText.scaled(rest[2], scale: 3), (100...10_000).contains(alpha) else {
                    throw DistributionError("expected pareto MINIMUM alpha A with A from 0.1 to 10, got \(Echo.quoted(words.joined(separator: " ")))")
                }
                let minimum = try time(rest[0])
                guard minimum.time > .zero else { throw DistributionError("expected a pareto minimum above 0s") }
                return .success(.pareto(minimum: minimum, alphaMilli: Int(alpha)))
            case "empirical":
                try arity(1, "empirical V1,V2,..., e.g. empirical 30s,2m,10m")
                let texts = rest[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard texts.count <= 1_000 else { throw DistributionError("expected at most 1000 values in empirical") }
                var values: [Duration] = []
                for text in texts { values.append(try time(text)) }
                return .success(.empirical(values))
            default:
                guard rest.isEmpty, SimTime.parse(kind) != nil else {
                    throw DistributionError("expected " + usage + ", got \(Echo.quoted(words.joined(separator: " ")))"
                                            + NearMiss.hint(for: kind, among: kinds))
                }
                return .success(.fixed(try time(kind)))
            }
        } catch {
            return .failure(error)
        }
    }

    /// One draw, in whole microseconds, never negative; saturates rather than overflows.
    public func draw(_ random: inout SeededRandom) -> SimTime {
        switch self {
        case .fixed(let d):
            return d.time
        case .exponential(let mean):
            // −mean × ln U.
            let negLn = -FixedPoint.ln(FixedPoint.unitInterval(&random))
            return .microseconds(FixedPoint.scale(mean.time.microseconds, by: negLn))
        case .uniform(let low, let high):
            let span = UInt64(high.time.microseconds - low.time.microseconds)
            return low.time + .microseconds(Int64(span == .max ? random.next() : random.uniform(below: span + 1)))
        case .lognormal(let median, let percentile, let value):
            // median × e^(σ z), σ = ln(value / median) / z_p.
            let logRatio = FixedPoint.ln(UInt64(value.time.microseconds), fractionBits: 0)
                - FixedPoint.ln(UInt64(median.time.microseconds), fractionBits: 0)
            let sigma = Int64((Int128(logRatio) << 32) / Int128(Self.zQuantile[percentile]!))
            let exponent = Int64((Int128(sigma) * Int128(FixedPoint.standardNormal(&random))) >> 32)
            return .microseconds(FixedPoint.scale(median.time.microseconds, by: FixedPoint.exp(exponent)))
        case .pareto(let minimum, let alphaMilli):
            // minimum × U^(−1/α) = minimum × e^(−ln U / α).
            let negLn = -FixedPoint.ln(FixedPoint.unitInterval(&random))
            return .microseconds(FixedPoint.scale(minimum.time.microseconds, by: FixedPoint.exp(negLn * 1_000 / Int64(alphaMilli))))
        case .empirical(let values):
            return values[Int(random.uniform(below: UInt64(values.count)))].time
        }
    }
}

/// Why words are not a distribution.
public struct DistributionError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}

extension Distribution: Codable {
    /// The same text as the line language: `"lognormal 25m p95 60m"`.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch Self.parse(text.split(separator: " ").map(String.init), limit: ScenarioCompiler.maxDuration) {
        case .success(let distribution): self = distribution
        case .failure(let error):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
