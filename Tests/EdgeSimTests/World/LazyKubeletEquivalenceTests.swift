@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// The optimised path against the straightforward one: kubelets that sleep while they have
/// nothing to sync, lease renewals worked out when the Lease is read, and node lifecycle passes
/// that read only nodes that are awake or due must produce, byte for byte, the timeline and the
/// metrics (all but the event count) of kubelets that tick every period, renewals that are
/// sent and arrive as events, and passes that read every node.
struct LazyKubeletEquivalenceTests {
    /// retail-fleet (750 nodes for 24 h) is left out: its straightforward run ticks every
    /// kubelet every 10 s, tens of millions of events, minutes in a debug build. The same
    /// fleet shape at a small scale is `smallFleet` below.
    static let scenarios = Repository.scenarioNames().filter { $0 != "retail-fleet" }

    @Test("the optimised run gives the straightforward timeline and metrics", arguments: scenarios)
    func lazyEqualsEager(name: String) throws {
        for compiled in try ScenarioRun.compiled(name) {
            let (optimised, straightforward) = Self.compare(compiled, label: "\(name) \(compiled.variant ?? "")")
            if compiled.scenario.mode != .openyurt {
                #expect(optimised.eventsProcessed < straightforward.eventsProcessed, "the lazy path should process fewer events")
            }
        }
    }

    /// Random topologies and fault scripts (the fuzzer's), in every implemented mode: power
    /// cycles, API outages, flaps and overlapping cuts reach corners no shipped scenario does.
    @Test("the optimised run gives the straightforward timeline and metrics on generated scenarios", arguments: 1...24)
    func generatedScenarios(seed: UInt64) throws {
        let scenario = ScenarioGenerator.generate(seed: seed)
        for mode in ScenarioCompiler.implementedModes {
            let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: "fuzz-\(seed)", origin: .json), mode: mode)
            Self.compare(compiled, checkingInvariants: false, label: "seed \(seed) \(mode)")
        }
    }

    /// Fuzz seed 174: nodes added together and a node coming back tick on one grid, so their
    /// status syncs land at one instant; a kubelet woken from sleep books its tick later than
    /// one that ticked all along, and late events of one instant ran in booking order, so the
    /// two paths ordered the landings differently. Kubelet events are now ranked by kind and
    /// node: late ones among the late, KubeEdge's status events (not late) in the ranked band.
    @Test("simultaneous status syncs land in one order on both paths (fuzz seed 174)", arguments: ["kubernetes", "superedge", "openyurt", "kubeedge"])
    func simultaneousStatusSyncs(mode: String) throws {
        let scenario = ScenarioGenerator.generate(seed: 174)
        let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: "fuzz-174", origin: .json), mode: Mode(rawValue: mode)!)
        Self.compare(compiled, checkingInvariants: false, label: "seed 174 \(mode)")
    }

    /// retail-fleet's shape, small: stores behind node-less ISP sites, per-store workloads,
    /// blips, a regional outage and store power losses drawn by processes.
    @Test("the optimised run gives the straightforward timeline and metrics on a small fleet")
    func smallFleet() throws {
        let text = """
            duration 4h
            seed 3
            set kubernetes-version 1.29
            zone north,south
            site isp-a,isp-b
            site store-01..08 zone north,south via isp-a,isp-b
            each site store-* link {site} <-> {via} latency 15ms jitter 10ms
            each site store-* node {site}-1..2 site {site}
            each site store-* deployment {site}-pos replicas 1 on site {site}
            each zone * deployment catalog-{zone} replicas 2 on zone {zone} service catalog-{zone}
            each site isp-* random blips-{site} cut link via={site} <-> {site} for lognormal 40s p95 3m every exponential 2h
            random isp-b-south cut link zone=south <-> isp-b for lognormal 20m p95 40m once share 100% from 30m until 3h
            each site store-* random power-{site} power-off site={site} for uniform 10m..1h every exponential 12h share 100% permanent 30%

            """
        let compiled = try ScenarioRun.compiled(text: text)[0]
        let (optimised, _) = Self.compare(compiled, label: "small fleet")
        #expect(Metrics(optimised).evictions > 0, "the regional outage should outlast grace and toleration")
    }

    /// The benchmark's own model at a small scale: a zone outage long enough for taints,
    /// evictions and the untainting after it, every node on a lossy uplink.
    @Test("the optimised run gives the straightforward timeline and metrics on the zone-outage benchmark model")
    func zoneOutageWorkload() throws {
        let scenario = BenchWorkload.zoneOutage(nodes: 120, zones: 3, hours: 1, seed: 5)
        let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: "zone-outage-120", origin: .json))
        let (optimised, straightforward) = Self.compare(compiled, label: "zone-outage-120")
        #expect(Metrics(optimised).evictions > 0, "the outage should outlast grace and toleration")
        #expect(optimised.eventsProcessed * 10 < straightforward.eventsProcessed)
    }

    /// Runs both paths and records the first differing line of the timeline, or of the metrics.
    @discardableResult
    static func compare(_ compiled: CompiledScenario, checkingInvariants: Bool = true, label: String) -> (RunReport, RunReport) {
        var optimisedOptions = World.Options(), straightforwardOptions = World.Options.straightforward
        optimisedOptions.checkInvariants = checkingInvariants
        straightforwardOptions.checkInvariants = checkingInvariants
        let optimisedWorld = World(compiled, options: optimisedOptions), straightforwardWorld = World(compiled, options: straightforwardOptions)
        optimisedWorld.run()
        straightforwardWorld.run()
        let optimised = RunReport(world: optimisedWorld), straightforward = RunReport(world: straightforwardWorld)
        firstDifference(TimelineRenderer.text(optimised), TimelineRenderer.text(straightforward), label: "\(label) timeline")
        firstDifference(metricsWithoutEventCount(optimised), metricsWithoutEventCount(straightforward), label: "\(label) metrics")
        return (optimised, straightforward)
    }

    static func metricsWithoutEventCount(_ report: RunReport) -> String {
        Metrics(report).fields.filter { $0.name != "events_processed" }.map { "\($0.name)=\($0.value ?? "null")" }.joined(separator: "\n")
    }

    static func firstDifference(_ a: String, _ b: String, label: String) {
        guard let difference = TextDifference(expected: a, actual: b, context: 1) else { return }
        Issue.record("\(label): line \(difference.line): optimised \(difference.expected.first ?? "<end>"), straightforward \(difference.actual.first ?? "<end>")")
    }
}
