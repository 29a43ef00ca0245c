/// `toleration:CLASS=SECONDS`: a per-workload-class override of how long pods tolerate an
/// unreachable or not-ready node, given where settings are given on the command line
/// (`run --set`, `sweep --grid`, `tune --space`). CLASS is a glob over workload names (`*` any
/// run of characters, `?` one: `pos-*`, `catalog`, `*`); the matching workloads' NoExecute
/// tolerations of `node.kubernetes.io/unreachable` and `node.kubernetes.io/not-ready` are
/// replaced by ones with `tolerationSeconds: SECONDS` (`forever`: no tolerationSeconds), as a pod
/// template that writes them would. The DefaultTolerationSeconds admission then adds nothing
/// to those pods (k8s: plugin/pkg/admission/defaulttolerationseconds, which adds a default only
/// when the pod tolerates neither taint).
public struct WorkloadTolerationOverride: Equatable, Sendable {
    public static let prefix = "toleration:"

    public var glob: String
    /// Nil tolerates forever.
    public var seconds: Int64?

    public static func isKey(_ key: String) -> Bool { key.hasPrefix(prefix) }

    /// The override a setting asks for, or the message that says what was expected.
    public static func parse(_ setting: Setting) -> Result<WorkloadTolerationOverride, ScenarioError> {
        let glob = String(setting.key.dropFirst(prefix.count))
        guard !glob.isEmpty, glob.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.*?".contains($0)) }) else {
            return .failure(problem("expected toleration:CLASS with CLASS a workload name or glob such as pos-*, got \(quoted(setting.key))"))
        }
        if setting.value == "forever" { return .success(WorkloadTolerationOverride(glob: glob, seconds: nil)) }
        if let n = Int64(setting.value), (0...ScenarioCompiler.maxTolerationSeconds).contains(n) {
            return .success(WorkloadTolerationOverride(glob: glob, seconds: n))
        }
        if let time = SimTime.parse(setting.value, limit: .seconds(ScenarioCompiler.maxTolerationSeconds)),
           time.microseconds % 1_000_000 == 0 {
            return .success(WorkloadTolerationOverride(glob: glob, seconds: time.wholeSeconds))
        }
        return .failure(problem("expected whole seconds (300, 5m) or forever for \(setting.key), got \(quoted(setting.value))"))
    }

    static func problem(_ message: String) -> ScenarioError { ScenarioError(file: "--set", location: "", message: message) }

    /// `scenario` with every override applied in order (a later one wins for a workload both
    /// match). A glob that matches no workload is an error naming the workloads there are.
    public static func apply(_ settings: [Setting], to scenario: inout Scenario) throws(ScenarioError) {
        for setting in settings where isKey(setting.key) {
            let override = try parse(setting).get()
            let matched = scenario.workloads.indices.filter { ScenarioCompiler.glob(override.glob, matches: scenario.workloads[$0].name) }
            guard !matched.isEmpty else {
                throw problem("\(setting.key) matches no workload (there are: "
                              + scenario.workloads.map(\.name).joined(separator: ", ") + ")")
            }
            for index in matched { override.apply(to: &scenario.workloads[index]) }
        }
    }

    func apply(to workload: inout WorkloadDecl) {
        let keys = [Taint.unreachableKey, Taint.notReadyKey]
        workload.tolerations.removeAll { decl in
            decl.key.map(keys.contains) ?? false && (decl.effect == nil || decl.effect == .noExecute)
        }
        for key in keys { workload.tolerations.append(TolerationDecl(key: key, effect: .noExecute, seconds: seconds)) }
    }

    /// The workloads CLASS selects, in scenario order.
    public static func workloads(matching glob: String, in scenario: Scenario) -> [String] {
        scenario.workloads.map(\.name).filter { ScenarioCompiler.glob(glob, matches: $0) }
    }
}
