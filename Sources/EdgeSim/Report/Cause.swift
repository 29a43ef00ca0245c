/// Why a timeline event happened: the rule that fired and the earlier event that led to it.
/// Carried on every `TimelineEvent` in memory and printed only by `edgesim explain`, the
/// trace's flow arrows and the SVG's hover titles; the text, JSONL and CSV formats never show
/// it, so goldens do not move. Integers only: stamping one costs a few stores per event.
public struct Cause: Sendable, Equatable {
    public var rule: CauseRule
    /// The timeline index of the event that led to this one; -1: none (the run's start).
    public var event: Int32
    /// The rule's number (see each `CauseRule` case): a time in µs, seconds, a rate, a count.
    public var value: Int64
    /// A second number for the rules that need one (a queue position, a zone's size).
    public var extra: Int32

    public init(_ rule: CauseRule, event: Int32 = -1, value: Int64 = 0, extra: Int32 = 0) {
        self.rule = rule; self.event = event; self.value = value; self.extra = extra
    }

    public static let none = Cause(.none)
}

/// The rules that decide an event, named after the upstream function that applies them.
public enum CauseRule: UInt8, Sendable {
    /// Not recorded (an event nobody asks `explain` about, or a write nobody stamped).
    case none
    /// A scripted fault line, or a write it made (`taint`, `drain`, `cordon`...).
    case scripted
    /// k8s: tryUpdateNodeHealth — no lease renewal or status for the grace period. `event`: the
    /// last fault that hit the node; `value`: the probe time (the last signal seen), µs;
    /// `extra`: the grace period, seconds.
    case graceExpired
    /// The kubelet (or an edge agent for it) posted a Ready status the controller stored.
    case statusPosted
    /// k8s: doNoExecuteTaintingPass — the node left its zone's rate-limited queue. `event`:
    /// the Ready change; `value`: the zone queue's rate, millionths of a node per second;
    /// `extra`: the node's position among those tainted in that pass (1-based).
    case noExecuteTaintingPass
    /// k8s: processTaintBaseEviction → SwapNodeControllerTaint (a node already tainted for the
    /// other condition). `event`: the Ready change.
    case swapNoExecuteTaint
    /// k8s: doNoScheduleTaintingPass — the Ready condition's NoSchedule taint. `event`: the Ready change.
    case noScheduleTaintingPass
    /// k8s: markNodeAsReachable — the node is Ready again (or every zone is fully disrupted).
    case markNodeAsReachable
    /// k8s: handleDisruption — every zone FullDisruption: master disruption mode.
    case masterDisruption
    /// k8s: ComputeZoneState + setLimiterInZone. `value`: the zone's new rate (millionths per
    /// second); `extra`: not-ready nodes << 16 | nodes counted.
    case computeZoneState
    /// k8s: MarkPodsNotReady. `event`: the Ready change.
    case markPodsNotReady
    /// k8s: tainteviction.processPodOnNode — the timer of the smallest tolerationSeconds ran
    /// out. `event`: the NoExecute taint-added; `value`: the seconds; `extra`: 1 when the
    /// toleration came from DefaultTolerationSeconds admission.
    case tolerationExpired
    /// k8s: tainteviction.processPodOnNode — a NoExecute taint the pod does not tolerate.
    case taintNotTolerated
    /// A webhook patched `unreachable:NoExecute` away (superedge: admission.nodeTaint).
    case admissionStripped
    /// OpenYurt podbinding rewrote the pod's tolerations (autonomy or delegated lease).
    case podBinding
    /// The scheduler bound the pod (k8s: schedulingCycle; TaintToleration filters tainted nodes).
    case scheduled
}

/// Something a controller declined to do, kept for the why-not answers: small, rare (a few per
/// pod per taint change) and kept only while a run holds its timeline.
public struct CauseHold: Sendable, Equatable {
    public enum Rule: UInt8, Sendable {
        /// k8s: tainteviction.processPodOnNode — every NoExecute taint tolerated without
        /// seconds: no timer. `event`: the taint-added.
        case toleratedForever
        /// A timer was set. `value`: when it fires, µs; `event`: the taint-added.
        case timerSet
        /// k8s: tainteviction.handleNodeUpdate — the node's NoExecute taints went before the
        /// timer fired (`value`: when it would have). `event`: the taint-removed.
        case timerCancelled
        /// superedge: admission.nodeTaint stripped `unreachable:NoExecute` before it was stored.
        case taintStripped
    }

    public var time: SimTime
    public var rule: Rule
    public var node: NodeID
    public var pod: PodID?
    public var event: Int32
    public var value: Int64
}

