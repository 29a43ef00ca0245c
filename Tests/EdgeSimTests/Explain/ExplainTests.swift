import EdgeSim
import EdgeSimTestSupport
import Testing

/// `edgesim explain`: one test per branch the issue names (the chain of an eviction, and each
/// rule that can keep a node's pods while it is Unknown). Every eviction of every shipped
/// scenario is walked back to its fault in the golden tests, which run them anyway.
@Suite("Explain")
struct ExplainTests {
    func explain(_ name: String, variant: String? = nil, _ query: ExplainQuery, at time: SimTime? = nil) throws -> Explanation {
        let compiled = try #require(try ScenarioRun.compiled(name, variant: variant).first)
        return try Explainer(report: simulate(compiled), compiled: compiled).explain(query, at: time)
    }

    func explain(text: String, _ query: ExplainQuery) throws -> Explanation {
        let compiled = try #require(try ScenarioRun.compiled(text: text).first)
        return try Explainer(report: simulate(compiled), compiled: compiled).explain(query)
    }

    /// One node cut from the API server for 3 minutes: tainted, Ready again before 300 s.
    static let holds = """
        name explain-holds
        seed 1
        duration 12m
        mode kubernetes
        set kubernetes-version 1.29
        zone a
        site a zone a
        node a-1..3 site a
        deployment keeper replicas 1 on nodes a-1 tolerate node.kubernetes.io/unreachable:NoExecute
        deployment web replicas 1 on nodes a-1
        at 1m..4m drop a-1 -> apiserver port 6443
        """

