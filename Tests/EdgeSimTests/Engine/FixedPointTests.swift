import Foundation
import Testing
@testable import EdgeSim

/// The fixed-point functions against their definitions (Double's libm here is only the
/// yardstick of a test, never what a run uses).
@Suite("FixedPoint")
struct FixedPointTests {
    static let one = Double(FixedPoint.one)

    @Test("ln matches the natural log within 2^-28 over thirty orders of magnitude", arguments: [
        1.0, 2.0, 0.5, 0.001, 1e-9, 3.0, 10.0, 1e6, 7.5e8,
    ])
    func ln(_ x: Double) {
        let fixed = UInt64((x * Self.one).rounded())
        let value = Double(FixedPoint.ln(fixed)) / Self.one
        #expect(abs(value - Foundation.log(Double(fixed) / Self.one)) < 1.0 / Double(1 << 28), "ln(\(x)) = \(value)")
    }

    @Test("ln of an integer reads it with no fraction bits")
    func lnOfInteger() {
        let value = Double(FixedPoint.ln(3_600_000_000, fractionBits: 0)) / Self.one
        #expect(abs(value - Foundation.log(3_600_000_000)) < 1.0 / Double(1 << 26))
    }

    @Test("exp matches e^x within a relative 2^-28 from e^-20 to e^20", arguments: [
        0.0, 1.0, -1.0, 0.6931471805599453, 2.5, -7.25, 13.0, 20.0, -20.0,
    ])
    func exp(_ x: Double) {
        let value = Double(FixedPoint.exp(Int64((x * Self.one).rounded()))) / Self.one
        let truth = Foundation.exp(x)
        #expect(abs(value - truth) <= truth / Double(1 << 28) + 2 / Self.one, "exp(\(x)) = \(value)")
    }

    @Test("exp saturates instead of overflowing and reaches zero far below")
    func expLimits() {
        #expect(FixedPoint.exp(40 * FixedPoint.one) == .max)
        #expect(FixedPoint.exp(-60 * FixedPoint.one) == 0)
        #expect(FixedPoint.exp(0) == FixedPoint.one)
    }

    @Test("standard normal draws have mean 0, variance 1 and the normal's quartiles")
    func standardNormal() {
        var random = SeededRandom(seed: 11, stream: "normal-test")
        let draws = (0..<40_000).map { _ in Double(FixedPoint.standardNormal(&random)) / Self.one }.sorted()
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        #expect(abs(mean) < 0.02)
        #expect(abs(variance - 1) < 0.03)
        // Φ⁻¹(0.75) = 0.6745, Φ⁻¹(0.975) = 1.96.
        #expect(abs(draws[30_000] - 0.6745) < 0.03)
        #expect(abs(draws[39_000] - 1.96) < 0.06)
    }
}
