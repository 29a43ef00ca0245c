@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// Steady kubelets' status reports worked out on demand (`StatusReportChain`) against the same
/// reports sent as events, with every other optimisation the same on both sides: the Ready
/// heartbeats, the kubelets' own records of their last report and the message counts agree at
/// every instant a reader looks, and the chain saves the events it exists to save.
struct StatusReportChainTests {
    static func worlds(_ compiled: CompiledScenario) -> (chained: World, events: World) {
        var events = World.Options()
        events.statusReportsOnDemand = false
        return (World(compiled, options: World.Options()), World(compiled, options: events))
    }

    /// What a reader of reports sees at the instant the worlds stopped.
    static func reports(_ world: World) -> String {
        let heartbeats = world.api.nodes.map { String($0.readyHeartbeat.microseconds) }.joined(separator: ",")
        let lastReports = world.kubelets.map { String($0.lastStatusReport.microseconds) }.joined(separator: ",")
        let counts = world.messageCounts()
        return "heartbeats \(heartbeats)\nlast reports \(lastReports)\ndropped \(counts.dropped) lost \(counts.lost)"
    }

    @Test("heartbeats, last reports and message counts agree at every look, on a lossy uplink through a zone outage",
          arguments: [SimTime.seconds(47), .seconds(797)])
    func sameReportsAtEveryLook(step: SimTime) throws {
        // 1 % loss on every uplink: some reports are lost and the chain sends the next a period later.
        let scenario = BenchWorkload.zoneOutage(nodes: 60, zones: 3, hours: 2, seed: 11)
        let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: "zone-outage-60", origin: .json))
        let (chained, events) = Self.worlds(compiled)
        var now = SimTime.zero
        while now < compiled.duration {
            now = min(now + step, compiled.duration)
            chained.run(until: now)
            events.run(until: now)
            let expected = Self.reports(events), actual = Self.reports(chained)
            #expect(actual == expected, "at \(now)")
            if actual != expected { return }
        }
        #expect(chained.eventsProcessed < events.eventsProcessed)
    }

    @Test("a steady fleet's reports cost no events: an hour saves three events a report")
    func steadyFleetSavesEvents() throws {
        var scenario = BenchWorkload.zoneOutage(nodes: 100, zones: 2, hours: 1, seed: 3)
        scenario.faults = []
        let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: "steady-100", origin: .json))
        let (chained, events) = Self.worlds(compiled)
        chained.run()
        events.run()
        #expect(Self.reports(chained) == Self.reports(events))
        // As events, each of the 12 reports of each of the 100 kubelets in the hour is its tick,
        // its arrival and the idle tick a period later; a chain takes the first tick only.
        #expect(events.eventsProcessed - chained.eventsProcessed >= 3 * 100 * 11,
                "\(chained.eventsProcessed) events with chains, \(events.eventsProcessed) without")
    }

    @Test("a route that may take a period or longer keeps reports as events")
    func slowRouteKeepsEvents() {
        let slow = RouteProfile(links: [LinkProfile(latency: .seconds(6), jitter: .seconds(4))])
        let fast = RouteProfile(links: [LinkProfile(latency: .milliseconds(30), jitter: .milliseconds(20), lossPPM: 10_000)])
        #expect(!StatusReportChain.carries(slow, period: .seconds(10)))
        #expect(StatusReportChain.carries(fast, period: .seconds(10)))
    }
}
