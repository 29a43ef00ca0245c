/// `edgesim explain`'s answers for a held run: the causal chain of every eviction a query
/// names, and for each stretch its node was Unknown without an eviction, the rule that held
/// (a why-not). Built on `CausalChain` and the run's `CauseHold`s.
public struct Explainer {
    public let chains: CausalChain
    var report: RunReport { chains.report }
    var timeline: [TimelineEvent] { chains.report.timeline }

    public init(report: RunReport, compiled: CompiledScenario) {
        chains = CausalChain(report: report, compiled: compiled)
    }

    /// A stretch a node spent Ready=Unknown: from its Unknown event to its next Ready change
    /// (or the run's end).
    public struct UnknownSpan: Sendable, Equatable {
        public var node: NodeID
        public var start: Int
        public var end: SimTime
        public var endIndex: Int?
    }

    public func unknownSpans(of node: NodeID) -> [UnknownSpan] {
        var spans: [UnknownSpan] = []
        var open: Int?
        for index in timeline.indices where timeline[index].node == node {
            guard case .nodeReadyChanged(let status) = timeline[index].kind else { continue }
            if status == .unknown {
                if open == nil { open = index }
            } else if let start = open {
                spans.append(UnknownSpan(node: node, start: start, end: timeline[index].time, endIndex: index))
                open = nil
            }
        }
        if let start = open { spans.append(UnknownSpan(node: node, start: start, end: report.duration, endIndex: nil)) }
        return spans
    }

    func contains(_ span: UnknownSpan, _ time: SimTime) -> Bool { timeline[span.start].time <= time && time <= span.end }

    // MARK: - Queries

    public func explain(_ query: ExplainQuery, at time: SimTime? = nil) throws(ExplainError) -> Explanation {
        var answers: [Explanation.Answer]
        let subject: String
        switch query {
        case .line(let line):
            let index = line - 2
            guard timeline.indices.contains(index) else {
                throw ExplainError(message: "--line expects the line of a timeline event, from 2 to \(timeline.count + 1) "
                                   + "(line 1 is the header of `edgesim run --initial`), got \(line)")
            }
            subject = "line \(line)"
            answers = [chainAnswer(index)]
        case .node(let name):
            guard let node = report.nodeNames.firstIndex(of: name).map(NodeID.init) else {
                throw ExplainError(message: "unknown node \(Echo.quoted(name))" + NearMiss.hint(for: name, among: report.nodeNames))
            }
            subject = "node \(name)"
            answers = nodeAnswers(node, at: time)
        case .pod(let name):
            guard let pod = report.podNames.firstIndex(of: name).map(PodID.init) else {
                throw ExplainError(message: "unknown pod \(Echo.quoted(name))" + NearMiss.hint(for: name, among: report.podNames))
            }
            subject = "pod \(name)"
            answers = podAnswers(pod, at: time)
        }
        if answers.isEmpty {
            answers = [Explanation.Answer(kind: .note, title: "nothing to explain\(time.map { " at \($0.short)" } ?? "")", steps: [], complete: true)]
        }
        return Explanation(scenario: report.scenario, variant: report.variant, seed: report.seed, subject: subject, answers: answers)
    }

    /// One event's chain; an eviction's ends with its replacement.
    public func chainAnswer(_ index: Int) -> Explanation.Answer {
        let event = timeline[index]
        var (steps, complete) = chains.chain(to: index)
        if event.isEviction { steps += replacementSteps(index) }
        // KubeEdge: whether EdgeHub knew it was cut off while its node went Unknown.
        if event.isEviction, report.mode == .kubeedge, let node = event.node,
           let span = unknownSpans(of: node).last(where: { timeline[$0.start].time <= event.time }),
           let unknown = steps.firstIndex(where: { $0.event == span.start }) {
            steps.insert(contentsOf: halfOpenSteps(span, before: event.time), at: unknown + 1)
        }
        // SuperEdge: the peers' verdict that let the webhook keep the taint.
        if event.isEviction, report.mode == .superedge, let node = event.node,
           let taint = steps.firstIndex(where: { $0.rule == "noExecuteTaintingPass" || $0.rule == "swapNoExecuteTaint" }),
           let taintEvent = steps[taint].event,
           let verdict = (0..<taintEvent).last(where: { timeline[$0].node == node && { if case .annotationAdded = $0 { true } else { false } }(timeline[$0].kind) }) {
            steps.insert(Explanation.Step(time: timeline[verdict].time, text: "edge-health peers annotated \(report.nodeNames[node.index]) "
                                          + "\(TimelineLines.textDetail(timeline[verdict], report)) at \(timeline[verdict].time.short): a majority judged it dead, "
                                          + "so the admission webhook no longer strips its unreachable taint",
                                          function: "superedge edge-health vote, admission nodeTaint", event: verdict, rule: "superEdgeVerdict"), at: taint)
        }
        let title = "\(event.name) \(report.podName(event.pod) ?? report.nodeName(event.node) ?? "") at \(event.time.short)"
        return Explanation.Answer(kind: .chain, title: title, steps: steps, complete: complete)
    }

    func nodeAnswers(_ node: NodeID, at time: SimTime?) -> [Explanation.Answer] {
        let spans = unknownSpans(of: node)
        var answers: [Explanation.Answer] = []
        for span in spans where time.map({ contains(span, $0) }) ?? true {
            let evictions = evictionIndices(on: node, in: span)
            answers += evictions.map(chainAnswer)
            if let whyNot = whyNot(span, pods: nil, evicted: evictions) { answers.append(whyNot) }
        }
        if spans.isEmpty { answers.append(neverUnknown(node)) }
        return answers
    }

