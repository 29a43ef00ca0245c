/// Walks a held run's timeline back along each event's `Cause` and says each link in the
/// upstream's terms. Reads only what the run recorded (the events' causes, the holds) and the
/// compiled scenario's settings; nothing is simulated again.
public struct CausalChain {
    public let report: RunReport
    public let compiled: CompiledScenario
    var timeline: [TimelineEvent] { report.timeline }

    public init(report: RunReport, compiled: CompiledScenario) {
        self.report = report; self.compiled = compiled
    }

    /// The event's chain, first cause first, and whether it is complete: every link recorded,
    /// and the first a scripted fault or a rule that needs none (the run's start).
    public func chain(to index: Int) -> (steps: [Explanation.Step], complete: Bool) {
        var indices: [Int] = []
        var current = index
        while current >= 0 {
            indices.append(current)
            let next = Int(timeline[current].cause.event)
            guard next < current else { break }
            current = next
        }
        let root = timeline[indices.last!]
        let complete = indices.allSatisfy { timeline[$0].cause.rule != .none }
            && (root.cause.rule == .scripted || root.cause.event < 0)
        return (indices.reversed().flatMap { steps(of: $0) }, complete)
    }

    /// The timeline indices whose chains `explain` must complete: every taint eviction.
    public var evictions: [Int] { timeline.indices.filter { timeline[$0].isEviction } }

    // MARK: - One link

    func steps(of index: Int) -> [Explanation.Step] {
        let event = timeline[index]
        let cause = event.cause
        let node = report.nodeName(event.node) ?? "-"
        let pod = report.podName(event.pod) ?? "-"
        func step(_ text: String, _ function: String?, at time: SimTime? = nil, event: Int? = index) -> Explanation.Step {
            Explanation.Step(time: time ?? self.timeline[index].time, text: text, function: function, event: event, rule: "\(cause.rule)")
        }
        switch event.kind {
        case .fault(_, let description, let phase):
            return [step("fault\(phase == .end ? " ends" : ""): \(event.time.short) \(description)", nil)]
        case .nodeReadyChanged(let status):
            switch cause.rule {
            case .graceExpired:
                let probe = SimTime(microseconds: cause.value)
                return [step("last lease renewal or status seen by the node lifecycle controller for \(node): its \(probe.short) pass",
                             "tryUpdateNodeHealth (probeTimestamp)", at: probe, event: nil),
                        step("grace \(cause.extra)s passed: \(node) Ready=Unknown at the \(event.time.short) pass", "tryUpdateNodeHealth")]
            default:
                return [step("\(node) Ready=\(status.rawValue) at \(event.time.short), as its kubelet posted it", "kubelet setNodeReadyCondition")]
            }
        case .taintAdded(let taint):
            switch cause.rule {
            case .noExecuteTaintingPass:
                return zoneSteps(of: event.node, before: index, rate: cause.value)
                    + [step("\(short(taint)) on \(node) at \(event.time.short) (queue position \(cause.extra))", "doNoExecuteTaintingPass")]
            case .swapNoExecuteTaint:
                return [step("\(short(taint)) on \(node) at \(event.time.short), swapped for the other condition's taint",
                             "processTaintBaseEviction (SwapNodeControllerTaint)")]
            case .noScheduleTaintingPass:
                return [step("\(short(taint)) on \(node) at \(event.time.short)", "doNoScheduleTaintingPass")]
            case .scripted:
                return [step("\(short(taint)) on \(node) at \(event.time.short), written by the fault line", "kubectl taint")]
            default:
                return [step("\(short(taint)) on \(node) at \(event.time.short)", nil)]
            }
        case .taintRemoved(let taint):
            let function: String? = switch cause.rule {
            case .markNodeAsReachable: "markNodeAsReachable"
            case .masterDisruption: "handleDisruption (master disruption mode: markNodeAsReachable on every node)"
            case .admissionStripped: "superedge edge-health-admission nodeTaint"
            case .noScheduleTaintingPass: "doNoScheduleTaintingPass"
            case .swapNoExecuteTaint: "processTaintBaseEviction (SwapNodeControllerTaint)"
            case .noExecuteTaintingPass: "doNoExecuteTaintingPass"
            case .scripted: "kubectl taint"
            default: nil
            }
            return [step("\(short(taint)) removed from \(node) at \(event.time.short)", function)]
        case .zoneStateChanged(let zone, let state):
            return [step("zone \(zone) \(state.rawValue) at \(event.time.short)\(countsText(cause.extra)): queue rate \(Self.rate(cause.value))",
                         cause.rule == .masterDisruption ? "handleDisruption (every zone FullDisruption)" : "ComputeZoneState, setLimiterInZone")]
        case .podNotReady where cause.rule == .markPodsNotReady:
            return [step("\(pod) marked not ready at \(event.time.short)", "MarkPodsNotReady")]
        case .podEvicted:
            return evictionSteps(index)
        case .tolerationsChanged(let detail):
            return [step("OpenYurt podbinding rewrote \(pod)'s NoExecute tolerations at \(event.time.short): \(detail)",
                         "openyurt podbinding (autonomy / node-autonomy-duration)")]
        case .podDrained:
            return [step("\(pod) evicted by the operator at \(event.time.short)", "kubectl drain (Eviction API)")]
        default:
            let detail = TimelineLines.textDetail(event, report)
            return [step("\(event.name) \(node) \(detail) at \(event.time.short)".replacingOccurrences(of: "  ", with: " "), nil)]
        }
    }

