import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("Autonomy: podbinding tolerations and the Endpoints webhook")
struct AutonomyTests {
    @Test("the old annotation means forever, a duration means that many seconds, 0 means forever")
    func resolve() {
        #expect(NodeAutonomy.of(HandBuilt.node(0, labels: [OpenYurtNames.autonomy: "true"]), defaultDuration: nil) == .forever)
        #expect(NodeAutonomy.of(HandBuilt.node(0, labels: [OpenYurtNames.autonomyDuration: "10m"]), defaultDuration: nil) == .seconds(600))
        #expect(NodeAutonomy.of(HandBuilt.node(0, labels: [OpenYurtNames.autonomyDuration: "0"]), defaultDuration: nil) == .forever)
        #expect(NodeAutonomy.of(HandBuilt.node(0), defaultDuration: nil) == nil)
        #expect(NodeAutonomy.of(HandBuilt.node(0), defaultDuration: .minutes(2)) == .seconds(120))
        #expect(NodeAutonomy.of(HandBuilt.node(0, labels: [OpenYurtNames.autonomy: "false"]), defaultDuration: nil) == nil)
    }

    @Test("podbinding replaces the admission defaults in place and keeps other tolerations")
    func replacesTolerations() {
        let admitted = [Toleration(key: "dedicated", effect: .noSchedule),
                        Toleration(key: Taint.notReadyKey, effect: .noExecute, seconds: 300),
                        Toleration(key: Taint.unreachableKey, effect: .noExecute, seconds: 300)]
        let forever = PodBindingController.withNodeProblemTolerations(admitted, seconds: nil)
        #expect(forever == [admitted[0], Toleration(key: Taint.notReadyKey, effect: .noExecute),
                            Toleration(key: Taint.unreachableKey, effect: .noExecute)])
        #expect(TaintEvictionController.evictionDelay(tolerations: forever, taints: [.unreachableNoExecute]) == nil)
        let bounded = PodBindingController.withNodeProblemTolerations([], seconds: 600)
        #expect(TaintEvictionController.evictionDelay(tolerations: bounded, taints: [.unreachableNoExecute]) == .seconds(600))
    }

    @Test("the webhook keeps the addresses of pods on autonomous nodes only")
    func webhook() {
        let admission = YurtEndpointsAdmission(defaultAutonomy: nil)
        #expect(admission.keepsAddressReady(on: HandBuilt.node(0, labels: [OpenYurtNames.autonomy: "true"], ready: .unknown)))
        #expect(!admission.keepsAddressReady(on: HandBuilt.node(0, ready: .unknown)))
    }

    @Test("a really dead autonomous node keeps its pod and its endpoint; a plain one is evicted")
    func deadAutonomousNode() throws {
        let report = try ScenarioRun.report("yurt-pool-disconnect")
        #expect(report.times("pod-evicted", node: "depot-2").isEmpty)
        #expect(report.times("endpoint-removed", node: "depot-2").isEmpty)
        #expect(report.times("pod-evicted", node: "depot-1").count == 1)
        let tainted = try #require(report.timeline.first { event in
            if case .taintAdded(let t) = event.kind { return t == Taint.unreachableNoExecute.description && report.nodeName(event.node) == "depot-3" }
            return false
        })
        #expect(report.times("pod-evicted", node: "depot-3") == [tainted.time + .seconds(600)])
    }

    // openyurt: podbinding reconcilePod skips pods whose phase is not Running; MarkPodsNotReady
    // leaves the phase Running, so a node labelled autonomous after it was tainted keeps its pod.
    @Test("a node labelled autonomous after its taint keeps its not-ready pod (podbinding checks phase, not Ready)")
    func lateAutonomyStillSavesRunningPods() throws {
        let report = try #require(try ScenarioRun.reports(text: """
            name late-autonomy
            seed 2
            duration 15m
            mode openyurt
            set pool-coordinator false
            zone a
            site s zone a
            node y-1,y-2 site s
            deployment web replicas 2
            at 5m drop y-1 -> apiserver
            at 6m label y-1 node.beta.openyurt.io/autonomy=true
            """).first)
        // Not ready and tainted before the label arrives at 6m.
        #expect(report.times("pod-not-ready", node: "y-1").first.map { $0 < .minutes(6) } == true)
        #expect(report.times("pod-tolerations-changed", node: "y-1") == [.minutes(6)])
        #expect(report.times("pod-evicted", node: "y-1").isEmpty)
    }
}
