import EdgeSim

/// `edgesim validate`: parse and compile a scenario without running it.
struct ValidateCommand: Command {
    static let name = "validate"
    static let abstract = "Check a scenario file; with --json print its canonical JSON."
    static let operands = "FILE"

    static let json = Option.flag("--json", help: "print the scenario as canonical JSON (the form .json scenarios take)")
    static let estimate = Option.flag("--estimate", help: "print each run's estimated work and memory, as the budget sees it, streamed and held (svg, trace, --by)")
    static let options = [json, estimate]
    // Today's alignment, kept so that --help prints the same bytes.
    static let helpColumn = 10

    var path: String
    var json: Bool
    var estimate: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        json = arguments.flag(Self.json)
        estimate = arguments.flag(Self.estimate)
        let rest = arguments.operands
        guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing FILE" : "expected one FILE, got \(rest.count)") }
        path = rest[0]
    }

    func run() throws(ScenarioError) -> Int32 {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
        if json {
            printOut(ScenarioLoader.canonicalJSON(scenario))
        } else {
            let drawn = scenario.processes.isEmpty ? ""
                : ", \(scenario.processes.count) random processes (\(runs[0].faults.count - scenario.faults.count) faults drawn with seed \(runs[0].seed))"
            printOut("\(path): ok: \(scenario.nodes.count) nodes, \(scenario.workloads.count) workloads, \(scenario.faults.count) faults\(drawn), "
                     + "\(scenario.expectations.count) expectations, \(runs.count) run\(runs.count == 1 ? "" : "s")\n")
        }
        if estimate {
            let budget = RunBudget()
            for compiled in runs {
                let name = compiled.variant.map { "variant \($0)" } ?? "run"
                // Most formats stream the timeline; the SVG, the trace and --by hold it whole.
                for (holds, label) in [(false, name), (true, name + " holding its timeline (--format svg|trace, --by)")] {
                    let cost = WorkEstimate(compiled, holdsTimeline: holds)
                    let fits = cost.events <= budget.maxEvents && cost.bytes <= budget.maxBytes
                    printOut("\(label): \(cost.description); " + (fits ? "within" : "over") + " the default budget\n")
                }
            }
        }
        return 0
    }
}
