/// Draws addressed by position instead of taken in turn: draw `slot` of message `counter` is a
/// hash of the stream's key and those two numbers. A message's fate is then a pure function of
/// which message it is, so the 8,000th lease renewal of a quiet node can be worked out without
/// drawing the 7,999 before it, and skipping one never shifts another (Salmon et al.'s
/// counter-based generators, with SplitMix64's finaliser as the mixing function).
public struct CounterRandom: Sendable, Hashable {
    public let key: UInt64

    /// A stream keyed like `SeededRandom(seed:stream:)`: by purpose and name, never by position.
    public init(seed: UInt64, stream purpose: String) {
        key = SeededRandom.streamKey(seed: seed, purpose: purpose)
    }

    /// 64 well-mixed bits for `(counter, slot)`: output number `counter × 256 + slot` of a
    /// SplitMix64 sequence started at the key, so one multiply-xorshift finaliser per draw.
    @inline(__always)
    public func bits(_ counter: UInt64, slot: UInt64) -> UInt64 {
        Self.mix(key &+ (counter << 8 | slot) &* 0x9e37_79b9_7f4a_7c15)
    }

    /// A uniform integer in `0..<bound` from 32 of the bits (`high` picks which half): two
    /// draws per 64-bit value. Each value's probability is within 2⁻³² of 1 / bound: exact
    /// enough for parts per million and for microseconds of jitter (at most the hour a scenario
    /// allows, which still fits in 32 bits).
    @inline(__always)
    public static func uniform(below bound: UInt32, _ bits: UInt64, high: Bool) -> UInt32 {
        let half = high ? bits >> 32 : bits & 0xffff_ffff
        return UInt32((half &* UInt64(bound)) >> 32)
    }

    /// True with probability `ppm` / 1 000 000, from 32 of the bits.
    @inline(__always)
    public static func chance(ppm: Int, _ bits: UInt64, high: Bool) -> Bool {
        if ppm <= 0 { return false }
        if ppm >= 1_000_000 { return true }
        return uniform(below: 1_000_000, bits, high: high) < UInt32(ppm)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
