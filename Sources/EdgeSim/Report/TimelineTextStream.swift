/// Where a streamed report's text goes, piece by piece (the command line's buffered file or
/// standard output; a string in tests).
public protocol TextOutput: AnyObject {
    func write(_ text: String)
}

/// Collects the text in memory: for tests and for a golden compared whole.
public final class StringOutput: TextOutput {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// `run --format text|jsonl|csv` while the run goes: each event is printed as its batch is
/// handed over, through `TimelineLines`, so the output is byte for byte what the held
/// renderers print. Holds only the events at +0 when the text format folds the initial
/// placement into one line per workload (it needs them all), until the clock moves on.
public final class TimelineTextStream: TimelineStream {
    public static let formats: [ReportFormat] = [.text, .jsonl, .csv]

    private let format: ReportFormat
    private let view: TimelineView
    private let output: any TextOutput
    private var names: LiveNames
    private let width: Int
    /// The events at +0, held while the initial placement is to be summarised.
    private var atStart: [TimelineEvent] = []
    private var startPrinted: Bool

    /// Prints the run's header at once (`first`: the first run of the output; text runs are
    /// separated by an empty line, the CSV header comes once).
    public init(_ compiled: CompiledScenario, format: ReportFormat, view: TimelineView, output: any TextOutput, first: Bool) {
        precondition(Self.formats.contains(format), "\(format.rawValue) is not printed event by event")
        self.format = format
        self.view = view
        self.output = output
        names = LiveNames(compiled)
        width = TimelineLines.subjectWidth(compiled)
        startPrinted = !(format == .text && view.summarises)
        switch format {
        case .text:
            output.write((first ? "" : "\n") + TimelineLines.textHeader(
                scenario: compiled.scenario.name, variant: compiled.variant, mode: compiled.scenario.mode,
                kubernetes: compiled.settings.kubernetesVersion, seed: compiled.seed, duration: compiled.duration))
        case .csv: output.write(EventCSVRenderer.header)
        default: break
        }
    }

    /// Prints the batch's lines as one write: one call per batch, not per line.
    public func receive(_ events: [TimelineEvent], _ run: SettledRun) {
        names.update(from: run.api)
        var lines = ""
        for event in events where view.shows(event, names) {
            if !startPrinted {
                if event.time == .zero { atStart.append(event); continue }
                printStart()
            }
            lines += line(event)
        }
        if !lines.isEmpty { output.write(lines) }
    }

    private func line(_ event: TimelineEvent) -> String {
        switch format {
        case .text: TimelineLines.text(event, names, width: width)
        case .jsonl: TimelineLines.json(event, names)
        default: TimelineLines.csv(event, names)
        }
    }

    /// The events at +0 as the held text prints them: the placement summary where the first
    /// placement event was, every other event in its place.
    private func printStart() {
        startPrinted = true
        var placementPrinted = false
        for event in atStart {
            if TimelineView.isInitialPlacement(event) {
                guard !placementPrinted else { continue }
                placementPrinted = true
                output.write(TimelineView.initialPlacementLines(of: atStart, names, at: event.time, width: width))
                continue
            }
            output.write(line(event))
        }
        atStart = []
    }

    /// The text format's summary lines, once the run is over (`report` from `simulateStreamed`).
    public func finish(_ report: RunReport) {
        if !startPrinted { printStart() }
        if format == .text { output.write(TimelineRenderer.summaryLines(Metrics(report), traffic: report.traffic)) }
    }
}