    func podAnswers(_ pod: PodID, at time: SimTime?) -> [Explanation.Answer] {
        var answers: [Explanation.Answer] = []
        let evictions = timeline.indices.filter { timeline[$0].isEviction && timeline[$0].pod == pod }
        guard let bound = timeline.first(where: { $0.pod == pod && { if case .podScheduled = $0 { true } else { false } }($0.kind) }),
              let node = bound.node else {
            return [Explanation.Answer(kind: .note, title: "\(report.podNames[pod.index]) was never bound to a node", steps: [], complete: true)]
        }
        func leaves(_ event: TimelineEvent) -> Bool {
            guard event.pod == pod else { return false }
            if event.isEviction { return true }
            switch event.kind {
            case .podDrained, .podDeleted: return true
            default: return false
            }
        }
        let end: SimTime = timeline.first(where: leaves)?.time ?? report.duration
        for span in unknownSpans(of: node) where timeline[span.start].time >= bound.time && timeline[span.start].time <= end {
            if let time, !contains(span, time) { continue }
            let evicted = evictions.filter { timeline[$0].time >= timeline[span.start].time && timeline[$0].time <= span.end }
            answers += evicted.map(chainAnswer)
            if evicted.isEmpty, let whyNot = whyNot(span, pods: [pod], evicted: []) { answers.append(whyNot) }
        }
        // An eviction outside any Unknown stretch (a taint the fault wrote, a NotReady node).
        for index in evictions where !answers.contains(where: { $0.steps.contains { $0.event == index } }) {
            if let time, timeline[index].time > time { continue }
            answers.append(chainAnswer(index))
        }
        if answers.isEmpty {
            answers.append(Explanation.Answer(kind: .note, title: "\(report.podNames[pod.index]) on \(report.nodeNames[node.index]): "
                                              + "its node never went Unknown while it ran there, and it was not evicted", steps: [], complete: true))
        }
        return answers
    }

    func evictionIndices(on node: NodeID, in span: UnknownSpan) -> [Int] {
        let start = timeline[span.start].time
        return timeline.indices.filter { timeline[$0].isEviction && timeline[$0].node == node && timeline[$0].time >= start && timeline[$0].time <= span.end }
    }

    /// The pod that took the evicted one's place, and where, or why there is none.
    func replacementSteps(_ index: Int) -> [Explanation.Step] {
        let event = timeline[index]
        guard let pod = event.pod else { return [] }
        let workload = report.podWorkloadIndex[pod.index]
        let tainted = report.nodeName(event.node) ?? "-"
        for later in (index + 1)..<timeline.count {
            let candidate = timeline[later]
            guard case .podScheduled = candidate.kind, let other = candidate.pod, other != pod,
                  report.podWorkloadIndex[other.index] == workload, report.podCreated[other.index] >= event.time else { continue }
            let target = report.nodeName(candidate.node) ?? "-"
            let why = target == tainted ? "back on \(tainted) once its taints were gone" : "TaintToleration filter: \(tainted) tainted"
            return [Explanation.Step(time: candidate.time, text: "replacement \(report.podNames[other.index]) scheduled on \(target) at \(candidate.time.short)",
                                     function: "scheduler: \(why)", event: later, rule: "scheduled")]
        }
        let kind = report.workloads[workload].kind
        let why = switch kind {
        case .statefulSet: "the StatefulSet creates \(report.podNames[pod.index]) again only once the old one is deleted, which its unreachable node never confirms"
        case .daemonSet, .staticPod: "a \(kind.rawValue) pod belongs on its node"
        case .deployment: "no node could take it before the run ended"
        }
        return [Explanation.Step(time: report.duration, text: "no replacement scheduled by \(report.duration.short): \(why)",
                                 function: "\(kind.rawValue) controller", event: nil, rule: "noReplacement")]
    }
}

extension Explainer {
    /// What `explain` could not answer in this run, one line each (empty: everything): an
    /// eviction whose chain does not reach a fault or the run's start with every link
    /// recorded, or an Unknown stretch without an eviction that names no rule that held.
    public func audit() -> [String] {
        var problems: [String] = []
        for index in chains.evictions {
            let (steps, complete) = chains.chain(to: index)
            if !complete {
                problems.append("line \(index + 2): \(timeline[index].name) \(report.podName(timeline[index].pod) ?? ""): chain stops at "
                                + (steps.first?.text ?? "nothing"))
            }
        }
        for node in report.nodeNames.indices.map(NodeID.init) {
            for span in unknownSpans(of: node) where evictionIndices(on: node, in: span).isEmpty {
                let answer = whyNot(span, pods: nil, evicted: [])
                if answer == nil || !(answer!.steps.contains { Self.heldRules.contains($0.rule) }) {
                    problems.append("\(report.nodeNames[node.index]) Unknown at \(timeline[span.start].time.short): no rule that held")
                }
            }
        }
        return problems
    }

    /// The step rules a why-not can end on: the rule that kept the pods.
    public static let heldRules: Set<String> = [
        "superEdgeStripped", "masterDisruption", "zoneRateZero", "readyBeforeTaint", "runEnded", "toleratedForever",
        "timerCancelled", "notTainted", "noPods",
    ]
}
