/// What a configuration is judged by: the objectives (minimised) and the requirements, over
/// the distinct metrics they read (`measured`, in first-mention order), which is what each run
/// reports.
public struct TuneCriteria: Equatable, Sendable {
    public let objectives: [TuneObjective]
    public let requirements: [TuneRequirement]
    public let measured: [TuneMetric]

    public init(objectives: [TuneObjective], requirements: [TuneRequirement] = []) {
        self.objectives = objectives
        self.requirements = requirements
        var measured: [TuneMetric] = []
        for metric in objectives.map(\.metric) + requirements.map(\.objective.metric) where !measured.contains(metric) {
            measured.append(metric)
        }
        self.measured = measured
    }

    /// Where `metric` sits in a run's values.
    public func column(_ metric: TuneMetric) -> Int { measured.firstIndex(of: metric)! }

    /// Each measured metric's values over a configuration's runs, one list per metric.
    public func columns(_ runs: [[Int64]]) -> [[Int64]] {
        measured.indices.map { m in runs.map { $0[m] } }
    }

    /// A configuration's objective vector and whether it meets every requirement.
    public func score(_ runs: [[Int64]]) -> (objectives: [Int64], feasible: Bool) {
        let columns = columns(runs)
        let vector = objectives.map { $0.statistic.of(columns[column($0.metric)]) }
        let feasible = requirements.allSatisfy { $0.holds($0.objective.statistic.of(columns[column($0.objective.metric)])) }
        return (vector, feasible)
    }
}
