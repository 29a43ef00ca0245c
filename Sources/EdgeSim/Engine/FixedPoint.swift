/// Logarithms, exponentials and normal draws in 32.32 fixed point, for the random fault
/// processes: the times they draw decide behaviour, so they must be the same bits on every
/// machine. libm's `log` and `exp` are not (each platform rounds its own way); integer
/// arithmetic is, and so is IEEE `sqrt` (correctly rounded by the standard), the one floating
/// point operation used here.
///
/// A `FixedPoint` value `v` stands for `v / 2³²`.
public enum FixedPoint {
    public static let one: Int64 = 1 << 32
    /// ln 2 × 2³².
    static let ln2: Int64 = 2_977_044_472

    /// ln(x / 2^fractionBits) × 2³², for x > 0: `ln(x, fractionBits: 0)` is the log of an integer.
    /// Within 2⁻³⁰ of the true value.
    public static func ln(_ x: UInt64, fractionBits: Int = 32) -> Int64 {
        precondition(x > 0, "ln of zero")
        let top = 63 - x.leadingZeroBitCount
        // x = m × 2^(top - fractionBits) with m in [1, 2) as 32.32.
        let m = top >= 32 ? x >> UInt64(top - 32) : x << UInt64(32 - top)
        // ln m = 2 atanh(y), y = (m − 1)/(m + 1) ≤ 1/3: Σ y^(2k+1)/(2k+1) gains a bit and more a term.
        let y = ((m - UInt64(one)) << 32) / (m + UInt64(one))
        let y2 = multiply(y, y)
        var term = y, sum: UInt64 = 0, k: UInt64 = 1
        while term > 0 {
            sum += term / k
            term = multiply(term, y2)
            k += 2
        }
        return Int64(2 * sum) + Int64(top - fractionBits) * ln2
    }

    /// e^(x / 2³²) × 2³², saturating at `Int64.max` (above about e^21.4) and reaching 0
    /// below about e^-22. Within a few parts in 2³⁰ of the true value.
    public static func exp(_ x: Int64) -> Int64 {
        // x = k ln 2 + r, 0 ≤ r < ln 2; e^r by its series, then shifted by k.
        var k = x / ln2
        var r = x - k * ln2
        if r < 0 { r += ln2; k -= 1 }
        var term = UInt64(one), sum = UInt64(one), n: UInt64 = 1
        while term > 0 {
            term = multiply(term, UInt64(r)) / n
            sum += term
            n += 1
        }
        if k >= 0 {
            guard k < 63, sum <= UInt64(Int64.max) >> UInt64(k) else { return .max }
            return Int64(sum << UInt64(k))
        }
        return k <= -63 ? 0 : Int64(sum >> UInt64(-k))
    }

    /// a × b / 2³² for 32.32 values, without overflow in between.
    static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high << 32 | low >> 32
    }

    /// `value × factor / 2³²` for a factor in 32.32, saturating at `Int64.max`.
    public static func scale(_ value: Int64, by factor: Int64) -> Int64 {
        precondition(value >= 0 && factor >= 0)
        let (high, low) = UInt64(value).multipliedFullWidth(by: UInt64(factor))
        guard high >> 31 == 0 else { return .max }
        return Int64(high << 32 | low >> 32)
    }

    /// A uniform draw in (0, 1) as 32.32: never 0, so its log is finite (at least −22.2).
    public static func unitInterval(_ random: inout SeededRandom) -> UInt64 {
        random.next() >> 32 | 1
    }

    /// A standard normal draw as 32.32, within ±8 (Marsaglia's polar method: a point uniform
    /// in the unit disc, one log, one IEEE division and square root — both correctly rounded,
    /// so the same bits everywhere).
    public static func standardNormal(_ random: inout SeededRandom) -> Int64 {
        while true {
            // u, v uniform in (−1, 1) as 32.32.
            let u = Int64(random.next() >> 31) - one, v = Int64(random.next() >> 31) - one
            let s = multiply(UInt64(abs(u)), UInt64(abs(u))) + multiply(UInt64(abs(v)), UInt64(abs(v)))
            guard s > 0, s < UInt64(one) else { continue }
            // −2 ln s < 45 × 2³² and s < 2³²: both exact as Doubles, and so is the final scaling.
            let ratio = Double(-2 * ln(s)) / Double(s)
            let factor = ratio.squareRoot() * 4_294_967_296
            let z = Double(u) * factor / 4_294_967_296
            return Int64(min(max(z, -8 * 4_294_967_296), 8 * 4_294_967_296))
        }
    }
}
