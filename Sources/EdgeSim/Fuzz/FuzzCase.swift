/// One fuzz case: the scenario generated from a seed, run in every implemented mode with
/// invariants on. A failure carries the scenario as it must be replayed (its mode set to the
/// one that failed), so `edgesim run` on the printed file reproduces it exactly.
public struct FuzzCase: Sendable {
    public let seed: UInt64
    public let scenario: Scenario

    public init(seed: UInt64) {
        self.seed = seed
        scenario = ScenarioGenerator.generate(seed: seed)
    }

    public enum Outcome: Sendable {
        case passed([RunReport])
        /// An invariant broke, or the generator made a scenario the compiler refuses.
        case failed(Failure)
    }

    public struct Failure: Sendable, Error {
        public var mode: Mode
        /// The scenario with `mode` set, ready to print and replay.
        public var scenario: Scenario
        public var message: String
    }

    /// Runs the case in each of `modes`, stopping at the first failure.
    public func run(modes: [Mode] = ScenarioCompiler.implementedModes) -> Outcome {
        var reports: [RunReport] = []
        for mode in modes {
            var replay = scenario
            replay.mode = mode
            let map = SourceMap(file: "fuzz-\(seed).scenario", origin: .json)
            do {
                for compiled in try ScenarioRunner(scenario: replay, sourceMap: map).compileAll() {
                    reports.append(try simulateChecked(compiled))
                }
            } catch let error as InvariantViolation {
                return .failed(Failure(mode: mode, scenario: replay, message: error.description))
            } catch {
                return .failed(Failure(mode: mode, scenario: replay, message: "the generated scenario is refused: \(error)"))
            }
        }
        return .passed(reports)
    }
}