    /// The pod's toleration, then the eviction.
    func evictionSteps(_ index: Int) -> [Explanation.Step] {
        let event = timeline[index]
        let cause = event.cause
        let pod = report.podName(event.pod) ?? "-"
        let rule = "\(cause.rule)"
        let taintEvent = cause.event >= 0 ? timeline[Int(cause.event)] : nil
        var taint = "NoExecute taint"
        if let taintEvent, case .taintAdded(let text) = taintEvent.kind { taint = short(text) }
        switch cause.rule {
        case .tolerationExpired:
            let start = event.time - .seconds(cause.value)
            return [Explanation.Step(time: start, text: "\(pod) tolerates \(taint) for \(cause.value)s (\(tolerationOrigin(event.pod!, taint: taint, before: index))): timer set at \(start.short)",
                                     function: "processPodOnNode (getMinTolerationTime)", event: nil, rule: rule),
                    Explanation.Step(time: event.time, text: "\(pod) evicted at \(event.time.short)", function: "taint eviction controller (TimedWorker fired)",
                                     event: index, rule: rule)]
        case .taintNotTolerated:
            return [Explanation.Step(time: event.time, text: "\(pod) does not tolerate \(taint): evicted at once at \(event.time.short)",
                                     function: "processPodOnNode", event: index, rule: rule)]
        default:
            return [Explanation.Step(time: event.time, text: "\(pod) evicted at \(event.time.short)", function: nil, event: index, rule: rule)]
        }
    }

    /// The zone the node was in when the tainting pass took it: its state then, and the rate.
    func zoneSteps(of node: NodeID?, before index: Int, rate: Int64) -> [Explanation.Step] {
        guard let node else { return [] }
        let zone = ZoneLabels.displayName(compiled.nodes[node.index].zoneKey)
        guard let last = (0..<index).last(where: { if case .zoneStateChanged(zone, _) = timeline[$0].kind { return true } else { return false } }),
              case .zoneStateChanged(_, let state) = timeline[last].kind else { return [] }
        let cause = timeline[last].cause
        return [Explanation.Step(time: timeline[last].time,
                                 text: "zone \(zone) \(state.rawValue) since \(timeline[last].time.short)\(countsText(cause.extra)) then: queue rate \(Self.rate(rate))",
                                 function: "ComputeZoneState, setLimiterInZone", event: last, rule: "\(cause.rule)")]
    }

    func countsText(_ packed: Int32) -> String {
        let notReady = Int(packed >> 16), total = Int(packed & 0xffff)
        return total == 0 ? "" : ", \(notReady) of \(total) not ready"
    }

    /// Where the pod's toleration of `taint` came from: OpenYurt's rewrite, the template, the
    /// DaemonSet controller, or DefaultTolerationSeconds admission.
    func tolerationOrigin(_ pod: PodID, taint: String, before index: Int) -> String {
        if let rewrite = (0..<index).last(where: { timeline[$0].pod == pod && { if case .tolerationsChanged = $0 { true } else { false } }(timeline[$0].kind) }) {
            return "rewritten by OpenYurt podbinding at \(timeline[rewrite].time.short)"
        }
        let workload = compiled.workloads[report.podWorkloadIndex[pod.index]]
        switch workload.kind {
        case .staticPod: return "a static pod tolerates everything"
        case .daemonSet: return "added by the DaemonSet controller"
        case .deployment, .statefulSet:
            let key = taint.split(separator: ":").first.map(String.init) ?? taint
            let full = key.contains("/") ? key : "node.kubernetes.io/" + key
            let fromTemplate = workload.tolerations.contains { ($0.key == nil || $0.key == full) && ($0.effect == nil || $0.effect == .noExecute) }
            return fromTemplate ? "from the pod template" : "added by DefaultTolerationSeconds admission"
        }
    }

    /// `unreachable:NoExecute` for `node.kubernetes.io/unreachable:NoExecute`.
    func short(_ taint: String) -> String {
        taint.hasPrefix("node.kubernetes.io/") ? String(taint.dropFirst("node.kubernetes.io/".count)) : taint
    }

    /// `0.1/s` for 100,000 millionths of a node per second.
    static func rate(_ micro: Int64) -> String {
        if micro == 0 { return "0 (nothing is tainted)" }
        var frac = String(micro % 1_000_000)
        while frac.count < 6 { frac = "0" + frac }
        while frac.hasSuffix("0") { frac.removeLast() }
        return "\(micro / 1_000_000)" + (frac.isEmpty ? "" : "." + frac) + "/s"
    }
}
