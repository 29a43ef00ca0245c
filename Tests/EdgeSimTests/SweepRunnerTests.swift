@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Sweep runner")
struct SweepRunnerTests {
    @Test("one worker and two workers write the same CSV")
    func jobsDoNotChangeOutput() throws {
        #expect(try SweepCSVTests.csv(jobs: 1) == SweepCSVTests.csv(jobs: 2))
    }

    @Test("more workers than runs is fine")
    func moreWorkersThanRuns() throws {
        let plan = try SweepPlanTests.plan(seeds: [4])
        #expect(try SweepRunner.rows(plan, indices: [5], jobs: 8).count == 1)
    }

    @Test("a row matches a single run of the same settings")
    func rowMatchesRun() throws {
        let plan = try SweepPlanTests.plan()
        let run = plan.run(3)
        let report = simulate(try plan.compile(run))
        #expect(try SweepRunner.rows(plan, indices: [3], jobs: 1) == [SweepCSV.row(run, report)])
        #expect(report.seed == 2)
        #expect(report.duration == .minutes(25))
    }
}

@Suite("Sweep runner and broken invariants")
struct SweepRunnerViolationTests {
    static func runawayPlan(seeds: [UInt64]) throws -> SweepPlan {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.fixture("runaway-step.scenario").path)
        return try SweepPlan(scenario: scenario, sourceMap: map,
                             grid: [SweepArguments.axis("node-monitor-grace-period=40s,50s")], seeds: seeds)
    }

    @Test("a run that breaks an invariant is thrown, naming the run and how to replay it, instead of stopping the process")
    func violationIsThrown() throws {
        let plan = try Self.runawayPlan(seeds: [1])
        do {
            _ = try SweepRunner.rows(plan, indices: [1], jobs: 1)
            Issue.record("expected a broken invariant")
        } catch let violation as InvariantViolation {
            #expect(violation.invariant == "step-settles")
            #expect(violation.seed == 1)
            #expect(violation.detail.hasSuffix("(sweep run 1; replay: edgesim run \(plan.sourceMap.file) "
                                               + "--set node-monitor-grace-period=50s --seed 1)"), "\(violation.detail)")
        }
    }

    @Test("with several broken runs on several workers, the earliest run's violation is the one thrown")
    func earliestViolationWins() throws {
        let plan = try Self.runawayPlan(seeds: [1, 2, 3])
        for jobs in [1, 2, 4] {
            #expect {
                _ = try SweepRunner.rows(plan, indices: Array(0..<plan.count), jobs: jobs)
            } throws: { error in
                (error as? InvariantViolation)?.detail.contains("(sweep run 0;") == true
            }
        }
    }

    @Test("a replay command quotes what a shell would split")
    func replayQuoting() {
        #expect(SweepPlan.shellQuoted("a b") == "'a b'")
        #expect(SweepPlan.shellQuoted("it's") == "'it'\\''s'")
        #expect(SweepPlan.shellQuoted("node-monitor-grace-period=40s") == "node-monitor-grace-period=40s")
        #expect(SweepPlan.shellQuoted("") == "''")
    }
}
