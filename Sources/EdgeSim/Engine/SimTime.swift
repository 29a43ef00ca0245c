/// A point in simulated time or a span of it, as an integer count of microseconds.
///
/// Integers, not `Double`: two machines must agree on every comparison, and a grace
/// period of 40 s must mean exactly 40 000 000 µs however many steps led there.
public struct SimTime: Hashable, Comparable, Sendable, Codable {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let zero = SimTime(microseconds: 0)
    public static func microseconds(_ value: Int64) -> SimTime { SimTime(microseconds: value) }
    public static func milliseconds(_ value: Int64) -> SimTime { SimTime(microseconds: value * 1_000) }
    public static func seconds(_ value: Int64) -> SimTime { SimTime(microseconds: value * 1_000_000) }
    public static func minutes(_ value: Int64) -> SimTime { .seconds(value * 60) }

    public var milliseconds: Int64 { microseconds / 1_000 }
    /// Whole seconds, rounded down: for reports that speak in seconds.
    public var wholeSeconds: Int64 { microseconds / 1_000_000 }

    public static func < (a: SimTime, b: SimTime) -> Bool { a.microseconds < b.microseconds }
    public static func + (a: SimTime, b: SimTime) -> SimTime { SimTime(microseconds: a.microseconds + b.microseconds) }
    public static func - (a: SimTime, b: SimTime) -> SimTime { SimTime(microseconds: a.microseconds - b.microseconds) }
    public static func * (a: SimTime, k: Int64) -> SimTime { SimTime(microseconds: a.microseconds * k) }
    public static func += (a: inout SimTime, b: SimTime) { a.microseconds += b.microseconds }

    public init(from decoder: Decoder) throws {
        microseconds = try decoder.singleValueContainer().decode(Int64.self)
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(microseconds)
    }
}

extension SimTime: CustomStringConvertible {
    /// `+HH:MM:SS.mmm`, the timeline's clock column.
    public var clock: String {
        let ms = milliseconds
        let sign = ms < 0 ? "-" : "+"
        let total = abs(ms)
        let h = total / 3_600_000, m = (total / 60_000) % 60, s = (total / 1_000) % 60, frac = total % 1_000
        return sign + pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(frac, 3)
    }

    /// The shortest scenario spelling: `40s`, `5m`, `1h30m`, `250ms`, `1500us`.
    public var description: String {
        if microseconds == 0 { return "0s" }
        let sign = microseconds < 0 ? "-" : ""
        let magnitude = abs(microseconds)
        if magnitude % 1_000 != 0 { return sign + "\(magnitude)us" }
        if magnitude % 1_000_000 != 0 { return sign + "\(magnitude / 1_000)ms" }
        var seconds = magnitude / 1_000_000
        var out = sign
        for (size, unit) in [(Int64(3_600), "h"), (60, "m"), (1, "s")] where seconds >= size {
            out += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return out
    }

    /// Every unit the scenario language has, largest first: `10m1us`, `1h30m`, `1s500ms`. Two
    /// times compared in one message read alike this way (`600000001us` against `10m` does not).
    public var spelled: String {
        if microseconds == 0 { return "0s" }
        var rest = abs(microseconds)
        var out = microseconds < 0 ? "-" : ""
        for (size, unit) in [(Int64(3_600_000_000), "h"), (60_000_000, "m"), (1_000_000, "s"), (1_000, "ms"), (1, "us")] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    /// Seconds with millisecond precision, for machine-readable outputs: `642.100`.
    public var secondsText: String {
        let ms = milliseconds
        let sign = ms < 0 ? "-" : ""
        return sign + "\(abs(ms) / 1_000)." + pad(abs(ms) % 1_000, 3)
    }
}

@inline(__always)
func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

extension SimTime {
    /// Parses a duration as scenarios write it: one or more `<integer><unit>` groups,
    /// units `h`, `m`, `s`, `ms`, `us`, e.g. `40s`, `1h30m`, `250ms`. Returns nil when malformed
    /// or beyond `limit` (so a hostile `999999999h` is refused before it can overflow).
    public static func parse(_ text: String, limit: SimTime = .seconds(10 * 365 * 24 * 3_600)) -> SimTime? {
        var total: Int64 = 0
        var digits: Int64 = -1
        var chars = Array(text.utf8)[...]
        if chars.isEmpty { return nil }
        while let c = chars.first {
            if c >= 48 && c <= 57 {
                let d = Int64(c - 48)
                let (m, o1) = max(digits, 0).multipliedReportingOverflow(by: 10)
                let (v, o2) = m.addingReportingOverflow(d)
                if o1 || o2 || v > limit.microseconds { return nil }
                digits = v
                chars.removeFirst()
                continue
            }
            guard digits >= 0 else { return nil }
            let unit: Int64
            if chars.starts(with: "ms".utf8) { unit = 1_000; chars.removeFirst(2) }
            else if chars.starts(with: "us".utf8) { unit = 1; chars.removeFirst(2) }
            else if c == UInt8(ascii: "h") { unit = 3_600_000_000; chars.removeFirst() }
            else if c == UInt8(ascii: "m") { unit = 60_000_000; chars.removeFirst() }
            else if c == UInt8(ascii: "s") { unit = 1_000_000; chars.removeFirst() }
            else { return nil }
            let (part, o1) = digits.multipliedReportingOverflow(by: unit)
            let (sum, o2) = total.addingReportingOverflow(part)
            if o1 || o2 || sum > limit.microseconds { return nil }
            total = sum
            digits = -1
        }
        if digits >= 0 { return nil }  // a trailing number without a unit
        return SimTime(microseconds: total)
    }
}
