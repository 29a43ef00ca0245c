/// The why-not answers: a node went Unknown and (some of) its pods stayed. Which rule held
/// is read from what the run recorded at decision time: zone-state events and their counts
/// and rates, the NoExecute taints and their causes, and the holds (`CauseHold`: a toleration
/// without seconds, a timer cancelled, a taint a webhook stripped).
extension Explainer {
    /// Why `span` evicted none of `pods` (nil: every pod on the node); nil when every pod
    /// that ran there was evicted.
    func whyNot(_ span: UnknownSpan, pods: [PodID]?, evicted: [Int]) -> Explanation.Answer? {
        let node = span.node
        let name = report.nodeNames[node.index]
        let start = timeline[span.start].time
        let evictedPods = Set(evicted.compactMap { timeline[$0].pod })
        let range = span.start..<(span.endIndex ?? timeline.count)
        // A taint goes (and its timers with it) at the pass after Ready comes back: look up to
        // the node's next Unknown stretch.
        let horizon = unknownSpans(of: node).first { $0.start > span.start }.map { timeline[$0.start].time } ?? report.duration
        let holds = report.causeHolds.filter { $0.node == node && $0.time >= start && $0.time <= horizon }
        var steps = chains.chain(to: span.start).steps
        let noExecute = range.first { index in
            guard timeline[index].node == node, case .taintAdded(let taint) = timeline[index].kind else { return false }
            return taint.hasSuffix(":NoExecute")
        }
        let until = span.endIndex == nil ? "the run's end at \(span.end.short)" : "\(span.end.short), when it was Ready again"
        func held(_ rule: String, _ text: String, _ function: String?, at time: SimTime, event: Int? = nil) -> Explanation.Step {
            Explanation.Step(time: time, text: text, function: function, event: event, rule: rule)
        }
        if let taint = noExecute {
            steps += chains.steps(of: taint)
            let taintTime = timeline[taint].time
            let candidates = pods ?? podsOnNode(node, at: taintTime, until: span.end)
            var anyHeld = false
            for pod in candidates where !evictedPods.contains(pod) {
                let podName = report.podNames[pod.index]
                let own = holds.filter { $0.pod == pod }
                if let forever = own.last(where: { $0.rule == .toleratedForever }) {
                    let origin = toleranceOrigin(pod, before: range.upperBound)
                    steps.append(held("toleratedForever", "\(podName) tolerates the NoExecute taint without tolerationSeconds (\(origin)): no timer",
                                      "processPodOnNode (getMinTolerationTime: forever)", at: forever.time))
                    anyHeld = true
                } else if let cancelled = own.last(where: { $0.rule == .timerCancelled }) {
                    let fire = SimTime(microseconds: cancelled.value)
                    let removal = (span.start..<timeline.count).first { timeline[$0].node == node && timeline[$0].time == cancelled.time && { if case .taintRemoved = $0 { true } else { false } }(timeline[$0].kind) }
                    let how = removal.map { chains.steps(of: $0).first?.function ?? "" } ?? ""
                    steps.append(held("timerCancelled", "\(podName)'s eviction timer for \(fire.short) cancelled at \(cancelled.time.short): "
                                      + "the node's NoExecute taints were removed before it fired" + (how.isEmpty ? "" : " (\(how))"),
                                      "tainteviction handleNodeUpdate", at: cancelled.time, event: removal))
                    anyHeld = true
                } else if let timer = own.last(where: { $0.rule == .timerSet }) {
                    let fire = SimTime(microseconds: timer.value)
                    steps.append(held("runEnded", "\(podName)'s eviction timer fires at \(fire.short), after \(until)",
                                      "processPodOnNode (TimedWorker)", at: timer.time))
                    anyHeld = true
                } else if report.podCreated[pod.index] <= span.end {
                    steps.append(held("notTainted", "\(podName) was not on \(name) while its NoExecute taint stood", nil, at: taintTime))
                    anyHeld = true
                }
            }
            if !anyHeld {
                guard candidates.allSatisfy(evictedPods.contains), !candidates.isEmpty || pods == nil else { return nil }
                if candidates.isEmpty {
                    steps.append(held("noPods", "no pods ran on \(name) when it was tainted: nothing to evict", nil, at: taintTime))
                } else {
                    return nil
                }
            }
        } else {
            steps += untaintedReasons(span, holds: holds, until: until)
        }
        steps += halfOpenSteps(span)
        let who = pods.map { $0.map { report.podNames[$0.index] }.joined(separator: ", ") } ?? name
        return Explanation.Answer(kind: .whyNot, title: "why \(who) was not evicted while \(name) was Unknown from \(start.short) to \(span.end.short)",
                                  steps: steps, complete: true)
    }

