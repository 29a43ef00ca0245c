@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// Nodes that join or leave during the run (`add-node`, `delete-node`), as upstream's kubelet
/// registration, node lifecycle controller, DaemonSet controller and PodGC treat them.
@Suite("Nodes added and deleted during the run")
struct NodeLifecycleChangeTests {
    /// Four nodes in zone z, and n-5 alone in zone y behind its own uplink.
    static func run(_ faults: String, mode: String = "kubernetes", version: String = "1.29") throws -> RunReport {
        try #require(try ScenarioRun.reports(text: """
            name node-lifecycle-change-test
            seed 3
            duration 20m
            mode \(mode)
            set kubernetes-version \(version)
            zone z
            zone y
            site s zone z
            site t zone y
            uplink t latency 5ms
            node n-1..4 site s
            node n-5 site t
            deployment web replicas 4 service web
            daemonset agent
            \(faults)
            """).first)
    }

    static func registered(_ report: RunReport, _ node: String) -> [SimTime] {
        report.events("node-registered", on: node).map(\.time)
    }

    static func zoneStates(_ report: RunReport, _ zone: String) -> [(SimTime, ZoneState)] {
        report.timeline.compactMap {
            if case .zoneStateChanged(zone, let state) = $0.kind { ($0.time, state) } else { nil }
        }
    }

    // k8s: kubelet registerWithAPIServer; nodelifecycle addPodEvictorForNewZone; daemon
    // DaemonSetsController.addNode.
    @Test("add-node: nothing happens to a node before it registers; then its zone gets a state and the DaemonSet a pod")
    func addedNodeRegistersThenJoinsItsZone() throws {
        // The taint is written before the node exists: the API server refuses it (NotFound).
        let report = try Self.run("at 1m taint n-5 example.com/x=y:NoExecute\nat 4m add-node n-5")
        let nodeEvents = report.timeline.filter { $0.node.map { report.nodeNames[$0.index] } == "n-5" && $0.kind.isFault == false }
        let registered = try #require(Self.registered(report, "n-5").first)
        #expect(Self.registered(report, "n-5").count == 1)
        // Its kubelet starts at 4m and registers at its first status sync (5 ms away).
        #expect(registered > .minutes(4) && registered <= .minutes(4) + .seconds(1))
        #expect(nodeEvents.allSatisfy { $0.time >= registered }, "nothing about n-5 before it exists")
        #expect(report.taintEvents("taint-added", on: "n-5", taint: Taint(key: "example.com/x", value: "y", effect: .noExecute)).isEmpty)
        // Zone y has no state until its first node is seen, then starts Initial and turns Normal.
        let states = Self.zoneStates(report, "y")
        let first = try #require(states.first)
        #expect(first.0 > registered && first.0 <= registered + .seconds(6))
        #expect(first.1 == .normal)
        // The DaemonSet's pod lands on it at once (one controller reaction), and only then.
        let scheduled = report.events("pod-scheduled", on: "n-5")
        #expect(scheduled.map { report.podName($0.pod) } == ["agent-n-5"])
        #expect(scheduled.first.map { $0.time > registered && $0.time <= registered + .seconds(1) } == true)
        // The Deployment's pods were all placed on the nodes that existed.
        #expect(report.events("pod-scheduled", on: "n-5").allSatisfy { report.podWorkloads[$0.pod!.index] == "agent" })
    }

    // k8s: nodelifecycle tryUpdateNodeHealth — a node first seen gets probeTimestamp now, so a
    // full --node-monitor-grace-period before it can turn Unknown.
    @Test("a new node gets the full grace from its first sighting before it goes Unknown")
    func newNodeGetsFullGrace() throws {
        let report = try Self.run("at 4m add-node n-5\nat 4m2s kubelet-stop n-5")
        let registered = try #require(Self.registered(report, "n-5").first)
        let unknown = try #require(report.readyChanges(on: "n-5").first { $0.status == .unknown }?.time)
        let grace = SimTime.seconds(40)
        // Seen by the first monitor pass after it registered (every 5 s), Unknown at the first
        // pass strictly after that sighting plus the grace.
        #expect(unknown > registered + grace)
        #expect(unknown <= registered + grace + .seconds(11))
    }

    // k8s: kubelet registerWithAPIServer retries (backoff up to 7 s) until the API server answers.
    @Test("a joining kubelet that cannot reach the API server registers once it can, and nothing acts on the node before")
    func registrationWaitsForTheNetwork() throws {
        let report = try Self.run("at 3m..6m cut uplink t\nat 4m add-node n-5")
        let registered = try #require(Self.registered(report, "n-5").first)
        #expect(registered >= .minutes(6) && registered <= .minutes(6) + .seconds(11))
        #expect(report.readyChanges(on: "n-5").allSatisfy { $0.time >= registered && $0.status == .true })
        #expect(report.events("taint-added", on: "n-5").isEmpty)
        #expect(Self.zoneStates(report, "y").allSatisfy { $0.0 > registered })
    }

    // k8s: podgc gcOrphaned (quarantineTime 40 s, gcCheckPeriod 20 s); ReplicaSet recreates;
    // kubelet registrationCompleted keeps a running kubelet from registering again.
    @Test("delete-node: PodGC deletes its pods after the quarantine, Deployments recreate them elsewhere, the node stays gone")
    func deletedNodesPodsAreGarbageCollected() throws {
        let report = try Self.run("at 5m delete-node n-2")
        let onN2 = report.events("pod-scheduled", on: "n-2").compactMap(\.pod)
        #expect(!onN2.isEmpty)
        let deleted = report.timeline.filter { $0.kind == .podDeleted && $0.pod.map(onN2.contains) == true }
        #expect(deleted.count == onN2.count, "every pod bound to n-2 is deleted")
        for event in deleted {
            // Quarantined at the first pass after the deletion, deleted once 40 s have passed.
            #expect(event.time >= .minutes(5) + PodGCController.quarantineTime)
            #expect(event.time <= .minutes(5) + PodGCController.quarantineTime + PodGCController.period)
        }
        // The web pods come back on the other nodes; the DaemonSet's pod for n-2 does not.
        let webGone = onN2.filter { report.podWorkloads[$0.index] == "web" }.count
        let replacements = report.events("pod-scheduled", on: "n-1") + report.events("pod-scheduled", on: "n-3")
            + report.events("pod-scheduled", on: "n-4") + report.events("pod-scheduled", on: "n-5")
        #expect(replacements.filter { $0.time > .minutes(5) && report.podWorkloads[$0.pod!.index] == "web" }.count == webGone)
        #expect(report.events("pod-scheduled", on: "n-2").allSatisfy { $0.time == .zero })
        // Its kubelet runs on but does not register again; the controller stops watching it.
        #expect(Self.registered(report, "n-2").isEmpty)
        #expect(report.readyChanges(on: "n-2").allSatisfy { $0.time < .minutes(5) })
        #expect(report.events("taint-added", on: "n-2").isEmpty)
        #expect(!report.timeline.contains { $0.isEviction })
    }

    @Test("delete-node with a range: the node joins again at the end and gets its DaemonSet pod back")
    func deletedNodeJoinsAgain() throws {
        let report = try Self.run("at 5m..10m delete-node n-2")
        let registered = try #require(Self.registered(report, "n-2").first)
        #expect(registered > .minutes(10) && registered <= .minutes(10) + .seconds(1))
        let agent = report.events("pod-scheduled", on: "n-2").filter { $0.time > .minutes(5) }
        #expect(agent.map { report.podName($0.pod) } == ["agent-n-2"])
    }

    @Test("SuperEdge, OpenYurt and KubeEdge agents do not act on a node before it joins", arguments: ["superedge", "kubeedge", "openyurt"])
    func edgeAgentsWaitForTheJoin(mode: String) throws {
        let report = try Self.run("at 4m add-node n-5", mode: mode)
        let registered = try #require(Self.registered(report, "n-5").first)
        // Nothing about n-5 before the join; between the join and the registration at most its
        // own agent's connection (KubeEdge's edgecore dials CloudHub, then registers through it).
        let before = report.timeline.filter {
            $0.node.map { report.nodeNames[$0.index] } == "n-5" && $0.time < registered && !$0.kind.isFault
                && !($0.kind == .edgeHubConnected && $0.time >= .minutes(4))
        }
        #expect(before.isEmpty, "\(before.map(\.name))")
        #expect(report.events("pod-scheduled", on: "n-5").map { report.podName($0.pod) } == ["agent-n-5"])
        if mode == "kubeedge" {
            let connected = report.events("edgehub-connected", on: "n-5")
            #expect(connected.count == 1 && connected.allSatisfy { $0.time >= .minutes(4) })
        }
    }

    // k8s: daemon predicates / NodeShouldRunDaemonPod — a new DaemonSet pod must tolerate the
    // node's NoSchedule taints too; AddOrUpdateDaemonPodTolerations covers only the NoExecute
    // not-ready/unreachable ones.
    @Test("a DaemonSet pod force-deleted from a dead node comes back only once the node is Ready again")
    func daemonSetPodWaitsForUnreachableNoSchedule() throws {
        // The out-of-service taint evicts the DaemonSet's pod and PodGC force-deletes it; once
        // the taint goes the node still carries unreachable:NoSchedule until it is back.
        let report = try Self.run("""
            at 2m..8m power-off n-1
            at 3m..5m taint n-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute
            """)
        let agent = try #require(report.events("pod-scheduled", on: "n-1").first { report.podWorkloads[$0.pod!.index] == "agent" }?.pod)
        #expect(report.timeline.contains { $0.pod == agent && $0.kind == .podDeleted && $0.time < .minutes(5) })
        let readyAgain = try #require(report.readyChanges(on: "n-1").first { $0.status == .true && $0.time > .minutes(8) }?.time)
        let back = report.events("pod-scheduled", on: "n-1").filter { $0.time > .zero && report.podWorkloads[$0.pod!.index] == "agent" }
        #expect(back.count == 1)
        #expect(back.allSatisfy { $0.time > readyAgain && $0.time <= readyAgain + .seconds(1) })
    }

    // k8s: pod storage eviction.go addConditionAndDeletePod — DisruptionTarget, reason
    // EvictionByEvictionAPI (PodDisruptionConditions, GA in 1.31).
    @Test("a drain's evictions carry DisruptionTarget=EvictionByEvictionAPI from 1.31", arguments: ["1.29", "1.31"])
    func drainedPodsCarryTheirCondition(version: String) throws {
        // Zone y's one node holds two of the four web pods (the zone spread is soft).
        let report = try Self.run("at 4m drain n-5", version: version)
        let drained = report.timeline.filter { if case .podDrained = $0.kind { true } else { false } }
        #expect(!drained.isEmpty)
        let condition: String? = version == "1.31" ? "DisruptionTarget=EvictionByEvictionAPI" : nil
        #expect(drained.allSatisfy { $0.kind == .podDrained(condition) })
    }
}

extension TimelineEvent.Kind {
    var isFault: Bool {
        if case .fault = self { return true }
        return false
    }
}
