import Foundation

/// A subcommand, shaped like swift-argument-parser's `ParsableCommand`, by hand: a name, a
/// summary and its options declared once, then three steps, each with its own errors.
///
/// 1. `init(parsing:)` turns the words into typed values (`--seed x` fails here).
/// 2. `validate()` checks what one value alone cannot show: combinations of options, files
///    that must exist, output paths that must be writable. It runs before any simulation work.
/// 3. `run()` does the work and returns the exit code.
///
/// To add a command, write a type that conforms and list it in `EdgeSimCommands.all`; its
/// usage line and `--help` are generated from `options`. To add an option, declare it as a
/// `static let` on the command, list it in `options`, and read it in `init(parsing:)` with
/// `arguments.value(Self.theOption)` (or `values`, `flag`).
protocol Command {
    static var name: String { get }
    /// One line, for `edgesim --help` and the top of the command's help.
    static var abstract: String { get }
    /// How the usage line names the operands: `SCENARIO`, `[SCENARIO...]`, or empty.
    static var operands: String { get }
    /// Whether the usage line puts the operands after the options (optional ones read better last).
    static var operandsFollowOptions: Bool { get }
    /// Further usage lines, for a second way to call the command.
    static var otherUsages: [String] { get }
    /// Every option, in the order the usage line and `--help` list them.
    static var options: [Option] { get }
    /// Where `--help` starts the option help text, counted from the label's first character.
    static var helpColumn: Int { get }
    /// Prose before OPTIONS in `--help`.
    static var discussion: String { get }
    /// Prose after OPTIONS in `--help`.
    static var epilogue: String { get }

    init(parsing arguments: ParsedArguments) throws
    func validate() throws
    func run() throws -> Int32
}

extension Command {
    static var operandsFollowOptions: Bool { false }
    static var otherUsages: [String] { [] }
    /// Three spaces after the longest label.
    static var helpColumn: Int { (options.map(\.label.count).max() ?? 0) + 3 }
    static var discussion: String { "" }
    static var epilogue: String { "" }

    func validate() throws {}

    /// `edgesim run SCENARIO [--mode M] ...`, one line per way to call the command.
    static var usage: String {
        let fragments = options.map(\.usageFragment).filter { !$0.isEmpty }
        let words = operandsFollowOptions ? fragments + [operands] : [operands] + fragments
        let first = (["edgesim", name] + words.filter { !$0.isEmpty }).joined(separator: " ")
        // Further lines line up under the first, after "USAGE: ".
        return ([first] + otherUsages.map { "edgesim \(name) \($0)" }).joined(separator: "\n       ")
    }

    /// The OPTIONS section: each label, then its help aligned at `helpColumn`; a label too long
    /// for the column keeps three spaces before its help.
    static var optionsHelp: String {
        let indent = String(repeating: " ", count: 2 + helpColumn)
        let entries = options.map { option in
            let label = option.label.count < helpColumn
                ? option.label.padding(toLength: helpColumn, withPad: " ", startingAt: 0) : option.label + "   "
            return "  " + label + option.help.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
        }
        return "OPTIONS:\n" + entries.joined(separator: "\n")
    }

    /// What `edgesim CMD --help` and `edgesim help CMD` print.
    static var helpText: String {
        let sections = [discussion, optionsHelp, epilogue].filter { !$0.isEmpty }
        return "\(abstract)\n\nUSAGE: \(usage)\n\n" + sections.joined(separator: "\n\n") + "\n"
    }
}
