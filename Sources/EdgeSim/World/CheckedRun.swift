/// Runs a compiled scenario to its end with invariants checked after every event (unless
/// `invariants` is false, for benchmarks), within `budget`, holding its timeline (for the SVG,
/// the trace, tests). Throws a `ScenarioError` (exit 2) for a run refused up front for its
/// estimate or stopped at the budget, and the `InvariantViolation` (exit 3) of the first
/// broken invariant. `priced`: the caller has admitted this run's estimate already (every
/// variant of a `run`, one run per configuration of a sweep), so it is not worked out again.
public func simulateChecked(_ compiled: CompiledScenario, invariants: Bool = true,
                            budget: RunBudget = RunBudget(), priced: Bool = false) throws -> RunReport {
    try simulate(compiled, invariants: invariants, budget: budget, priced: priced, stream: nil)
}

/// The same, streaming the timeline instead of holding it: each settled batch goes to
/// `renderer` (if any) as the run goes, and the metrics and expectations are folded from it
/// (`RunFolds`). The report holds no timeline. What `run --format text|jsonl|csv|metrics`,
/// sweeps, compare and check use: memory O(nodes + pods), whatever the run's length.
public func simulateStreamed(_ compiled: CompiledScenario, renderer: (any TimelineStream)? = nil, invariants: Bool = true,
                             budget: RunBudget = RunBudget(), priced: Bool = false) throws -> RunReport {
    let folds = RunFolds(compiled, renderer: renderer)
    return folds.finish(try simulate(compiled, invariants: invariants, budget: budget, priced: priced, stream: folds))
}

private func simulate(_ compiled: CompiledScenario, invariants: Bool, budget: RunBudget, priced: Bool,
                      stream: (any TimelineStream)?) throws -> RunReport {
    if !priced { try budget.admit(compiled, holdsTimeline: stream == nil) }
    var options = World.Options()
    options.checkInvariants = invariants
    options.maxEvents = budget.maxEvents
    options.maxTimelineLines = budget.maxTimelineLines
    options.maxPodObjects = budget.maxPodObjects(desiredPods: compiled.workloads.reduce(0) { $0 + $1.replicas })
    let world = World(compiled, options: options, stream: stream)
    world.run()
    if let violation = world.violation { throw violation }
    if let time = world.overBudgetAt, Int64(world.api.pods.count) > options.maxPodObjects {
        throw ScenarioError(file: compiled.sourceFile, location: compiled.durationLocation,
                            message: "the run\(compiled.variant.map { " of variant \($0)" } ?? "") went past its budget of "
                                + "\(options.maxPodObjects) pod objects at \(time.clock): controllers keep replacing pods that "
                                + "nobody can delete (Terminating on nodes that never confirm); --max-events N raises the budget")
    }
    if let time = world.overBudgetAt {
        throw ScenarioError(file: compiled.sourceFile, location: compiled.durationLocation,
                            message: "the run\(compiled.variant.map { " of variant \($0)" } ?? "") went past its budget of "
                                + "\(WorkEstimate.count(budget.maxEvents)) events and \(WorkEstimate.size(budget.maxBytes)) at \(time.clock), "
                                + "estimated up front at " + WorkEstimate(compiled, holdsTimeline: stream == nil).description
                                + "; --max-events N and --max-memory GIB raise the budget")
    }
    return RunReport(world: world)
}
