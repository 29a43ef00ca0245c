/// Exact decimal parsing for rates, thresholds and percentages: `0.1`, `0.55`, `1%`.
/// Behaviour-deciding numbers never pass through `Double`.
public enum DecimalText {
    /// `text` × 10^scale as an integer, or nil if malformed, negative, too precise or too large.
    public static func scaled(_ text: String, scale: Int, maximum: Int64 = Int64(1) << 53) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= scale, (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }), !(whole + fraction).isEmpty else { return nil }
        var value: Int64 = 0
        for digit in (whole + fraction.padding(toLength: scale, withPad: "0", startingAt: 0)) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(digit.wholeNumberValue!))
            if o1 || o2 || s > maximum { return nil }
            value = s
        }
        return value
    }

    /// `1%`, `0.5%`, `100%` as parts per million.
    public static func percentPPM(_ text: String) -> Int? {
        guard text.hasSuffix("%"), let value = scaled(String(text.dropLast()), scale: 4, maximum: 1_000_000) else { return nil }
        return Int(value)
    }

    /// Prints an integer in millionths back as a short decimal: 550000 → `0.55`.
    public static func micro(_ value: Int64) -> String {
        let whole = value / 1_000_000
        var fraction = String(pad(value % 1_000_000, 6))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}
