/// The sweep's command-line values, parsed into checked values with errors that name the flag.
public enum SweepArguments {
    /// `KEY=v1,v2,...`: every value valid for a known setting. A key that is no setting may be
    /// one of the scenario's params: `SweepPlan` judges it once the scenario is read.
    public static func axis(_ text: String, flag: String = "--grid") throws(ScenarioError) -> SweepPlan.Axis {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ScenarioError(file: flag, location: "", message: "expected KEY=v1,v2,..., got \"\(text)\"")
        }
        let values = parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for value in values {
            guard !value.isEmpty else {
                throw ScenarioError(file: flag, location: "", message: "an empty value in \"\(text)\"")
            }
            var probe = SimulationSettings()
            if SimulationSettings.keyNames.contains(parts[0]), let bad = probe.apply([Setting(key: parts[0], value: value)]) {
                throw ScenarioError(file: flag, location: "", message: bad.message)
            }
            if WorkloadTolerationOverride.isKey(parts[0]), case .failure(let bad) = WorkloadTolerationOverride.parse(Setting(key: parts[0], value: value)) {
                throw ScenarioError(file: flag, location: "", message: bad.message)
            }
        }
        guard Set(values).count == values.count else {
            throw ScenarioError(file: flag, location: "", message: "a value is given twice in \"\(text)\"")
        }
        return SweepPlan.Axis(key: parts[0], values: values)
    }

    /// `1..20` (inclusive), `1,5,9`, or a mix such as `1..5,9`.
    public static func seeds(_ text: String) throws(ScenarioError) -> [UInt64] {
        var seeds: [UInt64] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            if let range = item.range(of: "..") {
                guard let low = UInt64(item[..<range.lowerBound]), let high = UInt64(item[range.upperBound...]), low <= high else {
                    throw ScenarioError(file: "--seeds", location: "", message: "expected a range such as 1..20, got \"\(item)\"")
                }
                guard high - low < UInt64(SweepPlan.maxRuns) - UInt64(seeds.count) else {
                    throw ScenarioError(file: "--seeds", location: "", message: "at most \(SweepPlan.maxRuns) seeds")
                }
                seeds += Array(low...high)
            } else {
                guard let seed = UInt64(item) else {
                    throw ScenarioError(file: "--seeds", location: "", message: "expected seeds such as 1..20 or 1,5,9, got \"\(item)\"")
                }
                seeds.append(seed)
            }
        }
        guard Set(seeds).count == seeds.count else {
            throw ScenarioError(file: "--seeds", location: "", message: "a seed is given twice in \"\(text)\"")
        }
        return seeds
    }

    /// `kubernetes,openshift`: modes the engine runs.
    public static func modes(_ text: String) throws(ScenarioError) -> [Mode] {
        var modes: [Mode] = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let names = ScenarioCompiler.implementedModes.map(\.rawValue)
            guard let mode = Mode(rawValue: word), ScenarioCompiler.implementedModes.contains(mode) else {
                throw ScenarioError(file: "--modes", location: "", message: "expected modes among \(names.joined(separator: ", ")), got \"\(word)\""
                                    + (Mode(rawValue: word) != nil ? " (not implemented yet)" : NearMiss.hint(for: word, among: names)))
            }
            guard !modes.contains(mode) else {
                throw ScenarioError(file: "--modes", location: "", message: "\(word) is given twice")
            }
            modes.append(mode)
        }
        return modes
    }

    /// `K/N`: shard K (1-based) of N.
    public static func shard(_ text: String) throws(ScenarioError) -> (shard: Int, of: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            throw ScenarioError(file: "--shard", location: "", message: "expected K/N with 1 <= K <= N, such as 2/8, got \"\(text)\"")
        }
        return (k, n)
    }
}
