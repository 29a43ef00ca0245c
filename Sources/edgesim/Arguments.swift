import EdgeSim

/// One command-line option, declared once. The parser, the usage line, `--help` and the "did
/// you mean" for a mistyped option all read this declaration, so they cannot disagree.
struct Option: Sendable {
    enum Kind: Sendable {
        /// `--name`, on or off.
        case flag
        /// `--name VALUE` or `--name=VALUE`; given twice, the last one wins.
        case value
        /// `--name VALUE`, as often as wanted, every value kept in order.
        case repeatable
    }

    /// The long form, dashes included: `--seed`.
    let name: String
    let kind: Kind
    /// What `--help` calls the value: `N` in `--seed N`. A flag may name the operands it
    /// switches to (`--merge FILES`).
    let valueName: String
    /// What the usage line calls the value when it says more than `valueName`
    /// (`text|jsonl|…` where the help says `F`).
    let usageValue: String?
    /// The whole usage-line fragment, for the few options no rule describes; empty leaves the
    /// option out of the usage line.
    let synopsis: String?
    /// The help text; further lines are aligned under the first.
    let help: String

    static func flag(_ name: String, _ valueName: String = "", synopsis: String? = nil, help: String) -> Option {
        Option(name: name, kind: .flag, valueName: valueName, usageValue: nil, synopsis: synopsis, help: help)
    }

    static func value(_ name: String, _ valueName: String, usage usageValue: String? = nil, synopsis: String? = nil,
                      help: String) -> Option {
        Option(name: name, kind: .value, valueName: valueName, usageValue: usageValue, synopsis: synopsis, help: help)
    }

    static func repeatable(_ name: String, _ valueName: String, usage usageValue: String? = nil, help: String) -> Option {
        Option(name: name, kind: .repeatable, valueName: valueName, usageValue: usageValue, synopsis: nil, help: help)
    }

    /// `--seed N` as `--help` lists it.
    var label: String { valueName.isEmpty ? name : name + " " + valueName }

    /// `[--seed N]`, `[--set KEY=VALUE]...` or `[--record]` as the usage line shows it.
    var usageFragment: String {
        if let synopsis { return synopsis }
        let value = usageValue ?? valueName
        switch kind {
        case .flag: return "[\(name)]"
        case .value: return "[\(name) \(value)]"
        case .repeatable: return "[\(name) \(value)]..."
        }
    }
}

/// A mistake on the command line: exit 2 with the message and the command's usage.
struct UsageError: Error {
    var message: String
}

/// The words after the command, read once, left to right, against the command's options:
/// what each option was given, and the operands (every word that is not an option or its value).
struct ParsedArguments {
    private var given: [String: [String]] = [:]
    private let declared: [String]
    /// The words that are neither options nor their values, in order.
    private(set) var operands: [String] = []

    /// `--help` and `-h` ask for help wherever they stand, even as an option's value.
    static func wantsHelp(_ words: [String]) -> Bool {
        words.contains("--help") || words.contains("-h")
    }

    init(_ words: [String], options: [Option]) throws(UsageError) {
        declared = options.map(\.name)
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            // A lone "-" is an operand (standard input or output, by convention).
            guard word.hasPrefix("-"), word != "-" else {
                operands.append(word)
                continue
            }
            let name = String(word.split(separator: "=", maxSplits: 1).first ?? "")
            let inline = word.count > name.count ? String(word.dropFirst(name.count + 1)) : nil
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError(message: "unknown option \(name)" + NearMiss.hint(for: name, among: declared + ["--help"]))
            }
            if option.kind == .flag {
                guard inline == nil else { throw UsageError(message: "\(name) takes no value") }
                given[name, default: []].append("")
                continue
            }
            if let inline {
                given[name, default: []].append(inline)
            } else {
                // The next word is the value unless it is another option.
                guard index < words.count, !words[index].hasPrefix("--") else { throw UsageError(message: "\(name) needs a value") }
                given[name, default: []].append(words[index])
                index += 1
            }
        }
    }

    /// The value of `--name VALUE`, the last one given, or nil.
    func value(_ option: Option) -> String? {
        values(option).last
    }

    /// Every value given to a repeatable option, in order.
    func values(_ option: Option) -> [String] {
        precondition(declared.contains(option.name), "\(option.name) is not in the command's options")
        return given[option.name] ?? []
    }

    /// Whether a flag was given.
    func flag(_ option: Option) -> Bool {
        !values(option).isEmpty
    }
}

/// `--max-events` and `--max-memory`: each run's budget, for every command that runs scenarios.
enum BudgetOptions {
    static let maxEvents = Option.value("--max-events", "N", help: """
        each run's work budget in events (default \(RunBudget.defaultMaxEvents)): a run
        estimated over it is refused before it starts, one that passes it stops; exit 2
        """)
    static let maxMemory = Option.value("--max-memory", "GIB", help: """
        each run's memory budget in GiB (default \(RunBudget.defaultMaxBytes >> 30)): a run
        estimated over it is refused before it starts; exit 2
        """)
    static let all = [maxEvents, maxMemory]

    static func parse(_ arguments: ParsedArguments) throws(UsageError) -> RunBudget {
        var budget = RunBudget()
        if let text = arguments.value(maxEvents) {
            guard let n = Int64(text), n > 0 else {
                throw UsageError(message: "--max-events expects a whole number above 0, got \(Echo.quoted(text))")
            }
            budget.maxEvents = n
        }
        if let text = arguments.value(maxMemory) {
            // Up to 2^33 GiB, so the budget in bytes fits an Int64.
            guard let n = Int64(text), (1...(1 << 33)).contains(n) else {
                throw UsageError(message: "--max-memory expects a whole number of GiB from 1 to \(Int64(1) << 33), got \(Echo.quoted(text))")
            }
            budget.maxBytes = n << 30
        }
        return budget
    }
}
