/// What `edgesim explain` answers: for one pod, node or timeline line, each causal chain (why
/// something happened) and each why-not (why a node that went Unknown kept its pods), as steps
/// in the upstream's own terms, each with its time and the function that decided it.
public struct Explanation: Sendable {
    public struct Step: Sendable, Equatable {
        public var time: SimTime
        public var text: String
        /// The upstream function (or component) that decided it, if one did.
        public var function: String?
        /// The timeline index of the event this step is, if it is one.
        public var event: Int?
        /// The rule behind it (`CauseRule`, or the held rule's name for a why-not).
        public var rule: String
    }

    public struct Answer: Sendable {
        public enum Kind: String, Sendable { case chain, whyNot = "why-not", note }
        public var kind: Kind
        public var title: String
        public var steps: [Step]
        /// For a chain: it reaches a scripted fault or the run's start with every link recorded.
        public var complete: Bool
    }

    public var scenario: String
    public var variant: String?
    public var seed: UInt64
    public var subject: String
    public var answers: [Answer]
}

/// What to explain, as the command line names it.
public enum ExplainQuery: Sendable, Equatable {
    case pod(String)
    case node(String)
    /// A line of `edgesim run SCENARIO --variant V --initial`: line 1 is the header, line k+2 is
    /// timeline event k.
    case line(Int)
}

/// Why a query cannot be answered (exit 2): the name or line it did not find, and what exists.
public struct ExplainError: Error, Sendable {
    public var message: String
}

extension SimTime {
    /// `5:00`, `4:55.8`, `1:05:00.25`: minutes and seconds, hours when there are any, and the
    /// fraction without its trailing zeros — how people write times in an issue.
    public var short: String {
        let ms = abs(milliseconds)
        let h = ms / 3_600_000, m = (ms / 60_000) % 60, s = (ms / 1_000) % 60
        var frac = String(ms % 1_000)
        while frac.count < 3 { frac = "0" + frac }
        while frac.hasSuffix("0") { frac.removeLast() }
        var out = microseconds < 0 ? "-" : ""
        out += h > 0 ? "\(h):" + pad(m, 2) : "\(m)"
        out += ":" + pad(s, 2)
        if !frac.isEmpty { out += "." + frac }
        return out
    }
}
