import EdgeSim

struct RunCommand: Command {
    static let name = "run"
    static let abstract = "Run a scenario and print its timeline, events or metrics."
    static let operands = "SCENARIO"

    static let mode = Option.value("--mode", "M", help: "kubernetes | openshift | superedge | openyurt | kubeedge (overrides the scenario's mode)")
    static let seed = Option.value("--seed", "N", help: "the seed for every random draw (overrides the scenario's)")
    static let set = Option.repeatable("--set", "KEY=VALUE", help: """
        a setting, named after the upstream flag (repeatable), e.g.
        --set node-monitor-grace-period=50s --set default-toleration-seconds=60
        """)
    static let variant = Option.value("--variant", "NAME", help: "run only this variant of the scenario (default: every variant)")
    static let format = Option.value("--format", "F", usage: Self.formats.joined(separator: "|"), help: """
        text (default, the golden format) | jsonl (one JSON event per line)
        | metrics (one JSON object of summary numbers per run, cloud_edge_bytes included)
        | csv (the events: time_s,event,node,pod,detail; one variant)
        | trace (Chrome trace-event JSON; open it in ui.perfetto.dev)
        | svg (a timeline picture: a lane per node, faults, Ready, taints,
        evictions, endpoints; variants stacked)
        | faults (the faults each run gets, scripted and drawn by its random
        processes, in time order; nothing is run)
        """)
    /// The report formats, and `faults`, which is no report: the schedule, read from the
    /// compiled scenario.
    static let formats = ReportFormat.allCases.map(\.rawValue) + ["faults"]
    static let out = Option.value("--out", "FILE", help: "write there, atomically, instead of standard output")
    static let noInvariants = Option.flag("--no-invariants", help: """
        skip the invariant checks after every event (for benchmarks); by
        default a broken invariant stops the run with exit code 3
        """)
    static let by = Option.value("--by", "G", usage: MetricsGrouping.spelling, help: """
        with --format metrics: one object per group (a workload, a kind, a
        zone, a site or a node label's value), with "by" and "group" keys
        """)
    static let check = Option.flag("--check", help: "check the expect lines too; exit 1 if one fails (failures on standard error)")
    static let events = Option.value("--events", "E1,E2", help: "show only these events (text, jsonl, csv), e.g. taint-added,pod-evicted")
    static let nodes = Option.value("--nodes", "N1,N2", help: "show only the events of these nodes and the faults that hit them")
    static let since = Option.value("--since", "T", help: "show only events at or after T (e.g. 5m)")
    static let until = Option.value("--until", "T", help: "show only events at or before T")
    static let initial = Option.flag("--initial", help: """
        text: print the initial placement whole (one line per event, as the
        golden reports do) instead of one line per workload
        """)
    static let options = [mode, seed, set, variant, format, out, noInvariants, by, check, events, nodes, since, until, initial]
        + BudgetOptions.all
    // Today's alignment, kept so that --help prints the same bytes.
    static let helpColumn = 19

    static var epilogue: String {
        "SETTINGS:\n" + SimulationSettings.keys.map { "  \($0.name.padding(toLength: 40, withPad: " ", startingAt: 0)) \($0.summary)" }
            .joined(separator: "\n")
            + "\n  " + "toleration:CLASS".padding(toLength: 40, withPad: " ", startingAt: 0)
            + " the not-ready/unreachable NoExecute tolerationSeconds (or forever) of workloads named by the glob CLASS"
    }

