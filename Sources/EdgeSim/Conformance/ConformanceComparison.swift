import Foundation

/// A recorded real timeline lined up with edgesim's prediction of the same run (the
/// recording's scenario, variant and seed, with `node-monitor-phase` pinned to the real
/// controller-manager's measured phase, so that what is compared is which pass acts, not where
/// the passes happen to fall).
///
/// Pods are named differently on the two sides, so events pair by what identifies them apart
/// from the pod's name (`ConformanceEvent.key`: event, node, workload, detail), the k-th of a
/// key on one side with the k-th on the other. What stays unpaired is missing (edgesim has it,
/// the real run not) or extra; a missing and an extra scheduling event of the same workload on
/// different eligible nodes is a tie the real scheduler broke its own way (`selectHost` picks
/// at random among equal scores), reported as such and not as a failure, with the pod's later
/// events on that node.
public struct ConformanceComparison: Sendable {
    public enum Verdict: String, Sendable { case agrees, differs, tie, missing, extra }

    public struct Row: Sendable {
        public var key: String
        public var recorded: SimTime?
        public var simulated: SimTime?
        public var verdict: Verdict
        /// Recorded minus simulated, when both exist.
        public var difference: SimTime? {
            guard let recorded, let simulated else { return nil }
            return recorded - simulated
        }
    }

    /// An interval both sides observe, measured on each.
    public struct Interval: Sendable {
        public var name: String
        public var node: String
        public var recorded: SimTime
        public var simulated: SimTime
        public var difference: SimTime { recorded - simulated }
    }

    public let recording: ConformanceRecording
    public let tolerance: SimTime
    public private(set) var rows: [Row] = []
    public private(set) var intervals: [Interval] = []

    /// Events the driver cannot see on the real side, or that the warm-up settles before the
    /// start instant: the initial placement at 0 and each zone's first state.
    static let initialEvents: Set<String> = ["pod-scheduled", "pod-ready", "endpoint-added"]
    /// Scheduling decisions and what follows from them on the chosen node.
    static let placementEvents: Set<String> = ["pod-scheduled", "pod-ready", "endpoint-added", "pod-not-ready", "endpoint-removed"]