    /// Why no NoExecute taint was stored while the node was Unknown.
    func untaintedReasons(_ span: UnknownSpan, holds: [CauseHold], until: String) -> [Explanation.Step] {
        let node = span.node
        let start = timeline[span.start].time
        let name = report.nodeNames[node.index]
        let range = span.start..<(span.endIndex ?? timeline.count)
        if let stripped = holds.first(where: { $0.rule == .taintStripped })
            ?? range.first(where: { timeline[$0].node == node && timeline[$0].cause.rule == .admissionStripped }).map({
                CauseHold(time: timeline[$0].time, rule: .taintStripped, node: node, pod: nil, event: Int32($0), value: 0) }) {
            return [Explanation.Step(time: stripped.time, text: "SuperEdge's edge-health admission webhook patched unreachable:NoExecute out of "
                                     + "\(name)'s update at \(stripped.time.short): Ready=Unknown and no nodeunhealth annotation (\(voters(node, range)))",
                                     function: "superedge edge-health-admission nodeTaint", event: nil, rule: "superEdgeStripped")]
        }
        // The zone's state while the node was Unknown: the last change before the span ended.
        let zone = ZoneLabels.displayName(chains.compiled.nodes[node.index].zoneKey)
        let zoneCount = Set(chains.compiled.nodes.map(\.zoneKey)).count
        var states: [String: ZoneState] = [:]
        var master: Int?
        var zoneState: Int?
        for index in 0..<range.upperBound {
            guard case .zoneStateChanged(let z, let state) = timeline[index].kind else { continue }
            states[z] = state
            if z == zone { zoneState = index }
            // Master disruption mode held during the span if it began in it or lasted into it.
            if states.count == zoneCount && states.values.allSatisfy({ $0 == .fullDisruption }) {
                if master == nil { master = index }
            } else if timeline[index].time < start {
                master = nil
            }
        }
        if let master {
            return [Explanation.Step(time: timeline[master].time, text: "every zone FullDisruption at \(timeline[master].time.short): "
                                     + "master disruption mode treats every node as reachable, no taint, every queue at rate 0",
                                     function: "handleDisruption (allAreFullyDisrupted)", event: master, rule: "masterDisruption")]
        }
        if let zoneState, case .zoneStateChanged(_, .partialDisruption) = timeline[zoneState].kind, timeline[zoneState].cause.value == 0 {
            let total = Int(timeline[zoneState].cause.extra & 0xffff)
            let threshold = chains.compiled.settings.nodeLifecycle.largeClusterSizeThreshold
            return [Explanation.Step(time: timeline[zoneState].time, text: "zone \(zone) PartialDisruption since \(timeline[zoneState].time.short)"
                                     + "\(chains.countsText(timeline[zoneState].cause.extra)), \(total) ≤ \(threshold) nodes "
                                     + "(large-cluster-size-threshold): rate 0, its queue holds \(name)",
                                     function: "ComputeZoneState, setLimiterInZone (ReducedQPSFunc)", event: zoneState, rule: "zoneRateZero")]
        }
        let version = chains.compiled.settings.kubernetesVersion
        let pass = version.taintsInTheUnknownPass ? "the tainting pass" : "the monitor pass after the Unknown one (Kubernetes \(version) queues a node a pass later) and the tainting pass"
        return [Explanation.Step(time: span.end, text: "\(name) was Unknown from \(start.short) to \(until): too short for \(pass) to taint it",
                                 function: "processTaintBaseEviction, doNoExecuteTaintingPass", event: span.endIndex,
                                 rule: span.endIndex == nil ? "runEnded" : "readyBeforeTaint")]
    }

    /// What the node's peers said: the nodeunhealth annotations in the span (none: no majority).
    func voters(_ node: NodeID, _ range: Range<Int>) -> String {
        let annotations = range.filter { timeline[$0].node == node && { if case .annotationAdded = $0 { true } else { false } }(timeline[$0].kind) }
        guard let first = annotations.first else {
            return "no majority of its edge-health peers judged it dead: they still reached it"
        }
        return "annotated at \(timeline[first].time.short), stripped before"
    }

