/// The runs a sweep asks for: the cross product of modes × variants × grid values × seeds,
/// in that nesting (modes outermost, then variants, then grid keys in the order given with the
/// first key outermost, seeds innermost). A run is named by its index in that order, so any
/// machine can compute any slice of a sweep without talking to the others.
public struct SweepPlan: Sendable {
    /// One swept setting and the values it takes, in the order given.
    public struct Axis: Sendable, Equatable {
        public var key: String
        public var values: [String]
        public init(key: String, values: [String]) { self.key = key; self.values = values }
    }

    /// One run of the sweep, by its index in the plan's order.
    public struct Run: Sendable {
        public var index: Int
        /// Nil runs the scenario's own mode.
        public var mode: Mode?
        public var variant: Variant?
        /// One value per axis, in axis order.
        public var values: [String]
        public var seed: UInt64
    }

    /// Refused above this many runs: a typo in a seed range should not queue a year of work.
    public static let maxRuns = 10_000_000

    public let scenario: Scenario
    public let sourceMap: SourceMap
    public let modes: [Mode?]
    public let variants: [Variant?]
    public let grid: [Axis]
    public let seeds: [UInt64]
    public let count: Int

    /// The variant axis. With `--modes`, a variant that only picks a mode is the same run as
    /// another mode's: variants collapse to one per distinct settings list (none at all when no
    /// variant sets anything), as `edgesim compare` does.
    static func variants(of scenario: Scenario, modesGiven: Bool) -> [Variant?] {
        guard !scenario.variants.isEmpty else { return [nil] }
        guard modesGiven else { return scenario.variants.map { $0 } }
        var distinct: [Variant] = []
        for variant in scenario.variants where !distinct.contains(where: { $0.settings == variant.settings }) {
            distinct.append(variant)
        }
        return distinct.allSatisfy(\.settings.isEmpty) ? [nil] : distinct.map { $0 }
    }

    /// `modes` empty runs the scenario's own mode; `seeds` empty its own seed. Every run's
    /// settings are checked here (by compiling the first run of every mode and variant), so
    /// bad input fails before anything runs.
    public init(scenario: Scenario, sourceMap: SourceMap, modes: [Mode] = [], grid: [Axis] = [],
                seeds: [UInt64] = []) throws(ScenarioError) {
        self.scenario = scenario
        self.sourceMap = sourceMap
        self.modes = modes.isEmpty ? [nil] : modes
        variants = Self.variants(of: scenario, modesGiven: !modes.isEmpty)
        self.grid = grid
        self.seeds = seeds.isEmpty ? [scenario.seed] : seeds
        var keys: [String] = []
        let params = scenario.params.map(\.key)
        for axis in grid {
            guard !keys.contains(axis.key) else {
                throw ScenarioError(file: "--grid", location: "", message: "\(axis.key) is swept twice; give all its values in one --grid")
            }
            keys.append(axis.key)
            guard SimulationSettings.keyNames.contains(axis.key) || params.contains(axis.key) || WorkloadTolerationOverride.isKey(axis.key) else {
                throw ScenarioError(file: "--grid", location: "", message: "unknown setting or param \(quoted(axis.key))"
                                    + NearMiss.hint(for: axis.key, among: SimulationSettings.keyNames + params))
            }
        }
        var total = self.modes.count * variants.count
        for size in grid.map(\.values.count) + [self.seeds.count] {
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            guard !overflow, product <= Self.maxRuns else {
                throw ScenarioError(file: "--grid", location: "", message: "the sweep has more than \(Self.maxRuns) runs; split it")
            }
            total = product
        }
        count = total
        for mode in self.modes {
            for variant in variants {
                _ = try compile(Run(index: 0, mode: mode, variant: variant, values: grid.map { $0.values[0] }, seed: self.seeds[0]))
            }
        }
        // A param's values are judged where the scenario uses them: each is parsed once.
        for (axis, swept) in grid.enumerated() where params.contains(swept.key) {
            for value in swept.values.dropFirst() {
                var values = grid.map { $0.values[0] }
                values[axis] = value
                _ = try compile(Run(index: 0, mode: self.modes[0], variant: variants[0], values: values, seed: self.seeds[0]))
            }
        }
    }

    /// The run at `index` (0 ..< count): the index read as a mixed-radix number whose digits
    /// are, from the most significant, mode, variant, each axis, seed.
    public func run(_ index: Int) -> Run {
        precondition((0..<count).contains(index), "run index out of range")
        var rest = index
        let seed = seeds[rest % seeds.count]
        rest /= seeds.count
        var values = Array(repeating: "", count: grid.count)
        for axis in grid.indices.reversed() {
            values[axis] = grid[axis].values[rest % grid[axis].values.count]
            rest /= grid[axis].values.count
        }
        let variant = variants[rest % variants.count]
        rest /= variants.count
        return Run(index: index, mode: modes[rest], variant: variant, values: values, seed: seed)
    }

    /// The run as a scenario ready for a `World`: the scenario's settings, the variant's, then the
    /// swept values (which win).
    public func compile(_ run: Run) throws(ScenarioError) -> CompiledScenario {
        var scenario = self.scenario
        scenario.seed = run.seed
        let overrides = zip(grid, run.values).map { Setting(key: $0.key, value: $1) }
        do {
            return try ScenarioCompiler.compile(scenario, sourceMap: sourceMap, variant: run.variant, overrides: overrides, mode: run.mode)
        } catch where error.file == "--set" {
            throw ScenarioError(file: "--grid", location: "", message: error.message)
        }
    }

    /// The `edgesim run` command line that replays `run` alone: the scenario file, then the
    /// mode, variant, swept settings and seed that make it this run.
    public func replayCommand(_ run: Run) -> String {
        var words = ["edgesim", "run", sourceMap.file]
        if let mode = run.mode { words += ["--mode", mode.rawValue] }
        if let variant = run.variant { words += ["--variant", variant.name] }
        for (axis, value) in zip(grid, run.values) { words += ["--set", "\(axis.key)=\(value)"] }
        words += ["--seed", "\(run.seed)"]
        return words.map(Self.shellQuoted).joined(separator: " ")
    }

    /// A word as a POSIX shell reads it back: as it is when it holds only safe characters,
    /// otherwise in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0)) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The indices of shard `shard` (1-based) of `of`: round-robin, every `of`-th run starting at
    /// `shard - 1`, so slow settings spread over all shards and a missing shard leaves gaps a
    /// merge notices.
    public func indices(shard: Int, of shards: Int) -> [Int] {
        precondition(shards >= 1 && (1...shards).contains(shard), "shard out of range")
        return Array(stride(from: shard - 1, to: count, by: shards))
    }
}
