/// Arithmetic for counters that report and never decide (bytes on a link, messages lost):
/// clamped to `Int64`'s range instead of trapping, so any settings a scenario may give (a
/// billion services of a gigabyte each) give a run, with the counter pinned at its maximum.
extension Int64 {
    /// `self + other`, clamped to `Int64.min ... Int64.max`.
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self × other`, clamped to `Int64.min ... Int64.max`.
    public func multipliedSaturated(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }
}
