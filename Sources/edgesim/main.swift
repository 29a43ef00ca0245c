import EdgeSim
import Foundation

/// The subcommands, in help order: the one place a command is registered. `edgesim --help`,
/// `edgesim help CMD`, `edgesim CMD --help` and dispatch all read this list.
enum EdgeSimCommands {
    static var all: [any Command.Type] {
        [RunCommand.self, SweepCommand.self, TuneCommand.self, CompareCommand.self, CheckCommand.self, ValidateCommand.self, BenchCommand.self,
         FuzzCommand.self, ImportCommand.self, ExplainCommand.self, ConformanceCommand.self]
    }

    static func named(_ name: String) -> (any Command.Type)? {
        all.first { $0.name == name }
    }
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

/// The answer to a word that names no command (exit 2). There is no default command: a
/// scenario path on its own (`edgesim x.scenario`) is refused too, with the command that runs it.
func unknownCommand(_ word: String) -> String {
    var message = "edgesim: unknown command \"\(word)\""
    if word.hasSuffix(".scenario") || word.hasSuffix(".json") || FileManager.default.fileExists(atPath: word) {
        message += "; to run a scenario file: edgesim run \(word)"
    } else {
        message += NearMiss.hint(for: word, among: EdgeSimCommands.all.map { $0.name })
    }
    return message + "\n\n" + mainUsage()
}

/// `edgesim --help` (no name) or the help of the command named.
func help(_ name: String?) -> Int32 {
    guard let name else {
        printOut(mainUsage() + "\n")
        return 0
    }
    guard let command = EdgeSimCommands.named(name) else {
        printError(unknownCommand(name))
        return 2
    }
    printOut(command.helpText)
    return 0
}

/// Parses, validates and runs one subcommand. The registry's entry is opened as a concrete
/// type, so a command is registered once, in `EdgeSimCommands.all`, and nothing falls through
/// to another.
func execute<C: Command>(_ command: C.Type, _ words: [String]) throws -> Int32 {
    let command = try C(parsing: ParsedArguments(words, options: C.options))
    try command.validate()
    return try command.run()
}

/// Runs a command and turns what it throws into a message and an exit code (see README).
func exitCode(_ command: any Command.Type, _ words: [String]) -> Int32 {
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

func runMain(_ words: [String]) -> Int32 {
    guard let first = words.first else {
        printError(mainUsage())
        return 2
    }
    if first == "--help" || first == "-h" || first == "help" {
        return help(words.dropFirst().first)
    }
    guard let command = EdgeSimCommands.named(first) else {
        printError(unknownCommand(first))
        return 2
    }
    let rest = Array(words.dropFirst())
    if ParsedArguments.wantsHelp(rest) {
        printOut(command.helpText)
        return 0
    }
    return exitCode(command, rest)
}

// Before any thread starts: an interrupted --out leaves no temporary file (TemporaryFiles).
TemporaryFiles.installSignalHandlers()
exit(runMain(Array(CommandLine.arguments.dropFirst())))