    public init(recording: ConformanceRecording, scenarioPath: String, toleranceMS: Int64) throws {
        let (scenario, map) = try ScenarioLoader.load(path: scenarioPath)
        guard scenario.name == recording.scenario else {
            throw ScenarioError(file: recording.file, location: "1:1",
                                message: "the recording is of scenario \(quoted(recording.scenario)), \(scenarioPath) is \(quoted(scenario.name))")
        }
        let phase = Setting(key: "node-monitor-phase", value: "\(recording.monitorPhase.microseconds)us")
        // The kubelets renewed as the plan said: the same jitter (or the exact grid) here.
        let ppm = recording.leaseRenewJitterPPM
        let jitter = Setting(key: "lease-renew-jitter", value: "\(ppm / 1_000_000).\(String(String(ppm % 1_000_000 + 1_000_000).dropFirst()))")
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map)
            .compileAll(variant: recording.variant, overrides: [phase, jitter], seed: recording.seed)
        guard runs.count == 1 else {
            throw ScenarioError(file: recording.file, location: "1:1", message: "the header names no variant and \(scenarioPath) has \(runs.count)")
        }
        let report = try simulateChecked(runs[0])
        self.init(recording: recording, simulated: Self.events(of: report), plan: ConformancePlan(runs[0]), tolerance: .milliseconds(toleranceMS))
    }

    init(recording: ConformanceRecording, simulated: [ConformanceEvent], plan: ConformancePlan, tolerance: SimTime) {
        self.recording = recording
        self.tolerance = tolerance
        let real = recording.events.filter { $0.time >= .zero && Self.compared($0) }
        rows = Self.pair(real: real, simulated: simulated, tolerance: tolerance)
        intervals = Self.intervals(rows: rows, renewals: plan.renewals)
    }

    /// Whether every compared time agrees and nothing is missing or extra (ties are fine).
    public var agrees: Bool { rows.allSatisfy { $0.verdict == .agrees || $0.verdict == .tie } && intervals.allSatisfy { abs($0.difference.microseconds) <= tolerance.microseconds } }

    /// The largest difference over events paired by key (not ties), in absolute value.
    public var largestDifference: SimTime {
        .microseconds(rows.filter { $0.verdict == .agrees || $0.verdict == .differs }.compactMap { $0.difference.map { abs($0.microseconds) } }.max() ?? 0)
    }

    // MARK: - The simulated side

    static func events(of report: RunReport) -> [ConformanceEvent] {
        var firstZoneState = Set<String>()
        var out: [ConformanceEvent] = []
        for event in report.timeline {
            let name = event.name
            if event.time == .zero && initialEvents.contains(name) { continue }
            let fields = Dictionary(event.fields(report).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            let detail: String
            switch event.kind {
            case .nodeReadyChanged(let status): detail = status.rawValue
            case .taintAdded(let taint), .taintRemoved(let taint): detail = taint
            case .endpointAdded(let service), .endpointRemoved(let service): detail = service
            case .zoneStateChanged(let zone, let state):
                // The warm-up before the start instant settles each zone's first state.
                if firstZoneState.insert(zone).inserted && state == .normal { continue }
                detail = zone + "=" + state.rawValue
            case .fault(_, let description, let phase): detail = description + " " + phase.rawValue
            default: detail = ""
            }
            let converted = ConformanceEvent(time: event.time, event: name, node: report.nodeName(event.node), pod: report.podName(event.pod),
                                             workload: fields["workload"], detail: detail)
            if compared(converted) { out.append(converted) }
        }
        return out
    }

    /// The events a real control plane shows through its API and logs.
    static func compared(_ event: ConformanceEvent) -> Bool {
        ["node-ready-changed", "taint-added", "taint-removed", "pod-not-ready", "pod-ready", "endpoint-added", "endpoint-removed",
         "pod-evicted", "pod-deleted", "pod-scheduled", "pod-restarted", "zone-state-changed", "fault"].contains(event.event)
    }

    // MARK: - Pairing

    static func pair(real: [ConformanceEvent], simulated: [ConformanceEvent], tolerance: SimTime) -> [Row] {
        var realByKey: [String: [ConformanceEvent]] = [:]
        var simByKey: [String: [ConformanceEvent]] = [:]
        for event in real { realByKey[event.key, default: []].append(event) }
        for event in simulated { simByKey[event.key, default: []].append(event) }
        var rows: [Row] = []
        var missing: [ConformanceEvent] = [], extra: [ConformanceEvent] = []
        for key in Set(realByKey.keys).union(simByKey.keys).sorted() {
            let r = (realByKey[key] ?? []).sorted { $0.time < $1.time }
            let s = (simByKey[key] ?? []).sorted { $0.time < $1.time }
            for i in 0..<max(r.count, s.count) {
                if i < r.count && i < s.count {
                    let agrees = abs((r[i].time - s[i].time).microseconds) <= tolerance.microseconds
                    rows.append(Row(key: key, recorded: r[i].time, simulated: s[i].time, verdict: agrees ? .agrees : .differs))
                } else if i < s.count {
                    missing.append(s[i])
                } else {
                    extra.append(r[i])
                }
            }
        }
        // Ties: the real scheduler put a pod of the same workload on another node.
        var unmatchedExtra = extra
        for sim in missing {
            if placementEvents.contains(sim.event),
               let index = unmatchedExtra.indices.filter({ unmatchedExtra[$0].event == sim.event && unmatchedExtra[$0].workload == sim.workload
                                                            && unmatchedExtra[$0].detail == sim.detail && unmatchedExtra[$0].node != sim.node })
                   .min(by: { abs((unmatchedExtra[$0].time - sim.time).microseconds) < abs((unmatchedExtra[$1].time - sim.time).microseconds) }) {
                let real = unmatchedExtra.remove(at: index)
                rows.append(Row(key: sim.key + " ~ node " + (real.node ?? ""), recorded: real.time, simulated: sim.time, verdict: .tie))
            } else {
                rows.append(Row(key: sim.key, recorded: nil, simulated: sim.time, verdict: .missing))
            }
        }
        for real in unmatchedExtra { rows.append(Row(key: real.key, recorded: real.time, simulated: nil, verdict: .extra)) }
        orderTies(&rows, tolerance: tolerance)
        return rows.sorted { ($0.simulated ?? $0.recorded!, $0.key) < ($1.simulated ?? $1.recorded!, $1.key) }
    }

    /// Events of one kind, workload and detail that differ node by node but happen at the same
    /// instants on both sides, in another order across nodes: which of the nodes queued in one
    /// pass the rate-limited queue taints first (k8s: `nodeLister.List()` ranges a map), and so
    /// whose pods go first and where their replacements land, is upstream's chance, not a
    /// timing error. A pass late on one node moves an instant, so the sorted times then differ
    /// and the rows stay `differs`.
    static func orderTies(_ rows: inout [Row], tolerance: SimTime) {
        func group(_ key: String) -> String {
            let p = key.split(separator: "|", omittingEmptySubsequences: false)
            return [p[0], p[2], p[3]].joined(separator: "|")
        }
        var differing: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() where row.verdict == .differs { differing[group(row.key), default: []].append(index) }
        for key in differing.keys.sorted() {
            let indices = differing[key]!
            guard indices.count >= 2 else { continue }
            let recorded = indices.map { rows[$0].recorded! }.sorted()
            let simulated = indices.map { rows[$0].simulated! }.sorted()
            guard zip(recorded, simulated).allSatisfy({ abs(($0 - $1).microseconds) <= tolerance.microseconds }) else { continue }
            for index in indices { rows[index].verdict = .tie }
        }
        // A replacement placed by such a tie starts on its node's own status-sync grid: its
        // Ready and endpoint follow the placement, not the order.
        let placed = Set(rows.filter { $0.verdict == .tie && $0.key.hasPrefix("pod-scheduled|") }.map { row -> String in
            let p = row.key.split(separator: "|", omittingEmptySubsequences: false)
            return p[1] + "|" + p[2]
        })
        for index in rows.indices where rows[index].verdict == .differs {
            let p = rows[index].key.split(separator: "|", omittingEmptySubsequences: false)
            if placementEvents.contains(String(p[0])) && placed.contains(p[1] + "|" + p[2]) { rows[index].verdict = .tie }
        }
    }

    // MARK: - Intervals

    /// The intervals the issue names, on each side, from paired events: lease renewal landed ->
    /// Unknown (the landing from the plan, which both sides play), Unknown -> unreachable
    /// NoExecute, NoExecute -> each eviction, the fault's end -> Ready True.
    static func intervals(rows: [Row], renewals: [ConformancePlan.Renewal]) -> [Interval] {
        let paired = rows.filter { $0.verdict == .agrees || $0.verdict == .differs }
        func parts(_ row: Row) -> [String] { row.key.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        var out: [Interval] = []
        for row in paired {
            let p = parts(row)
            let (event, node, detail) = (p[0], p[1], p[3])
            guard let recorded = row.recorded, let simulated = row.simulated else { continue }
            if event == "node-ready-changed" && detail == "Unknown" {
                // The newest renewal that landed before the simulated Unknown, on both sides.
                if let landed = renewals.filter({ $0.node == node && $0.arrival.map { $0 < simulated } ?? false }).compactMap(\.arrival).max() {
                    out.append(Interval(name: "lease landed -> Unknown", node: node, recorded: recorded - landed, simulated: simulated - landed))
                }
            }
            if event == "taint-added" && detail.hasSuffix("unreachable:NoExecute"),
               let unknown = paired.last(where: { let q = parts($0); return q[0] == "node-ready-changed" && q[1] == node && q[3] == "Unknown"
                                                   && $0.simulated! <= simulated }) {
                out.append(Interval(name: "Unknown -> NoExecute", node: node, recorded: recorded - unknown.recorded!, simulated: simulated - unknown.simulated!))
            }
            if event == "pod-evicted",
               let taint = paired.last(where: { let q = parts($0); return q[0] == "taint-added" && q[1] == node && q[3].hasSuffix(":NoExecute")
                                                 && $0.simulated! <= simulated }) {
                out.append(Interval(name: "NoExecute -> eviction " + p[2], node: node, recorded: recorded - taint.recorded!, simulated: simulated - taint.simulated!))
            }
            if event == "node-ready-changed" && detail == "True",
               let heal = paired.last(where: { let q = parts($0); return q[0] == "fault" && q[3].hasSuffix(" end") && $0.simulated! <= simulated }) {
                out.append(Interval(name: "heal -> Ready", node: node, recorded: recorded - heal.recorded!, simulated: simulated - heal.simulated!))
            }
        }
        return out
    }

    // MARK: - Reports

    public var text: String {
        var out = "conformance: \(recording.scenario)" + (recording.variant.map { " variant \($0)" } ?? "")
            + " seed \(recording.seed) against \(recording.kubernetesVersion), monitor phase \(Self.seconds(recording.monitorPhase))\n"
        out += "  time (sim)   recorded-sim   verdict   event\n"
        for row in rows {
            let time = Self.seconds(row.simulated ?? row.recorded!).padding(toLength: 12, withPad: " ", startingAt: 0)
            let difference = (row.difference.map(Self.signedSeconds) ?? "-").padding(toLength: 14, withPad: " ", startingAt: 0)
            out += "  \(time) \(difference) \(row.verdict.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(Self.readable(row.key))\n"
        }
        if !intervals.isEmpty {
            out += "intervals (recorded / edgesim / difference):\n"
            for interval in intervals {
                out += "  \(interval.node) \(interval.name): \(Self.seconds(interval.recorded)) / \(Self.seconds(interval.simulated)) / \(Self.signedSeconds(interval.difference))\n"
            }
        }
        let count = { (verdict: Verdict) in rows.filter { $0.verdict == verdict }.count }
        out += "\(rows.count) events: \(count(.agrees)) agree, \(count(.differs)) differ, \(count(.tie)) ties, "
            + "\(count(.missing)) missing, \(count(.extra)) extra; largest difference \(Self.seconds(largestDifference)) "
            + "(tolerance \(Self.seconds(tolerance))): \(agrees ? "agrees" : "DIFFERS")\n"
        return out
    }

    public var json: String {
        var object = JSONObject()
        object.add("agrees", raw: String(agrees))
        object.add("events", int: Int64(rows.count))
        object.add("kubernetes_version", string: recording.kubernetesVersion)
        object.add("largest_difference_us", int: largestDifference.microseconds)
        object.add("rows", raw: "[" + rows.map { row -> String in
            var entry = JSONObject()
            if let difference = row.difference { entry.add("difference_us", int: difference.microseconds) }
            entry.add("key", string: row.key)
            if let recorded = row.recorded { entry.add("recorded_us", int: recorded.microseconds) }
            if let simulated = row.simulated { entry.add("simulated_us", int: simulated.microseconds) }
            entry.add("verdict", string: row.verdict.rawValue)
            return entry.text
        }.joined(separator: ",") + "]")
        object.add("scenario", string: recording.scenario)
        if let variant = recording.variant { object.add("variant", string: variant) }
        return object.text + "\n"
    }

    static func readable(_ key: String) -> String {
        key.split(separator: "|", omittingEmptySubsequences: false).filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func seconds(_ time: SimTime) -> String {
        let micros = abs(time.microseconds)
        let text = "\(micros / 1_000_000).\(String(format: "%03d", (micros % 1_000_000) / 1_000))s"
        return time.microseconds < 0 ? "-" + text : text
    }

    static func signedSeconds(_ time: SimTime) -> String { time.microseconds >= 0 ? "+" + seconds(time) : seconds(time) }
}
