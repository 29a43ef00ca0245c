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
    static let format = Option.value("--format", "F", usage: Format.allCases.map(\.rawValue).joined(separator: "|"), help: """
        text (default) | csv (tidy: one row per column and metric:
        mode,variant[,group],metric,value) | json | wide-csv (a row per
        metric, a column per mode: the layout csv had before)
        """)
    static let by = Option.value("--by", "G", usage: MetricsGrouping.spelling,
                                 help: "a row (text: a table) per group: workload, kind, zone, site or label:KEY")
    static let options = [modes, seed, set, format, by] + BudgetOptions.all
    // Today's alignment, kept so that --help prints the same bytes.
    static let helpColumn = 19

    enum Format: String, CaseIterable {
        case text, csv, json
        case wideCSV = "wide-csv"
    }

    var path: String
    var modes: [Mode]
    var seed: UInt64?
    var overrides: [Setting]
    var format: Format
    var budget: RunBudget
    var grouping: MetricsGrouping?

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
        grouping = try RunCommand.parseGrouping(arguments.value(Self.by))
        let rest = arguments.operands
        guard rest.count == 1 else { throw UsageError(message: rest.isEmpty ? "missing SCENARIO" : "expected one SCENARIO, got \(rest.count)") }
        path = rest[0]
    }

    func run() throws -> Int32 {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        let runner = ScenarioRunner(scenario: scenario, sourceMap: map)
        // One variant per distinct settings list: variants that only pick a mode are the same run
        // here, the plain column of each mode. A variant with settings and a mode of its own
        // (`variant kubeedge-cloudhub mode kubeedge set PORT 10000`) is about that mode: its
        // column appears only under it.
        var variants: [Variant?] = []
        for variant in scenario.variants where !variants.contains(where: { $0?.settings == variant.settings }) {
            variants.append(variant)
        }
        if variants.isEmpty { variants = [nil] }
        let labelVariants = variants.count > 1
        var columns: [Column] = []
        for mode in modes {
            for variant in variants {
                if let variant, !variant.settings.isEmpty, let own = variant.mode, own != mode { continue }
                let plain = variant?.settings.isEmpty ?? true
                let compiled = try runner.compileAll(variant: variant?.name, overrides: overrides, mode: mode, seed: seed)[0]
                let label = labelVariants && !plain ? "\(mode.rawValue)/\(variant!.name)" : mode.rawValue
                let report = try simulateNamingColumn(compiled, label)
                columns.append(Column(label: label, mode: mode, variant: labelVariants && !plain ? variant?.name : nil,
                                      rows: Metrics.rows(report, by: grouping)))
            }
        }
        printOut(render(columns))
        return 0
    }

    /// Runs one column; a broken invariant (exit 3) says which column broke it, since every
    /// column has the same seed.
    func simulateNamingColumn(_ compiled: CompiledScenario, _ label: String) throws -> RunReport {
        do {
            // Metrics by group are split over the held timeline; the run's own are folded.
            return grouping == nil ? try simulateStreamed(compiled, budget: budget) : try simulateChecked(compiled, budget: budget)
        } catch let violation as InvariantViolation {
            throw violation.adding(context: "compare column \(label)")
        }
    }

    /// One mode (and variant) of the comparison: its metrics, one row per group (one in all without --by).
    struct Column {
        var label: String
        var mode: Mode
        var variant: String?
        var rows: [Metrics]

        /// Each metric's value (nil: does not apply) for `group`, by name.
        func values(_ group: String?) -> [String: String?] {
            Dictionary(uniqueKeysWithValues: rows.first { $0.scope.group == group }?.fields ?? [])
        }
    }

    func render(_ columns: [Column]) -> String {
        let names = Metrics.names
        var groups: [String?] = []
        for row in columns.flatMap(\.rows) where !groups.contains(row.scope.group) { groups.append(row.scope.group) }
        func value(_ column: Column, _ group: String?, _ name: String) -> String? { (column.values(group)[name] ?? nil) }
        switch format {
        case .csv:
            var out = (["mode", "variant"] + (grouping == nil ? [] : ["group"]) + ["metric", "value"]).joined(separator: ",") + "\n"
            for column in columns {
                for group in groups {
                    let prefix = [column.mode.rawValue, column.variant ?? ""] + (grouping == nil ? [] : [group ?? ""])
                    for name in names {
                        out += (prefix + [name, value(column, group, name) ?? ""]).map(SweepCSV.cell).joined(separator: ",") + "\n"
                    }
                }
            }
            return out
        case .wideCSV:
            var out = (grouping == nil ? "" : "group,") + "metric," + columns.map { SweepCSV.cell($0.label) }.joined(separator: ",") + "\n"
            for group in groups {
                for name in names {
                    out += (grouping == nil ? "" : SweepCSV.cell(group ?? "") + ",") + name + ","
                        + columns.map { SweepCSV.cell(value($0, group, name) ?? "") }.joined(separator: ",") + "\n"
                }
            }
            return out
        case .json:
            var outer = JSONObject()
            for column in columns {
                func object(_ group: String?) -> String {
                    var inner = JSONObject()
                    for name in names.sorted() { inner.add(name, raw: value(column, group, name) ?? "null") }
                    return inner.text
                }
                guard grouping != nil else { outer.add(column.label, raw: object(nil)); continue }
                var byGroup = JSONObject()
                for group in groups { byGroup.add(group ?? "", raw: object(group)) }
                outer.add(column.label, raw: byGroup.text)
            }
            return outer.text + "\n"
        case .text:
            guard let grouping else { return table(columns, group: nil) }
            return groups.map { "\(grouping.text) \($0 ?? ""):\n" + table(columns, group: $0) }.joined(separator: "\n")
        }
    }

    /// The metrics of one group as a table: a row per metric, a column per mode, `-` for null.
    func table(_ columns: [Column], group: String?) -> String {
        let names = Metrics.names
        let width = max(6, names.map(\.count).max()!) + 2
        let columnWidth = max(12, columns.map(\.label.count).max()! + 2)
        var out = "metric".padding(toLength: width, withPad: " ", startingAt: 0)
            + columns.map { $0.label.padding(toLength: columnWidth, withPad: " ", startingAt: 0) }.joined() + "\n"
        for name in names {
            out += name.padding(toLength: width, withPad: " ", startingAt: 0)
                + columns.map { ((($0.values(group)[name]) ?? nil) ?? "-").padding(toLength: columnWidth, withPad: " ", startingAt: 0) }.joined() + "\n"
        }
        return out.split(separator: "\n").map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n") + "\n"
    }
}
