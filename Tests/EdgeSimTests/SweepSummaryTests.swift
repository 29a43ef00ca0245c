import Testing
@testable import EdgeSim

@Suite("Sweep summary")
struct SweepSummaryTests {
    /// Two configurations (grace 40 and 120) of three seeds each; one metric null in one run.
    static let sweep = """
        run,scenario,variant,mode,seed,node-monitor-grace-period,evictions,time_to_evict_dead_s,expects_failed
        0,s,,kubernetes,1,40,3,345.5,0
        1,s,,kubernetes,2,40,1,,1
        2,s,,kubernetes,3,40,2,350.25,0
        3,s,,kubernetes,1,120,0,1500,0
        4,s,,kubernetes,2,120,0,1500,0
        5,s,,kubernetes,3,120,4,1200.001,2

        """

    @Test("a row per configuration and metric: runs, mean, nearest-rank p50 and p95, max")
    func handWorked() throws {
        #expect(try SweepSummary.csv(Self.sweep) == """
            scenario,variant,mode,node-monitor-grace-period,metric,runs,mean,p50,p95,max
            s,,kubernetes,40,evictions,3,2,2,3,3
            s,,kubernetes,40,time_to_evict_dead_s,2,347.875,345.5,350.25,350.25
            s,,kubernetes,40,expects_failed,3,0.333,0,1,1
            s,,kubernetes,120,evictions,3,1.333,0,4,4
            s,,kubernetes,120,time_to_evict_dead_s,3,1400,1500,1500,1500
            s,,kubernetes,120,expects_failed,3,0.667,0,2,2

            """)
    }

    @Test("a shard's identity line is skipped; quoted cells are read as RFC 4180 writes them")
    func shardAndQuotes() throws {
        let text = "# edgesim-sweep v1 whatever\nrun,scenario,variant,mode,seed,evictions\n0,\"a,b\",,kubernetes,1,5\n"
        #expect(try SweepSummary.csv(text) == "scenario,variant,mode,metric,runs,mean,p50,p95,max\n\"a,b\",,kubernetes,evictions,1,5,5,5,5\n")
    }

    @Test("something that is no sweep CSV is refused")
    func refused() {
        #expect(throws: ScenarioError.self) { try SweepSummary.csv("a,b\n1,2\n") }
        #expect(throws: ScenarioError.self) { try SweepSummary.csv("run,scenario,variant,mode,seed,evictions\n0,s,,k,1\n") }
    }
}
