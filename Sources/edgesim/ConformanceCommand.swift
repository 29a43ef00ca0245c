import EdgeSim
import Foundation

/// `edgesim conformance plan|compare`: the two halves of checking edgesim against a real
/// control plane. `plan` tells the driver (`conformance/driver.py`) what edgesim's network lets
/// through; `compare` lines a recorded real timeline up with edgesim's prediction.
struct ConformanceCommand: Command {
    static let name = "conformance"
    static let abstract = "Check edgesim against a real control plane: plan a recording, compare one."
    static let operands = "plan SCENARIO"
    static let otherUsages = ["compare RECORDED.jsonl SCENARIO [--tolerance-ms N] [--format text|json]"]
    static let discussion = """
        plan: what conformance/driver.py needs to play SCENARIO's kubelets and network against a
        real kube-apiserver, kube-controller-manager and kube-scheduler, as JSONL: the nodes and
        workloads, each kubelet's lives and loop phases, when each lease renewal lands (or is
        lost), when each node's route to the API server port is up, power changes and API server
        outages, all from edgesim's own run of the scenario.

        compare: runs SCENARIO with the recording's variant, seed and measured monitor-pass
        phase, lines the two timelines up (pods by workload and node, not by name) and prints
        per event the recorded time minus edgesim's, the intervals both sides observe (lease
        landed -> Unknown, Unknown -> NoExecute, NoExecute -> eviction, heal -> Ready), missing
        and extra events, and scheduler ties. Exit 1 when a compared time differs by more than
        the tolerance or an event is missing or extra; 2 on a malformed recording.
        """

    static let variant = Option.value("--variant", "NAME", help: "plan: the variant to play (default: the scenario's only run)")
    static let seed = Option.value("--seed", "N", help: "plan: overrides the scenario's seed")
    static let set = Option.repeatable("--set", "KEY=VALUE", help: "plan: a setting (repeatable)")
    static let tolerance = Option.value("--tolerance-ms", "N", help: "compare: the largest difference that agrees (default 500)")
    static let format = Option.value("--format", "F", usage: "text|json", help: "compare: text (default) or json")
    static let options = [variant, seed, set, tolerance, format]

    enum Action: String { case plan, compare }

    var action: Action
    var paths: [String]
    var variant: String?
    var seed: UInt64?
    var overrides: [Setting]
    var toleranceMS: Int64
    var json: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        let rest = arguments.operands
        guard let first = rest.first else { throw UsageError(message: "missing plan or compare") }
        guard let action = Action(rawValue: first) else {
            throw UsageError(message: "expected plan or compare, got \"\(first)\"" + NearMiss.hint(for: first, among: ["plan", "compare"]))
        }
        self.action = action
        paths = Array(rest.dropFirst())
        let wanted = action == .plan ? 1 : 2
        guard paths.count == wanted else {
            throw UsageError(message: action == .plan ? "plan expects one SCENARIO" : "compare expects RECORDED.jsonl and SCENARIO")
        }
        variant = arguments.value(Self.variant)
        seed = try RunCommand.parseSeed(arguments.value(Self.seed))
        overrides = try RunCommand.parseSettings(arguments.values(Self.set))
        toleranceMS = 500
        if let text = arguments.value(Self.tolerance) {
            guard let value = Int64(text), value >= 0 else { throw UsageError(message: "--tolerance-ms expects a whole number of milliseconds, got \"\(text)\"") }
            toleranceMS = value
        }
        let formatText = arguments.value(Self.format) ?? "text"
        guard formatText == "text" || formatText == "json" else { throw UsageError(message: "--format expects text or json, got \"\(formatText)\"") }
        json = formatText == "json"
        if action == .compare && (variant != nil || seed != nil || !overrides.isEmpty) {
            throw UsageError(message: "compare takes the variant, seed and settings from the recording's header")
        }
    }

    func run() throws -> Int32 {
        switch action {
        case .plan:
            let (scenario, map) = try ScenarioLoader.load(path: paths[0])
            let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll(variant: variant, overrides: overrides, seed: seed)
            guard runs.count == 1 else {
                throw UsageError(message: "\(paths[0]) has \(runs.count) variants: pick one with --variant (\(scenario.variants.map(\.name).joined(separator: ", ")))")
            }
            guard runs[0].scenario.mode == .kubernetes else {
                throw UsageError(message: "a conformance plan plays vanilla Kubernetes kubelets: the run's mode is \(runs[0].scenario.mode.rawValue), expected kubernetes")
            }
            // The plan lists renewals on the exact grid; upstream's jittered loop with its
            // retries (lease-renew-jitter above 0) depends on each reply, which the driver would
            // have to play request by request.
            guard runs[0].settings.kubelet.leaseRenewJitterPPM == 0 else {
                throw UsageError(message: "a conformance plan plays kubelet lease renewals on the exact grid: set lease-renew-jitter 0 in the scenario or pass --set lease-renew-jitter=0")
            }
            printOut(ConformancePlan(runs[0]).text)
            return 0
        case .compare:
            let recording = try ConformanceRecording.load(path: paths[0])
            let comparison = try ConformanceComparison(recording: recording, scenarioPath: paths[1], toleranceMS: toleranceMS)
            printOut(json ? comparison.json : comparison.text)
            return comparison.agrees ? 0 : 1
        }
    }
}