/// The API server's side of causes: the timeline index the next event will take, the last
/// events that later ones point back to, and the holds. Controllers read the indices here when
/// they stamp a write; the API server and the recorder keep them (`note`).
public struct CauseBook: Sendable {
    /// Events recorded so far: the timeline index of the next one.
    public internal(set) var recorded: Int32 = 0
    /// The last fault (start) that hit each node, and the last one with no node (the API server).
    var lastFault: [Int32] = []
    var lastFaultOnAll: Int32 = -1
    /// Each node's last Ready change and last NoExecute taint added.
    var readyChange: [Int32] = []
    var noExecuteTaint: [Int32] = []
    /// What a fault being applied writes through the API server is stamped with.
    var context = Cause.none
    /// Whether holds are kept (the run holds its timeline).
    var keepsHolds = false
    public internal(set) var holds: [CauseHold] = []

    mutating func register() {
        lastFault.append(-1); readyChange.append(-1); noExecuteTaint.append(-1)
    }

    /// The fault that last hit `node`, or the API server, whichever came later.
    func fault(of node: NodeID) -> Int32 { max(lastFault[node.index], lastFaultOnAll) }

    func readyChange(of node: NodeID) -> Int32 { readyChange[node.index] }
    func noExecuteTaint(of node: NodeID) -> Int32 { noExecuteTaint[node.index] }

    /// Stamps the context on an unstamped event, notes it, and gives it the next index.
    @inline(__always)
    mutating func note(_ event: inout TimelineEvent) {
        if event.cause.rule == .none { event.cause = context }
        switch event.kind {
        case .nodeReadyChanged:
            if let node = event.node { readyChange[node.index] = recorded }
            if event.cause.rule == .none { event.cause = Cause(.statusPosted) }
        case .taintAdded(let taint) where taint.hasSuffix(":NoExecute"):
            if let node = event.node { noExecuteTaint[node.index] = recorded }
        default: break
        }
        recorded += 1
    }

    /// A fault line was recorded: it is the last one to hit `nodes` (empty: every node).
    mutating func faultRecorded(hitting nodes: [NodeID]?) {
        let index = recorded - 1
        guard let nodes, !nodes.isEmpty else {
            if nodes != nil { lastFaultOnAll = index }
            return
        }
        for node in nodes { lastFault[node.index] = index }
    }

    mutating func hold(_ hold: CauseHold) {
        if keepsHolds { holds.append(hold) }
    }
}

extension RunReport {
    /// The one-line cause of timeline event `index` (the SVG's hover titles): the rule, the
    /// function that applied it and the event it points back to; nil when none was recorded.
    public func causeLine(of index: Int) -> String? {
        let event = timeline[index]
        let cause = event.cause
        let earlier = cause.event >= 0 && Int(cause.event) < index ? timeline[Int(cause.event)] : nil
        let after = earlier.map { " after " + "\($0.name) \(TimelineLines.textDetail($0, self))".trimmingCharacters(in: .whitespaces) + " at \($0.time.short)" } ?? ""
        switch cause.rule {
        case .none: return nil
        case .scripted: return event.isFault ? nil : "written by the fault line" + after
        case .graceExpired:
            return "nothing heard since the \(SimTime(microseconds: cause.value).short) pass, grace \(cause.extra)s (tryUpdateNodeHealth)"
                + (earlier.map { "; fault \($0.faultText) at \($0.time.short)" } ?? "")
        case .statusPosted: return "posted by the kubelet" + (earlier.map { "; fault \($0.faultText) at \($0.time.short)" } ?? "")
        case .noExecuteTaintingPass: return "zone queue at \(CausalChain.rate(cause.value)), position \(cause.extra) (doNoExecuteTaintingPass)" + after
        case .swapNoExecuteTaint: return "swapped for the other condition (processTaintBaseEviction)" + after
        case .noScheduleTaintingPass: return "the Ready condition's taint (doNoScheduleTaintingPass)" + after
        case .markNodeAsReachable: return "Ready again (markNodeAsReachable)" + after
        case .masterDisruption: return "every zone FullDisruption: master disruption mode (handleDisruption)"
        case .computeZoneState: return "queue rate \(CausalChain.rate(cause.value)) (ComputeZoneState, setLimiterInZone)"
        case .markPodsNotReady: return "MarkPodsNotReady" + after
        case .tolerationExpired: return "tolerated for \(cause.value)s, then evicted (taint eviction controller)" + after
        case .taintNotTolerated: return "taint not tolerated: evicted at once (processPodOnNode)" + after
        case .admissionStripped: return "SuperEdge edge-health admission stripped it (no nodeunhealth annotation)" + after
        case .podBinding: return "OpenYurt podbinding (node autonomy)"
        case .scheduled: return "scheduled" + after
        }
    }
}

extension TimelineEvent {
    var isFault: Bool { if case .fault = kind { true } else { false } }
    /// A fault line's statement, or the event's name.
    var faultText: String { if case .fault(_, let description, _) = kind { description } else { name } }
}
