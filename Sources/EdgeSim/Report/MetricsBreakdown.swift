extension Metrics {
    /// A run's metrics as rows: the whole run (`by` nil), or one row per group of `by`, in the
    /// grouping's order. Each row's `scope.group` names its group.
    public static func rows(_ report: RunReport, by grouping: MetricsGrouping?) -> [Metrics] {
        guard let grouping else { return [Metrics(report)] }
        return grouping.scopes(report).map { Metrics(report, scope: $0) }
    }
}
