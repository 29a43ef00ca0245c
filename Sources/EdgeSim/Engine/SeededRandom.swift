/// xoshiro256** seeded through SplitMix64: a small PRNG of our own whose output is the
/// same on every machine and every Swift version, unlike the standard library's algorithms.
///
/// One stream per purpose (`SeededRandom(seed:stream:)`), keyed by name — `kubelet/gz-3`, not
/// a node's position — so that the draws of one node's traffic never shift because another node
/// was added, wherever it was declared.
public struct SeededRandom: Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// An independent stream for `(purpose, index)`: the scenario seed mixed with a stable
    /// FNV-1a hash of the purpose's name and the index (a node or link ID).
    public init(seed: UInt64, stream purpose: String, index: Int = 0) {
        self.init(seed: Self.streamKey(seed: seed, purpose: purpose) ^ (UInt64(bitPattern: Int64(index)) &* 0x9e37_79b9_7f4a_7c15))
    }

    /// The scenario seed mixed with a stable FNV-1a hash of a stream's name.
    static func streamKey(seed: UInt64, purpose: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in purpose.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var sm = SplitMix64(state: seed ^ hash)
        return sm.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method, our own copy so
    /// the sequence never depends on the standard library's implementation).
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A uniform duration in `0...maximum`.
    public mutating func duration(upTo maximum: SimTime) -> SimTime {
        guard maximum.microseconds > 0 else { return .zero }
        return .microseconds(Int64(uniform(below: UInt64(maximum.microseconds) + 1)))
    }

    /// True with probability `ppm` / 1 000 000.
    public mutating func chance(ppm: Int) -> Bool {
        if ppm <= 0 { return false }
        if ppm >= 1_000_000 { return true }
        return uniform(below: 1_000_000) < UInt64(ppm)
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64, used only to spread a 64-bit seed into xoshiro's 256 bits of state.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
