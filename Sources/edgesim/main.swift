import EdgeSim
import Foundation

/// The subcommands, in help order.
enum EdgeSimCommands {
    static var all: [any Command.Type] { [RunCommand.self, SweepCommand.self, CompareCommand.self, CheckCommand.self, ValidateCommand.self, BenchCommand.self, FuzzCommand.self, ImportCommand.self] }
}


func mainUsage() -> String {
    """
    edgesim: a deterministic simulator of what Kubernetes-style control planes do to edge nodes
    when the network fails.

    USAGE: edgesim <command> [options]

    COMMANDS:
    \(EdgeSimCommands.all.map { "  \($0.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.abstract)" }.joined(separator: "\n"))

    Run `edgesim <command> --help` for a command's options.
    Exit codes: 0 ok, 1 a check failed, 2 bad input, 3 an invariant broke (the message has SEED=).
    """
}

/// Parses, validates and runs one subcommand. The registry's entry is opened as a concrete
/// type, so a command is registered once, in `EdgeSimCommands.all`, and nothing falls through
/// to another.
func execute<C: Command>(_ command: C.Type, _ words: [String]) throws -> Int32 {
    let command = try C(parsing: ParsedArguments(words, options: C.options))
    try command.validate()
    return try command.run()
}

func runMain() -> Int32 {
    var words = Array(CommandLine.arguments.dropFirst())
    guard let first = words.first else {
        printError(mainUsage())
        return 2
    }
    if first == "--help" || first == "-h" || first == "help" {
        if words.count > 1, let command = EdgeSimCommands.all.first(where: { $0.name == words[1] }) {
            printOut(command.helpText)
        } else {
            printOut(mainUsage() + "\n")
        }
        return 0
    }
    guard let command = EdgeSimCommands.all.first(where: { $0.name == first }) else {
        printError("edgesim: unknown command \"\(first)\"" + NearMiss.hint(for: first, among: EdgeSimCommands.all.map { $0.name }) + "\n\n" + mainUsage())
        return 2
    }
    words.removeFirst()
    if ParsedArguments.wantsHelp(words) {
        printOut(command.helpText)
        return 0
    }
    do {
        return try execute(command, words)
    } catch let error as UsageError {
        printError("edgesim \(command.name): \(error.message)\nUSAGE: \(command.usage)")
        return 2
    } catch let error as ScenarioError {
        printError(error.description)
        return 2
    } catch let violation as InvariantViolation {
        // The simulator broke one of its own rules: not bad input, a bug to report with its seed.
        printError("edgesim \(command.name): \(violation.description)")
        return 3
    } catch {
        printError("edgesim \(command.name): \(error)")
        return 2
    }
}

exit(runMain())