    @Test("a Kubernetes eviction's chain runs from the fault through the grace period, the zone queue, the taint and the toleration to the replacement")
    func evictionChain() throws {
        let explanation = try explain("gz-3-disconnect", variant: "kubernetes", .pod("deploymentgrid-demo-guangzhou-2"))
        let chain = try #require(explanation.answers.first { $0.kind == .chain })
        #expect(chain.complete)
        #expect(chain.steps.map(\.rule) == ["scripted", "graceExpired", "graceExpired", "computeZoneState", "noExecuteTaintingPass",
                                            "tolerationExpired", "tolerationExpired", "scheduled"])
        let text = chain.steps.map(\.text)
        #expect(text[0] == "fault: 5:00 drop gz-3 -> apiserver port 6443")
        #expect(text[2].hasPrefix("grace 40s passed: gz-3 Ready=Unknown"))
        #expect(text[3].contains("zone guangzhou Normal") && text[3].contains("rate 0.1/s"))
        #expect(text[4].contains("unreachable:NoExecute on gz-3") && text[4].contains("queue position 1"))
        #expect(text[5].contains("for 300s (added by DefaultTolerationSeconds admission)"))
        #expect(chain.steps[6].time == chain.steps[4].time + .seconds(300))
        #expect(text[7].contains("scheduled on gz-1") || text[7].contains("scheduled on gz-2"))
        #expect(chain.steps.map(\.function).contains("tryUpdateNodeHealth"))
        #expect(chain.steps.map(\.function).contains("doNoExecuteTaintingPass"))
    }

    @Test("every zone FullDisruption: master disruption mode held the node")
    func masterDisruption() throws {
        let explanation = try explain("zone-outage", .node("nice-a-1"), at: .minutes(35))
        #expect(explanation.answers.count == 1)
        let answer = explanation.answers[0]
        #expect(answer.kind == .whyNot)
        #expect(answer.steps.last?.rule == "masterDisruption")
        #expect(answer.steps.first?.text == "fault: 30:00 cut uplink nice-a")
    }

    @Test("a zone of 50 nodes or fewer in PartialDisruption taints at rate 0")
    func smallZoneRateZero() throws {
        let answer = try #require(try explain("zone-outage", .node("nice-a-1"), at: .minutes(10)).answers.first)
        #expect(answer.kind == .whyNot)
        let held = try #require(answer.steps.last)
        #expect(held.rule == "zoneRateZero")
        #expect(held.text.contains("zone nice PartialDisruption") && held.text.contains("10 ≤ 50"))
    }

    @Test("a toleration without seconds sets no timer")
    func tolerationWithoutSeconds() throws {
        let answer = try #require(try explain(text: Self.holds, .pod("keeper-1")).answers.first)
        #expect(answer.kind == .whyNot)
        #expect(answer.steps.contains { $0.rule == "noExecuteTaintingPass" })
        #expect(answer.steps.last?.rule == "toleratedForever")
        #expect(answer.steps.last?.text.contains("its pod template says so") == true)
    }

    @Test("a taint removed before its timer cancels the eviction")
    func taintRemovedBeforeTimer() throws {
        let answer = try #require(try explain(text: Self.holds, .pod("web-1")).answers.first)
        #expect(answer.kind == .whyNot)
        let held = try #require(answer.steps.last)
        #expect(held.rule == "timerCancelled")
        #expect(held.text.hasPrefix("web-1's eviction timer for 6:36.656 cancelled"))
        #expect(held.text.contains("markNodeAsReachable"))
    }

    @Test("SuperEdge's admission webhook strips the unreachable taint when no peer majority judged the node dead")
    func superEdgeStripped() throws {
        let answer = try #require(try explain("gz-3-disconnect", variant: "superedge", .node("gz-3")).answers.first)
        #expect(answer.kind == .whyNot)
        #expect(answer.steps.last?.rule == "superEdgeStripped")
        #expect(answer.steps.last?.text.contains("no nodeunhealth annotation") == true)
        // And the other way: the peers' verdict let the taint through.
        let chain = try #require(try explain("superedge-dead-node", variant: "superedge", .pod("cache-3")).answers.first)
        #expect(chain.kind == .chain && chain.complete)
        #expect(chain.steps.contains { $0.rule == "superEdgeVerdict" && $0.text.contains("nodeunhealth=yes") })
    }

    @Test("OpenYurt autonomy: podbinding rewrote the tolerations to forever; delegation kept the node Ready")
    func openYurt() throws {
        let autonomy = try #require(try explain("yurt-pool-disconnect", .pod("pos-4")).answers.first)
        #expect(autonomy.kind == .whyNot)
        #expect(autonomy.steps.last?.rule == "toleratedForever")
        #expect(autonomy.steps.last?.text.contains("OpenYurt podbinding rewrote them at 0:00") == true)
        let limited = try #require(try explain("yurt-pool-disconnect", .pod("pos-6")).answers.first)
        #expect(limited.kind == .chain && limited.complete)
        #expect(limited.steps.contains { $0.text.contains("for 600s (rewritten by OpenYurt podbinding") })
        let delegated = try #require(try explain("gz-3-disconnect", variant: "openyurt", .node("gz-3")).answers.first)
        #expect(delegated.kind == .note)
        #expect(delegated.steps.last?.rule == "delegated")
    }

    @Test("KubeEdge: the eviction happened while EdgeHub still believed it was connected (half-open)")
    func kubeEdgeHalfOpen() throws {
        let chain = try #require(try explain("kubeedge-wifi-switch", variant: "half-open", .pod("pos-1")).answers.first)
        #expect(chain.kind == .chain && chain.complete)
        let halfOpen = try #require(chain.steps.first { $0.rule == "halfOpen" })
        #expect(halfOpen.text.contains("half-open) until it gave up at 20:06"))
    }

    @Test("KubeEdge: a node CloudHub turned away (node limit) is explained by the refusal, not a half-open session")
    func kubeEdgeSessionRefused() throws {
        // Two nodes, one session: the second EdgeHub to dial is refused and never reports.
        let text = """
            name explain-refused
            seed 1
            duration 10m
            mode kubeedge
            set kubernetes-version 1.29
            set cloudhub-node-limit 1
            zone a
            site a zone a
            node a-1..2 site a
            deployment web replicas 2 on nodes a-1,a-2
            """
        let compiled = try #require(try ScenarioRun.compiled(text: text).first)
        let report = simulate(compiled)
        let refusal = try #require(report.timeline.first { if case .cloudHubRefused = $0.kind { true } else { false } })
        let node = try #require(refusal.node)
        let eviction = try #require(report.timeline.first { $0.isEviction && $0.node == node })
        let pod = report.podNames[try #require(eviction.pod).index]
        let chain = try #require(try Explainer(report: report, compiled: compiled).explain(.pod(pod)).answers.first)
        #expect(chain.kind == .chain && chain.complete)
        #expect(chain.steps.contains { $0.rule == "sessionRefused" })
        #expect(!chain.steps.contains { $0.rule == "halfOpen" })
    }

    @Test("a timeline line's chain; unknown names and lines are refused with what exists")
    func linesAndErrors() throws {
        let compiled = try #require(try ScenarioRun.compiled("gz-3-disconnect", variant: "kubernetes").first)
        let report = simulate(compiled)
        let explainer = Explainer(report: report, compiled: compiled)
        let eviction = try #require(report.timeline.firstIndex { $0.isEviction })
        let answer = try #require(try explainer.explain(.line(eviction + 2)).answers.first)
        #expect(answer.complete && answer.steps.contains { $0.event == eviction })
        #expect(throws: ExplainError.self) { try explainer.explain(.pod("deploymentgrid-demo-guangzhou-9")) }
        #expect(throws: ExplainError.self) { try explainer.explain(.node("gz-9")) }
        #expect(throws: ExplainError.self) { try explainer.explain(.line(1)) }
        #expect(throws: ExplainError.self) { try explainer.explain(.line(report.timeline.count + 2)) }
    }

    @Test("the trace draws a flow arrow to every event with a recorded cause; SVG markers say why on hover")
    func traceAndSVG() throws {
        let report = try ScenarioRun.report("gz-3-disconnect", variant: "kubernetes")
        let trace = TraceRenderer.render([report])
        let caused = report.timeline.enumerated().filter { $0.element.cause.event >= 0 && Int($0.element.cause.event) < $0.offset }.count
        #expect(caused > 0)
        #expect(trace.components(separatedBy: "\"ph\":\"f\"").count - 1 == caused)
        #expect(trace.components(separatedBy: "\"ph\":\"s\"").count - 1 == caused)
        let svg = SVGTimelineRenderer.render([report])
        #expect(svg.contains("pod-evicted deploymentgrid-demo-guangzhou-2\nbecause: tolerated for 300s"))
    }
}
