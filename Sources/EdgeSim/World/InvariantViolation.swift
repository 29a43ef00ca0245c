/// A broken invariant: which rule, at what simulated time, under which seed, and what was seen.
/// The seed alone reproduces the run (`SEED=` as TigerBeetle's VOPR prints it).
public struct InvariantViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// One of `Invariants.Name`'s raw values, e.g. `eviction-justified`.
    public var invariant: String
    public var time: SimTime
    public var seed: UInt64
    public var detail: String

    public init(invariant: String, time: SimTime, seed: UInt64, detail: String) {
        self.invariant = invariant; self.time = time; self.seed = seed; self.detail = detail
    }

    public var description: String {
        "invariant \(invariant) violated at \(time.clock) SEED=\(seed): \(detail)"
    }

    /// The same violation with `context` after the detail, in parentheses: which of several runs
    /// broke it, when the seed alone does not say (a sweep's run, a compared mode).
    public func adding(context: String) -> InvariantViolation {
        InvariantViolation(invariant: invariant, time: time, seed: seed, detail: "\(detail) (\(context))")
    }
}
