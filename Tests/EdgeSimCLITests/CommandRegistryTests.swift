@testable import edgesim
import Foundation
import Testing

// The command names and option names are a contract with users: this list changes only on
// purpose, and the registry must match it.
let contract: [String: [String]] = [
    "run": ["--mode", "--seed", "--set", "--variant", "--format", "--out", "--no-invariants", "--by", "--check", "--events", "--nodes",
            "--since", "--until", "--initial", "--max-events", "--max-memory"],
    "sweep": ["--grid", "--modes", "--seeds", "--jobs", "--shard", "--merge", "--out", "--by", "--summary", "--max-events", "--max-memory"],
    "tune": ["--space", "--modes", "--seeds", "--objective", "--require", "--budget", "--jobs", "--shard", "--merge", "--out",
             "--max-events", "--max-memory"],
    "compare": ["--modes", "--seed", "--set", "--format", "--by", "--max-events", "--max-memory"],
    "check": ["--record", "--scenarios", "--reports", "--goldens", "--require-goldens", "--junit", "--format", "--max-events", "--max-memory"],
    "validate": ["--json", "--estimate"],
    "bench": ["--workload", "--zone-outage", "--all", "--jobs", "--format", "--list"],
    "fuzz": ["--runs", "--seed", "--out"],
    "import": ["--nodes", "--pods", "--out", "--services", "--site-label"],
    // Issue 21 fixes these names.
    "explain": ["--variant", "--seed", "--pod", "--node", "--line", "--at", "--format"],
    "conformance": ["--variant", "--seed", "--set", "--tolerance-ms", "--format"],
]

let registered = EdgeSimCommands.all.map { $0.name }

@Test("the registry holds exactly the commands and options users rely on")
func registryMatchesTheContract() {
    #expect(Set(registered) == Set(contract.keys))
    #expect(registered.count == contract.count, "a command is registered twice")
    for command in EdgeSimCommands.all {
        #expect(command.options.map(\.name) == contract[command.name], "\(command.name)")
    }
}

@Test("edgesim --help lists every registered command with its summary, on standard output")
func mainHelpListsEveryCommand() throws {
    for arguments in [["--help"], ["-h"], ["help"]] {
        let run = try edgesim(arguments)
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        for command in EdgeSimCommands.all {
            #expect(run.output.contains("  \(command.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(command.abstract)\n"),
                    "\(arguments) misses \(command.name)")
        }
    }
}

@Test("CMD --help exits 0 and shows the usage line and every declared option", arguments: registered)
func commandHelpMentionsEveryOption(_ name: String) throws {
    let command = try #require(EdgeSimCommands.named(name))
    let help = try edgesim([name, "--help"])
    #expect(help.status == 0)
    #expect(help.stderr.isEmpty)
    #expect(help.output.hasPrefix(command.abstract + "\n\nUSAGE: edgesim \(name)"))
    let section = try #require(help.output.components(separatedBy: "OPTIONS:\n").last)
    for option in command.options {
        #expect(section.contains("  \(option.label) "), "\(name) --help does not list \(option.label)")
        #expect(help.output.contains(option.name), "\(name) --help does not mention \(option.name)")
    }
    // The other ways of asking print the same bytes.
    #expect(try edgesim(["help", name]).stdout == help.stdout)
    #expect(try edgesim([name, "-h"]).stdout == help.stdout)
}

@Test("the usage line names every option it is meant to show", arguments: registered)
func usageLineNamesEveryOption(_ name: String) throws {
    let command = try #require(EdgeSimCommands.named(name))
    for option in command.options where option.synopsis != "" {
        #expect(command.usage.contains(option.name), "\(name)'s usage line misses \(option.name)")
    }
}

// MARK: - Mistakes

@Test("an unknown command exits 2 with the nearest command and runs nothing")
func unknownCommandExitsTwo() throws {
    let run = try edgesim(["chek"])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("edgesim: unknown command \"chek\"; did you mean \"check\"?\n"))
    #expect(run.stderr.contains("COMMANDS:"))
    #expect(run.stdout.isEmpty)
}

@Test("help for an unknown command exits 2 like the command itself")
func helpForUnknownCommandExitsTwo() throws {
    let run = try edgesim(["help", "swep"])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("edgesim: unknown command \"swep\"; did you mean \"sweep\"?"))
    #expect(run.stdout.isEmpty)
}

@Test("a scenario path alone is not a command: exit 2, naming the command that runs it")
func bareScenarioPathIsRefused() throws {
    let path = "Scenarios/power-loss.scenario"
    let run = try edgesim([path])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("edgesim: unknown command \"\(path)\"; to run a scenario file: edgesim run \(path)\n"))
    #expect(run.stdout.isEmpty)
}

@Test("no command at all exits 2 with the main help on standard error")
func noCommandExitsTwo() throws {
    let run = try edgesim([])
    #expect(run.status == 2)
    #expect(run.stderr.contains("USAGE: edgesim <command> [options]"))
    #expect(run.stdout.isEmpty)
}

@Test("a mistyped option exits 2 and suggests the declared one", arguments: registered)
func mistypedOptionSuggestsTheDeclaredOne(_ name: String) throws {
    let command = try #require(EdgeSimCommands.named(name))
    for option in command.options {
        let typo = String(option.name.dropLast())
        let run = try edgesim([name, typo])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("edgesim \(name): unknown option \(typo); did you mean \"\(option.name)\"?\nUSAGE: \(command.usage)\n"),
                "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}

@Test("edgesim run --sed says: unknown option --sed; did you mean --seed")
func runSuggestsSeed() throws {
    let run = try edgesim(["run", "Scenarios/power-loss.scenario", "--sed", "3"])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("edgesim run: unknown option --sed; did you mean \"--seed\"?\n"))
}

@Test("an option without its value, and a flag with one, are usage errors")
func missingAndUnexpectedValues() throws {
    let missing = try edgesim(["run", "Scenarios/power-loss.scenario", "--seed"])
    #expect(missing.status == 2)
    #expect(missing.stderr.hasPrefix("edgesim run: --seed needs a value\n"))
    let unexpected = try edgesim(["validate", "Scenarios/power-loss.scenario", "--json=yes"])
    #expect(unexpected.status == 2)
    #expect(unexpected.stderr.hasPrefix("edgesim validate: --json takes no value\n"))
}

// MARK: - Validation before work

@Test("an unwritable --out is refused before the scenario is even read")
func outputPathCheckedFirst() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The scenario is bad too: the output path error shows validate() ran before any loading.
    let scenario = badCorpus.appendingPathComponent("duplicate-node.scenario").path
    let out = directory.appendingPathComponent("absent/report.timeline").path
    let run = try edgesim(["run", scenario, "--out", out])
    #expect(run.status == 2)
    #expect(run.stderr == "\(out): error: cannot write the report: No such file or directory\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
}

@Test("check --record into a missing folder is refused before any scenario runs")
func recordIntoMissingFolderIsRefused() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let reports = directory.appendingPathComponent("absent").path
    // CI refuses `check --record` before looking at any path: test the path rule outside it.
    let run = try edgesim(["check", "--record", "--reports", reports, "Scenarios/power-loss.scenario"], unsetting: ["CI"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot write files in this folder"))
    #expect(run.stdout.isEmpty)
}

@Test("fuzz refuses an --out that is a file, before generating anything")
func fuzzRefusesAFileAsItsFolder() throws {
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("taken")
    #expect(FileManager.default.createFile(atPath: file.path, contents: Data()))
    let run = try edgesim(["fuzz", "--runs", "1", "--out", file.path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("Not a directory"))
    #expect(run.stdout.isEmpty)
}
