@testable import edgesim
import Testing

private let seed = Option.value("--seed", "N", help: "")
private let set = Option.repeatable("--set", "KEY=VALUE", help: "")
private let json = Option.flag("--json", help: "")
private let options = [seed, set, json]

@Test("values, repeated options and flags are read in one pass; operands keep their order")
func parsesOptionsAndOperands() throws {
    let parsed = try ParsedArguments(["a", "--seed", "1", "--set", "x=1", "-", "--seed=2", "--set=y=2", "--json", "b"], options: options)
    #expect(parsed.value(seed) == "2")
    #expect(parsed.values(set) == ["x=1", "y=2"])
    #expect(parsed.flag(json))
    #expect(parsed.operands == ["a", "-", "b"])
}

@Test("a value may start with one dash but not two")
func valuesAndDashes() throws {
    #expect(try ParsedArguments(["--seed", "-1"], options: options).value(seed) == "-1")
    #expect(throws: UsageError.self) { try ParsedArguments(["--seed", "--json"], options: options) }
    #expect(try ParsedArguments(["--seed="], options: options).value(seed) == "")
}

@Test("an undeclared option is refused with the nearest declared one, --help included")
func unknownOptionSuggests() {
    for (word, message) in [("--sed", "unknown option --sed; did you mean \"--seed\"?"), ("--hep", "unknown option --hep; did you mean \"--help\"?"),
                            ("-x", "unknown option -x"), ("--jsn=1", "unknown option --jsn; did you mean \"--json\"?")] {
        do {
            _ = try ParsedArguments(["a", word], options: options)
            Issue.record("\(word) was accepted")
        } catch {
            #expect(error.message == message)
        }
    }
}

@Test("help is wanted wherever --help or -h stands")
func wantsHelp() {
    #expect(ParsedArguments.wantsHelp(["a", "--seed", "1", "-h"]))
    #expect(ParsedArguments.wantsHelp(["--help"]))
    #expect(!ParsedArguments.wantsHelp(["--helpful"]))
}
