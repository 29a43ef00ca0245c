@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// What `kubernetes-version` changes, each from the upstream change it cites.
@Suite("Kubernetes version profiles")
struct KubernetesVersionTests {
    @Test("1.28 … 1.35 are modelled, written 1.N or v1.N; anything else is refused")
    func parsing() {
        #expect(KubernetesVersion("1.29")?.minor == 29)
        #expect(KubernetesVersion("v1.35")?.minor == 35)
        for bad in ["1.27", "1.36", "2.29", "1.2x", "1.", "129", "1.029", ""] { #expect(KubernetesVersion(bad) == nil, "\(bad)") }
        #expect(KubernetesVersion.allModelled.map(\.description).first == "1.28")
        #expect(KubernetesVersion.allModelled.last == .newest)
    }

    static func settings(_ pairs: [(String, String)]) -> SimulationSettings {
        var settings = SimulationSettings()
        #expect(settings.apply(pairs.map { Setting(key: $0.0, value: $0.1) }) == nil)
        return settings
    }

    // k/k PR #126287: the default --node-monitor-grace-period went from 40 s to 50 s in 1.32.
    @Test("the default grace is 40 s with 1.31 and 50 s with 1.32 and by default; an explicit grace wins in any order")
    func graceDefaultFollowsTheVersion() {
        #expect(Self.settings([("kubernetes-version", "1.31")]).nodeLifecycle.gracePeriod == .seconds(40))
        #expect(Self.settings([("kubernetes-version", "1.32")]).nodeLifecycle.gracePeriod == .seconds(50))
        #expect(SimulationSettings().nodeLifecycle.gracePeriod == .seconds(50))
        #expect(Self.settings([("node-monitor-grace-period", "45s"), ("kubernetes-version", "1.29")]).nodeLifecycle.gracePeriod == .seconds(45))
        #expect(Self.settings([("kubernetes-version", "1.35"), ("latency-profile", "Default")]).nodeLifecycle.gracePeriod == .seconds(40))
    }

    // k/k PR #120816; upstream TestApplyNoExecuteTaintsToUnreachableNode: one monitor pass that
    // finds the node stale, then one tainting pass, and the node carries unreachable:NoExecute.
    @Test("from 1.34 the pass that sets Unknown queues the taint; up to 1.33 the next pass does", arguments: [33, 34])
    func taintInTheUnknownPass(minor: Int) throws {
        let version = try #require(KubernetesVersion("1.\(minor)"))
        var settings = NodeLifecycleSettings(kubernetesVersion: version)
        settings.gracePeriod = .seconds(40)
        var cluster = TestCluster(2, in: .z1, settings: settings)
        cluster.monitorPasses(from: .zero, through: .seconds(65)) { cluster, time in
            cluster.renewLease(1, at: time)
            if time <= .seconds(20) { cluster.renewLease(0, at: time) }
        }
        #expect(cluster.readyChanges(0, to: .unknown) == [.seconds(65)])
        cluster.taintingPass(at: .milliseconds(65_100))
        #expect(cluster.hasTaint(0, .unreachableNoExecute) == (minor >= 34))
    }

    static func gz3(_ version: String, grace: String? = nil) throws -> RunReport {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.scenario("gz-3-disconnect").path)
        // The phase pinned at 0 s: the times below are the measured run's (drawn per seed otherwise);
        // gz-3's renewals on the exact grid put its last one before the DROP where that run saw it.
        let overrides = [Setting(key: "kubernetes-version", value: version), Setting(key: "node-monitor-phase", value: "0s"),
                         Setting(key: "lease-renew-jitter", value: "0")]
            + (grace.map { [Setting(key: "node-monitor-grace-period", value: $0)] } ?? [])
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: "kubernetes", overrides: overrides)
        return simulate(try #require(runs.first))
    }

    @Test("gz-3 with 1.34 and a 40 s grace: unreachable:NoExecute in the tainting pass right after the Unknown pass")
    func gz3TaintInTheUnknownPass() throws {
        let report = try Self.gz3("1.34", grace: "40s")
        #expect(report.kubernetesVersion.minor == 34)
        // Unknown at pass 68 (340.0748 s); tainting passes every 101.1 ms: 3364 × 101.1 ms.
        #expect(report.readyChanges(on: "gz-3").first?.time == .microseconds(340_074_800))
        let taint = report.events("taint-added", on: "gz-3").first { $0.kind == .taintAdded(Taint.unreachableNoExecute.description) }
        #expect(taint?.time == .microseconds(340_100_400))
    }

    // k8s: tainteviction addConditionAndDeletePod; PodDisruptionConditions GA in 1.31 (PR #125461).
    @Test("a taint eviction carries DisruptionTarget=DeletionByTaintManager from 1.31, nothing before")
    func disruptionTargetFrom131() throws {
        for (version, condition) in [("1.30", nil), ("1.31", "DisruptionTarget=DeletionByTaintManager")] as [(String, String?)] {
            let evictions = try Self.gz3(version).timeline.filter(\.isEviction)
            #expect(evictions.count == 2)
            #expect(evictions.allSatisfy { $0.kind == .podEvicted(condition) }, "\(version)")
        }
    }

    @Test("the timeline header names the version: the scenario's pin, or the newest modelled")
    func headerNamesTheVersion() throws {
        let pinned = TimelineRenderer.text(try ScenarioRun.report("gz-3-disconnect", variant: "kubernetes"))
        #expect(pinned.hasPrefix("# scenario gz-3-disconnect variant kubernetes mode kubernetes kubernetes 1.29 seed 7"))
        let unpinned = try #require(try ScenarioRun.reports(text: "name bare\nduration 1m\nzone a\nsite s zone a\nnode n-1 site s\n").first)
        #expect(TimelineRenderer.text(unpinned).hasPrefix("# scenario bare mode kubernetes kubernetes \(KubernetesVersion.newest) seed"))
    }
}
