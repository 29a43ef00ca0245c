import EdgeSim
import Foundation

/// A subcommand, shaped like swift-argument-parser's: a name, a summary, its own help, and a
/// `run` that returns the exit code.
protocol Command {
    static var name: String { get }
    static var abstract: String { get }
    static var usage: String { get }
    static var help: String { get }
    init(_ arguments: inout Arguments) throws
    func run() throws -> Int32
}

/// A mistake on the command line: exit 2 with the message and the command's usage.
struct UsageError: Error {
    var message: String
}

/// The words after the subcommand, consumed flag by flag.
struct Arguments {
    private var words: [String]
    init(_ words: [String]) { self.words = words }

    var isEmpty: Bool { words.isEmpty }
    var wantsHelp: Bool { words.contains("--help") || words.contains("-h") }

    /// `--name VALUE` or `--name=VALUE`, the last one wins.
    mutating func option(_ name: String) throws(UsageError) -> String? {
        try options(name).last
    }

    /// Every `--name VALUE` (or `--name=VALUE`), in the order given, all consumed.
    mutating func options(_ name: String) throws(UsageError) -> [String] {
        var found: [String] = []
        var index = 0
        while index < words.count {
            if words[index] == name {
                guard index + 1 < words.count, !words[index + 1].hasPrefix("--") else { throw UsageError(message: "\(name) needs a value") }
                found.append(words[index + 1])
                words.removeSubrange(index...index + 1)
            } else if words[index].hasPrefix(name + "=") {
                found.append(String(words[index].dropFirst(name.count + 1)))
                words.remove(at: index)
            } else {
                index += 1
            }
        }
        return found
    }

    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: name) else { return false }
        words.remove(at: index)
        return true
    }

    /// What is left: positional arguments. An unknown flag is an error.
    mutating func positionals(known: [String]) throws(UsageError) -> [String] {
        for word in words where word.hasPrefix("-") && word != "-" {
            let flag = String(word.split(separator: "=").first ?? "")
            throw UsageError(message: "unknown option \(flag)" + NearMiss.hint(for: flag, among: known))
        }
        defer { words = [] }
        return words
    }
}

/// Writes through a temporary file and a rename, so a failed or interrupted run never leaves a
/// half-written report behind.
func writeAtomically(_ text: String, to path: String) throws(ScenarioError) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
    } catch {
        throw ScenarioError(file: path, location: "", message: "cannot write the report: \(error.localizedDescription)")
    }
    // rename(2) replaces the target in one step: readers see the old file or the new one.
    guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw ScenarioError(file: path, location: "", message: "cannot write the report: \(reason)")
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