    /// KubeEdge: EdgeHub stayed on its half-open connection through the span.
    func halfOpenSteps(_ span: UnknownSpan, before time: SimTime? = nil) -> [Explanation.Step] {
        guard report.mode == .kubeedge else { return [] }
        // A node CloudHub turned away never had a session to go half-open: say that instead.
        if let refused = sessionRefused(span) {
            return [Explanation.Step(time: timeline[refused].time, text: "CloudHub refused the EdgeHub of \(report.nodeNames[span.node.index]) at "
                                     + "\(timeline[refused].time.short): cloudcore already served cloudhub-node-limit nodes, so nothing of this node "
                                     + "reached the API server", function: "kubeedge cloudhub session manager (ReachLimit)", event: refused, rule: "sessionRefused")]
        }
        let range = span.start..<(span.endIndex ?? timeline.count)
        let disconnected = range.first { timeline[$0].node == span.node && { if case .edgeHubDisconnected = $0 { true } else { false } }(timeline[$0].kind) }
        if let disconnected, timeline[disconnected].time > time ?? span.end {
            return [Explanation.Step(time: timeline[span.start].time, text: "EdgeHub on \(report.nodeNames[span.node.index]) still believed it was connected "
                                     + "(half-open) until it gave up at \(timeline[disconnected].time.short): its keepalives went unanswered without an error",
                                     function: "kubeedge edgehub keepalive (half-open detection)", event: disconnected, rule: "halfOpen")]
        }
        if let disconnected {
            return [Explanation.Step(time: timeline[disconnected].time, text: "EdgeHub on \(report.nodeNames[span.node.index]) disconnected at "
                                     + "\(timeline[disconnected].time.short)", function: "kubeedge edgehub keepalive", event: disconnected, rule: "disconnected")]
        }
        return [Explanation.Step(time: timeline[span.start].time, text: "EdgeHub on \(report.nodeNames[span.node.index]) still believed it was connected "
                                 + "(half-open): its keepalives went unanswered without an error, so it neither reconnected nor reported",
                                 function: "kubeedge edgehub keepalive (half-open detection)", event: nil, rule: "halfOpen")]
    }

    /// The node's last session event before the span began, when it is a refusal.
    func sessionRefused(_ span: UnknownSpan) -> Int? {
        for index in stride(from: span.start, through: 0, by: -1) where timeline[index].node == span.node {
            switch timeline[index].kind {
            case .cloudHubRefused: return index
            case .edgeHubConnected: return nil
            default: continue
            }
        }
        return nil
    }

    /// Pods bound to `node` and active at some point in [`time`, `end`].
    func podsOnNode(_ node: NodeID, at time: SimTime, until end: SimTime) -> [PodID] {
        var pods: [PodID] = []
        var gone = Set<PodID>()
        for event in timeline where event.node == node && event.time <= end {
            guard let pod = event.pod else { continue }
            switch event.kind {
            case .podScheduled: if !pods.contains(pod) { pods.append(pod) }
            case .podDeleted, .podDrained: if event.time < time { gone.insert(pod) }
            case .podEvicted: if event.time < time { gone.insert(pod) }
            default: break
            }
        }
        return pods.filter { !gone.contains($0) }
    }

    func toleranceOrigin(_ pod: PodID, before end: Int) -> String {
        if let rewrite = (0..<end).last(where: { timeline[$0].pod == pod && { if case .tolerationsChanged = $0 { true } else { false } }(timeline[$0].kind) }),
           case .tolerationsChanged(let detail) = timeline[rewrite].kind {
            return "OpenYurt podbinding rewrote them at \(timeline[rewrite].time.short): \(detail)"
        }
        let workload = chains.compiled.workloads[report.podWorkloadIndex[pod.index]]
        return switch workload.kind {
        case .staticPod: "a static pod tolerates everything"
        case .daemonSet: "the DaemonSet controller adds not-ready and unreachable without seconds"
        case .deployment, .statefulSet: "its pod template says so"
        }
    }

    /// A node that never went Unknown: what kept it Ready.
    func neverUnknown(_ node: NodeID) -> Explanation.Answer {
        let name = report.nodeNames[node.index]
        var steps: [Explanation.Step] = []
        let faults = report.faultSpans.filter { $0.nodes.contains(node) }
        for fault in faults {
            steps.append(Explanation.Step(time: fault.start, text: "fault: \(fault.start.short) \(fault.text)", function: nil, event: nil, rule: "scripted"))
        }
        let delegated = timeline.indices.first { timeline[$0].node == node && timeline[$0].kind == .taintAdded(OpenYurtNames.unschedulableNoSchedule.description) }
        if let delegated {
            steps.append(Explanation.Step(time: timeline[delegated].time, text: "\(name)'s lease kept arriving through its pool leader: OpenYurt delegated "
                                          + "heartbeats (openyurt.io/delegate-heartbeat), so the node lifecycle controller saw it renewed and "
                                          + "delegatelease tainted it unschedulable instead", function: "openyurt delegatelease", event: delegated, rule: "delegated"))
        } else if !faults.isEmpty {
            let path = report.mode == .kubeedge ? " (through EdgeHub's WebSocket to CloudHub, port 10000)" : ""
            steps.append(Explanation.Step(time: faults[0].start, text: "\(name)'s lease renewals or status kept reaching the API server\(path) within the grace period",
                                          function: "tryUpdateNodeHealth", event: nil, rule: "renewed"))
        }
        return Explanation.Answer(kind: .note, title: "\(name) never went Ready=Unknown", steps: steps, complete: true)
    }
}
