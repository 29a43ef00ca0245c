import Foundation
import Testing
@testable import EdgeSim

@Suite("Distribution")
struct DistributionTests {
    static func parse(_ text: String) throws -> Distribution {
        try Distribution.parse(text.split(separator: " ").map(String.init), limit: ScenarioCompiler.maxDuration).get()
    }

    /// `count` draws in seconds, sorted.
    static func draws(_ text: String, count: Int = 20_000) throws -> [Double] {
        let distribution = try parse(text)
        var random = SeededRandom(seed: 5, stream: "distribution-test/" + text)
        return (0..<count).map { _ in Double(distribution.draw(&random).microseconds) / 1e6 }.sorted()
    }

    static func close(_ value: Double, _ target: Double, within share: Double) -> Bool {
        abs(value - target) <= target * share
    }

    @Test("a fixed duration is always itself")
    func fixed() throws {
        #expect(try Self.draws("90s", count: 100).allSatisfy { $0 == 90 })
    }

    @Test("exponential: the mean it is given, and the median mean × ln 2")
    func exponential() throws {
        let d = try Self.draws("exponential 8h")
        #expect(Self.close(d.reduce(0, +) / Double(d.count), 28_800, within: 0.03))
        #expect(Self.close(d[d.count / 2], 28_800 * 0.693_147, within: 0.03))
    }

    @Test("uniform: within its bounds, mean halfway")
    func uniform() throws {
        let d = try Self.draws("uniform 10m..2h")
        #expect(d.first! >= 600 && d.last! <= 7_200)
        #expect(Self.close(d.reduce(0, +) / Double(d.count), 3_900, within: 0.02))
    }

    @Test("lognormal: the median and the 95th (or 99th) percentile it is given", arguments: [
        ("lognormal 25m p95 60m", 0.95, 3_600.0), ("lognormal 30s p99 10m", 0.99, 600.0),
    ])
    func lognormal(_ text: String, _ quantile: Double, _ value: Double) throws {
        let d = try Self.draws(text)
        let median = text.contains("25m") ? 1_500.0 : 30.0
        #expect(Self.close(d[d.count / 2], median, within: 0.03))
        #expect(Self.close(d[Int(Double(d.count) * quantile)], value, within: 0.06))
    }

    @Test("pareto: never below its minimum, median minimum × 2^(1/α)")
    func pareto() throws {
        let d = try Self.draws("pareto 5m alpha 1.5")
        #expect(d.first! >= 300)
        #expect(Self.close(d[d.count / 2], 300 * 1.587_401, within: 0.03))
    }

    @Test("empirical: each listed value about equally often")
    func empirical() throws {
        let d = try Self.draws("empirical 30s,2m,10m,1h")
        for value in [30.0, 120, 600, 3_600] {
            #expect(Self.close(Double(d.filter { $0 == value }.count), 5_000, within: 0.06))
        }
    }

    /// Each distribution's cumulative distribution function as its definition gives it, in seconds.
    static let definitions: [(String, @Sendable (Double) -> Double)] = [
        ("exponential 8h", { 1 - exp(-$0 / 28_800) }),
        ("uniform 10m..2h", { min(1, max(0, ($0 - 600) / 6_600)) }),
        // Median 25 m, 95 % under 60 m: sigma = ln(60/25) / z(0.95).
        ("lognormal 25m p95 60m", { 0.5 * erfc(-log($0 / 1_500) / (log(2.4) / 1.644_853_6) / 2.0.squareRoot()) }),
        ("lognormal 30s p99 10m", { 0.5 * erfc(-log($0 / 30) / (log(20) / 2.326_347_9) / 2.0.squareRoot()) }),
        ("pareto 5m alpha 1.5", { $0 < 300 ? 0 : 1 - pow(300 / $0, 1.5) }),
        ("pareto 1m alpha 0.8", { $0 < 60 ? 0 : 1 - pow(60 / $0, 0.8) }),
    ]

    @Test("every draw follows its definition: the largest gap between the drawn and the defined CDF is small (Kolmogorov–Smirnov)",
          arguments: definitions.indices)
    func followsDefinition(_ index: Int) throws {
        let (text, cdf) = Self.definitions[index]
        let d = try Self.draws(text)
        var gap = 0.0
        for (i, x) in d.enumerated() {
            let defined = cdf(x)
            gap = max(gap, abs(Double(i + 1) / Double(d.count) - defined), abs(Double(i) / Double(d.count) - defined))
        }
        // 20,000 draws: a true fit stays under 1.95/sqrt(n) = 0.0138 but for one seed in a thousand.
        #expect(gap < 0.0138, "\(text): KS distance \(gap)")
    }

    @Test("draws are the same bits on every machine: the first lognormal draws of a seed, recorded")
    func recordedDraws() throws {
        let distribution = try Self.parse("lognormal 25m p95 60m")
        var random = SeededRandom(seed: 1, stream: "recorded")
        let first = (0..<3).map { _ in distribution.draw(&random).microseconds }
        #expect(first == Self.recorded)
    }
    static let recorded: [Int64] = [1_153_165_357, 1_109_856_437, 689_492_526]

    @Test("text round-trips", arguments: ["30s", "exponential 8h", "uniform 10m..2h", "lognormal 25m p95 1h", "pareto 5m alpha 1.5", "empirical 30s,2m"])
    func roundTrip(_ text: String) throws {
        #expect(try Self.parse(text).description == text)
    }

    @Test("bad distributions say what was expected", arguments: [
        ("lognormal 25m p90 60m", "expected p95 or p99 after the median"),
        ("uniform 2h..10m", "expected LOW at most HIGH"),
        ("exponentail 8h", "did you mean \"exponential\""),
        ("pareto 5m alpha 20", "with A from 0.1 to 10"),
        ("exponential 0s", "expected a mean above 0s"),
        ("lognormal 25m p95 20m", "a p95 above the median"),
    ])
    func bad(_ text: String, _ fragment: String) {
        switch Distribution.parse(text.split(separator: " ").map(String.init), limit: ScenarioCompiler.maxDuration) {
        case .success: Issue.record("\(text) was accepted")
        case .failure(let error): #expect(error.message.contains(fragment), "\(error.message)")
        }
    }
}
