import EdgeSim
import Foundation

struct CompareCommand: Command {
    static let name = "compare"
    static let abstract = "Run a scenario under several modes on the same seed and print their metrics side by side."
    static let operands = "SCENARIO"
    static let discussion = """
        Each mode runs the same scenario, seed and settings. Variants that differ only in their
        mode collapse into one column per mode; variants with their own settings get a column per
        mode and variant (`superedge/medium`).
        """

    // The usage line has always shown --modes without brackets, as the README does.
    static let modes = Option.value("--modes", "M1,M2,...", synopsis: "--modes kubernetes,superedge[,...]",
                                    help: "the modes to compare (default: kubernetes,superedge)")
    static let seed = Option.value("--seed", "N", help: "overrides the scenario's seed")
    static let set = Option.repeatable("--set", "KEY=VALUE", help: "a setting applied to every run (repeatable)")
    static let format = Option.value("--format", "F", usage: Format.allCases.map(\.rawValue).joined(separator: "|"),
                                     help: "text (default) | csv | json")
    static let options = [modes, seed, set, format] + BudgetOptions.all
    // Today's alignment, kept so that --help prints the same bytes.
    static let helpColumn = 19

    enum Format: String, CaseIterable { case text, csv, json }

    var path: String
    var modes: [Mode]
    var seed: UInt64?
    var overrides: [Setting]
    var format: Format
    var budget: RunBudget

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        let modeList = arguments.value(Self.modes) ?? "kubernetes,superedge"
        modes = []
        for word in modeList.split(separator: ",").map(String.init) {
            guard let mode = Mode(rawValue: word) else {
                throw UsageError(message: "--modes expects modes from \(Mode.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(word)\""
                                 + NearMiss.hint(for: word, among: Mode.allCases.map(\.rawValue)))
            }
            if !modes.contains(mode) { modes.append(mode) }
        }
        guard !modes.isEmpty else { throw UsageError(message: "--modes needs at least one mode") }
        seed = try RunCommand.parseSeed(arguments.value(Self.seed))
        overrides = try RunCommand.parseSettings(arguments.values(Self.set))
        let formatText = arguments.value(Self.format) ?? "text"
        guard let format = Format(rawValue: formatText) else {
            throw UsageError(message: "--format expects one of \(Format.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(formatText)\"")
        }
        self.format = format
        budget = try BudgetOptions.parse(arguments)
        let rest = arguments.operands
        guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing SCENARIO" : "expected one SCENARIO, got \(rest.count)") }
        path = rest[0]
    }

    func run() throws -> Int32 {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        let runner = ScenarioRunner(scenario: scenario, sourceMap: map)
        // One variant per distinct settings list: variants that only pick a mode are the same run here.
        var variants: [Variant?] = []
        for variant in scenario.variants where !variants.contains(where: { $0?.settings == variant.settings }) {
            variants.append(variant)
        }
        if variants.isEmpty { variants = [nil] }
        let labelVariants = variants.count > 1
        var columns: [(label: String, metrics: Metrics)] = []
        for mode in modes {
            for variant in variants {
                let compiled = try runner.compileAll(variant: variant?.name, overrides: overrides, mode: mode, seed: seed)[0]
                let label = labelVariants ? "\(mode.rawValue)/\(variant!.name)" : mode.rawValue
                columns.append((label, Metrics(try simulateNamingColumn(compiled, label))))
            }
        }
        printOut(render(columns))
        return 0
    }

    /// Runs one column; a broken invariant (exit 3) says which column broke it, since every
    /// column has the same seed.
    func simulateNamingColumn(_ compiled: CompiledScenario, _ label: String) throws -> RunReport {
        do {
            return try simulateChecked(compiled, budget: budget)
        } catch let violation as InvariantViolation {
            throw violation.adding(context: "compare column \(label)")
        }
    }

    func render(_ columns: [(label: String, metrics: Metrics)]) -> String {
        let names = columns[0].metrics.fields.map(\.0)
        let values = columns.map { Dictionary(uniqueKeysWithValues: $0.metrics.fields) }
        switch format {
        case .csv:
            var out = "metric," + columns.map(\.label).joined(separator: ",") + "\n"
            for name in names { out += name + "," + values.map { ($0[name] ?? nil) ?? "" }.joined(separator: ",") + "\n" }
            return out
        case .json:
            var outer = JSONObject()
            for (column, value) in zip(columns, values) {
                var inner = JSONObject()
                for name in names.sorted() { inner.add(name, raw: (value[name] ?? nil) ?? "null") }
                outer.add(column.label, raw: inner.text)
            }
            return outer.text + "\n"
        case .text:
            let width = max(6, names.map(\.count).max()!) + 2
            let columnWidth = max(12, columns.map(\.label.count).max()! + 2)
            var out = "metric".padding(toLength: width, withPad: " ", startingAt: 0)
                + columns.map { $0.label.padding(toLength: columnWidth, withPad: " ", startingAt: 0) }.joined() + "\n"
            for name in names {
                out += name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + values.map { (($0[name] ?? nil) ?? "-").padding(toLength: columnWidth, withPad: " ", startingAt: 0) }.joined() + "\n"
            }
            return out.split(separator: "\n").map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
                .joined(separator: "\n") + "\n"
        }
    }
}
