/// `edgesim tune`'s search on real runs: the space as a `SweepPlan` (its grid the `--space`
/// keys, its modes the `--modes`, its seeds the `--seeds`; configuration c, seed s is run
/// c × seeds + s), `SuccessiveHalving` deciding which runs to ask for, `SweepRunner` running each
/// rung on worker threads. The scenario's variants are left out: tune compares settings of the
/// scenario as written.
public struct TuneRequest: Sendable {
    public var scenario: Scenario
    public var sourceMap: SourceMap
    public var space: [SweepPlan.Axis]
    public var modes: [Mode]
    public var seeds: [UInt64]
    public var criteria: TuneCriteria
    /// The most runs the search spends (nil: no limit); the scenario's own settings run on the
    /// last rung's seeds besides.
    public var budget: Int?
    public var jobs: Int
    public var runBudget = RunBudget()
    /// Shard K of N: the configurations c with c % N == K - 1, each shard searching its own
    /// with budget / N runs; nil for the whole space.
    public var shard: (shard: Int, of: Int)?

    public init(scenario: Scenario, sourceMap: SourceMap, space: [SweepPlan.Axis], modes: [Mode], seeds: [UInt64],
                criteria: TuneCriteria, budget: Int?, jobs: Int) {
        self.scenario = scenario; self.sourceMap = sourceMap; self.space = space; self.modes = modes; self.seeds = seeds
        self.criteria = criteria; self.budget = budget; self.jobs = jobs
    }
}

public enum Tuner {
    /// What the search reports as it goes.
    public struct Progress: Sendable {
        public var runsDone: Int
        public var runsEstimated: Int
        public var rung: Int
        public var seeds: Int
        public var frontSize: Int
    }

    /// The plan of the whole space. Refuses (exit 2) what a sweep would refuse, naming --space.
    public static func plan(_ request: TuneRequest) throws(ScenarioError) -> SweepPlan {
        let scenario = ownSettings(request.scenario)
        do {
            return try SweepPlan(scenario: scenario, sourceMap: request.sourceMap, modes: request.modes, grid: request.space,
                                 seeds: request.seeds)
        } catch where error.file == "--grid" {
            throw ScenarioError(file: "--space", location: "", message: error.message.replacingOccurrences(of: "--grid", with: "--space"))
        }
    }

    /// The scenario as tune runs it: without its variants (their settings are not the
    /// scenario's own) and its expect lines (which may name them; tune judges by objectives).
    static func ownSettings(_ scenario: Scenario) -> Scenario {
        var own = scenario
        own.variants = []
        own.expectations = []
        return own
    }

    public static func tune(_ request: TuneRequest, progress: (@Sendable (Progress) -> Void)? = nil) throws -> TuneTable {
        let plan = try plan(request)
        let seeds = plan.seeds.count
        let all = plan.count / seeds
        let (k, n) = request.shard ?? (1, 1)
        let mine = Array(stride(from: k - 1, to: all, by: n))
        var search = SuccessiveHalving(configurations: mine.count, seeds: seeds, budget: request.budget.map { max(1, $0 / n) },
                                       criteria: request.criteria)
        search.firstSeeds = min(2, seeds)
        let estimate = search.estimatedRuns
        let measured = request.criteria.measured
        var done = 0
        var state = (rung: 0, seeds: search.firstSeeds, front: 0)
        func evaluate(_ keys: [SuccessiveHalving.RunKey]) throws -> [[Int64]] {
            let indices = keys.map { mine[$0.configuration] * seeds + $0.seed }
            var report: (@Sendable (Int) -> Void)?
            if let progress {
                let base = done, snapshot = state, total = max(estimate, done + indices.count)
                report = { finished in
                    progress(Progress(runsDone: base + finished, runsEstimated: total, rung: snapshot.rung, seeds: snapshot.seeds,
                                      frontSize: snapshot.front))
                }
            }
            let values = try SweepRunner.map(plan, indices: indices, jobs: request.jobs, budget: request.runBudget,
                                             progress: report) { _, run in
                measured.map { $0.value(Metrics(run), duration: run.duration) }
            }
            done += indices.count
            return values
        }
        func rungDone(_ runs: Int, _ rung: Int, _ used: Int, _ front: Int) {
            state = (rung + 1, min(used * 2, seeds), front)
        }
        let result = try search.run(evaluate: evaluate, progress: rungDone)
        var rows: [TuneTable.Row] = []
        for (local, outcome) in result.outcomes.enumerated() where !outcome.runs.isEmpty {
            let run = plan.run(mine[local] * seeds)
            rows.append(TuneTable.Row(configuration: mine[local], mode: (run.mode ?? plan.scenario.mode).rawValue, values: run.values,
                                      runs: outcome.runs, criteria: request.criteria))
        }
        var current: TuneTable.Row?
        if k == 1, let finalSeeds = result.rungSeeds.last {
            let own = ownSettings(request.scenario)
            let ownPlan = try SweepPlan(scenario: own, sourceMap: request.sourceMap, seeds: request.seeds)
            let runs = try SweepRunner.map(ownPlan, indices: Array(0..<finalSeeds), jobs: request.jobs, budget: request.runBudget) { _, run in
                measured.map { $0.value(Metrics(run), duration: run.duration) }
            }
            current = TuneTable.Row(configuration: nil, mode: own.mode.rawValue, values: request.space.map { _ in "" }, runs: runs,
                                    criteria: request.criteria)
        }
        return TuneTable(keys: request.space.map(\.key), criteria: request.criteria, rows: rows, current: current)
    }
}
