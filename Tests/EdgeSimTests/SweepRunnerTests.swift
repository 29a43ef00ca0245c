@testable import EdgeSim
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
