import Dispatch
import Foundation

/// Runs a sweep's runs on worker threads. Each run is its own `World`, nothing is shared but
/// the read-only plan, and every row lands in the slot of its index: the output never depends
/// on scheduling or on the number of threads.
public enum SweepRunner {
    /// The CSV rows of `indices` (header not included), in the order of `indices`. `progress`
    /// is called from worker threads with the number of runs finished so far. Throws a
    /// `ScenarioError` for a run that does not compile, or the `InvariantViolation` of a run that
    /// breaks an invariant (naming the run); of several, the one of the earliest run in `indices`.
    public static func rows(_ plan: SweepPlan, indices: [Int], jobs: Int, by grouping: MetricsGrouping? = nil,
                            budget: RunBudget = RunBudget(), progress: (@Sendable (Int) -> Void)? = nil) throws -> [String] {
        // Metrics by group are split over the timeline, held; the run's own are folded from it.
        try map(plan, indices: indices, jobs: jobs, budget: budget, holdsTimeline: grouping != nil, progress: progress) {
            SweepCSV.row($0, $1, by: grouping)
        }
    }

    /// Refuses the sweep before any run starts when one of its runs is estimated over `budget`
    /// (each run gets the whole budget). Seeds do not change an estimate: one run per
    /// configuration is priced, in index order.
    public static func admit(_ plan: SweepPlan, indices: [Int], budget: RunBudget, holdsTimeline: Bool = true) throws {
        var priced = Set<Int>()
        for index in indices where priced.insert(index / plan.seeds.count).inserted {
            try budget.admit(try plan.compile(plan.run(index)), holdsTimeline: holdsTimeline)
        }
    }

    /// `summary` of each run of `indices`, in the order of `indices`: what `rows` does with a
    /// CSV row, for callers that want other numbers (the benchmark). Throws as `rows` does.
    /// `holdsTimeline` false: each run streams its timeline and its report holds none.
    public static func map<Summary: Sendable>(_ plan: SweepPlan, indices: [Int], jobs: Int, budget: RunBudget = RunBudget(),
                                              holdsTimeline: Bool = true, progress: (@Sendable (Int) -> Void)? = nil,
                                              _ summary: @escaping @Sendable (SweepPlan.Run, RunReport) -> Summary) throws -> [Summary] {
        try admit(plan, indices: indices, budget: budget, holdsTimeline: holdsTimeline)
        let work = SharedWork<Summary>(count: indices.count)
        let workers = max(1, min(jobs, indices.count))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                while let slot = work.claim() {
                    let run = plan.run(indices[slot])
                    do {
                        let compiled = try plan.compile(run)
                        let report = holdsTimeline ? try simulateChecked(compiled, budget: budget, priced: true)
                            : try simulateStreamed(compiled, budget: budget, priced: true)
                        work.finish(slot, summary(run, report), progress: progress)
                    } catch let violation as InvariantViolation {
                        // The seed alone does not replay a sweep's run: say which run it was.
                        work.fail(slot, violation.adding(context: "sweep run \(run.index); replay: \(plan.replayCommand(run))"))
                    } catch {
                        work.fail(slot, error)
                    }
                }
                group.leave()
            }
            // Deep scenarios recurse little, but a worker should never have less stack than the main thread.
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if let error = work.firstError { throw error }
        return work.results.map { $0! }
    }
}

/// The queue of slots and the results, behind one lock. Workers take the next slot and put
/// back a row; the lock is held only for that, never during a run.
private final class SharedWork<Summary: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private(set) var results: [Summary?]
    private var errors: [(slot: Int, error: any Error)] = []
    private let count: Int

    init(count: Int) {
        self.count = count
        results = Array(repeating: nil, count: count)
    }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count, errors.isEmpty else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ slot: Int, _ summary: Summary, progress: (@Sendable (Int) -> Void)?) {
        lock.lock()
        results[slot] = summary
        done += 1
        let finished = done
        lock.unlock()
        progress?(finished)
    }

    func fail(_ slot: Int, _ error: any Error) {
        lock.lock(); defer { lock.unlock() }
        errors.append((slot, error))
    }

    /// The error of the earliest failed slot, so the message does not depend on scheduling.
    var firstError: (any Error)? { errors.min { $0.slot < $1.slot }?.error }
}