    var path: String
    var mode: Mode?
    var seed: UInt64?
    var overrides: [Setting]
    var variant: String?
    var format: ReportFormat
    /// `--format faults`: print the fault schedule instead of running.
    var schedule: Bool
    var out: String?
    var checksInvariants: Bool
    var budget: RunBudget
    var grouping: MetricsGrouping?
    var checksExpectations: Bool
    var view: TimelineView

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        checksInvariants = !arguments.flag(Self.noInvariants)
        budget = try BudgetOptions.parse(arguments)
        checksExpectations = arguments.flag(Self.check)
        grouping = try Self.parseGrouping(arguments.value(Self.by))
        if let text = arguments.value(Self.mode) {
            guard let mode = Mode(rawValue: text) else {
                throw UsageError(message: "--mode expects one of \(Mode.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\"")
            }
            self.mode = mode
        }
        seed = try Self.parseSeed(arguments.value(Self.seed))
        overrides = try Self.parseSettings(arguments.values(Self.set))
        variant = arguments.value(Self.variant)
        let formatText = arguments.value(Self.format) ?? "text"
        schedule = formatText == "faults"
        guard let format = schedule ? .text : ReportFormat(rawValue: formatText) else {
            throw UsageError(message: "--format expects one of \(Self.formats.joined(separator: ", ")), got \"\(formatText)\""
                             + NearMiss.hint(for: formatText, among: Self.formats))
        }
        self.format = format
        if grouping != nil && format != .metrics { throw UsageError(message: "--by splits metrics: it needs --format metrics") }
        view = try Self.parseView(arguments, format: format)
        out = arguments.value(Self.out)
        let rest = arguments.operands
        guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing SCENARIO" : "expected one SCENARIO, got \(rest.count)") }
        path = rest[0]
    }

    /// Whether the runs hold their timelines: the SVG and the trace draw from the whole of it,
    /// and `--by` splits metrics over it; every other format streams it (`simulateStreamed`).
    var holdsTimeline: Bool { format == .svg || format == .trace || grouping != nil }

    /// Prints each run's events as it goes (`TimelineTextStream`), into `StreamedOutput`.
    private func streamReports(_ runs: [CompiledScenario]) throws -> [RunReport] {
        let output = try StreamedOutput(out: out)
        var reports: [RunReport] = []
        do {
            for (index, compiled) in runs.enumerated() {
                let stream = TimelineTextStream(compiled, format: format, view: view, output: output, first: index == 0)
                let report = try simulateStreamed(compiled, renderer: stream, invariants: checksInvariants, budget: budget, priced: true)
                stream.finish(report)
                reports.append(report)
            }
        } catch {
            output.abort()
            throw error
        }
        try output.commit()
        return reports
    }

    static func parseSeed(_ text: String?) throws(UsageError) -> UInt64? {
        guard let text else { return nil }
        guard let seed = UInt64(text) else { throw UsageError(message: "--seed expects a whole number from 0 to \(UInt64.max), got \"\(text)\"") }
        return seed
    }

    /// --events, --nodes, --since, --until and --initial, for the formats that list events.
    static func parseView(_ arguments: ParsedArguments, format: ReportFormat) throws(UsageError) -> TimelineView {
        func list(_ option: Option) -> Set<String>? {
            arguments.value(option).map { Set($0.split(separator: ",").map(String.init)) }
        }
        func time(_ option: Option) throws(UsageError) -> SimTime? {
            guard let text = arguments.value(option) else { return nil }
            guard let time = SimTime.parse(text) else { throw UsageError(message: "\(option.name) expects a time such as 5m or 1h30m, got \"\(text)\"") }
            return time
        }
        var view = TimelineView(events: list(Self.events), nodes: list(Self.nodes), since: try time(Self.since), until: try time(Self.until),
                                summarisesInitialPlacement: !arguments.flag(Self.initial))
        for name in (view.events ?? []).sorted() where !TimelineEvent.names.contains(name) {
            throw UsageError(message: "--events expects event names such as taint-added, got \"\(name)\"" + NearMiss.hint(for: name, among: TimelineEvent.names))
        }
        if view.filters && ![.text, .jsonl, .csv].contains(format) {
            throw UsageError(message: "--events, --nodes, --since and --until choose events: they need --format text, jsonl or csv")
        }
        if format != .text { view.summarisesInitialPlacement = false }
        return view
    }

    static func parseGrouping(_ text: String?) throws(UsageError) -> MetricsGrouping? {
        guard let text else { return nil }
        guard let grouping = MetricsGrouping(parsing: text) else {
            throw UsageError(message: "--by expects \(MetricsGrouping.spelling), got \"\(text)\"")
        }
        return grouping
    }

    static func parseSettings(_ pairs: [String]) throws(UsageError) -> [Setting] {
        var settings: [Setting] = []
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw UsageError(message: "--set expects KEY=VALUE, got \"\(pair)\"") }
            settings.append(Setting(key: parts[0], value: parts[1]))
        }
        return settings
    }

    func validate() throws(ScenarioError) {
        if let out { try OutputPath.checkFile(out, flag: Self.out.name) }
    }

    /// Throws a `ScenarioError` for bad input (exit 2) or an `InvariantViolation` (exit 3);
    /// either way nothing is written.
    func run() throws -> Int32 {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        let runs = try ScenarioRunner(scenario: scenario, sourceMap: map)
            .compileAll(variant: variant, overrides: overrides, mode: mode, seed: seed)
        if schedule {
            let text = runs.map(FaultSchedule.text).joined(separator: "\n")
            if let out { try writeAtomically(text, to: out) } else { printOut(text) }
            return 0
        }
        if format.isSingleRun && runs.count > 1 {
            throw ScenarioError(file: "--format", location: "", message: "\(format.rawValue) holds one run and this scenario has \(runs.count) variants; "
                                + "pick one with --variant (" + runs.compactMap(\.variant).joined(separator: ", ") + ")")
        }
        for name in (view.nodes ?? []).sorted() where runs[0].nodeID(named: name) == nil {
            throw ScenarioError(file: "--nodes", location: "", message: "unknown node \(Echo.quoted(name))"
                                + NearMiss.hint(for: name, among: runs[0].nodes.map(\.name)))
        }
        // Every variant is priced before the first one runs.
        for compiled in runs { try budget.admit(compiled, holdsTimeline: holdsTimeline) }
        let reports: [RunReport]
        if TimelineTextStream.formats.contains(format) {
            reports = try streamReports(runs)
        } else {
            reports = try runs.map { compiled in
                holdsTimeline ? try simulateChecked(compiled, invariants: checksInvariants, budget: budget, priced: true)
                    : try simulateStreamed(compiled, invariants: checksInvariants, budget: budget, priced: true)
            }
            let text = grouping.map { by in reports.map { TimelineRenderer.metrics($0, by: by) }.joined() }
                ?? TimelineRenderer.render(reports, as: format, view: view)
            if let out { try writeAtomically(text, to: out) } else { printOut(text) }
        }
        guard checksExpectations else { return 0 }
        let failures = reports.flatMap { ExpectationResults($0, sourceMap: map).failures }
        for failure in failures { printError(failure.message + "\n") }
        return failures.isEmpty ? 0 : 1
    }
}
