import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

/// One corpus file and what its error must say.
struct BadScenario: CustomTestStringConvertible, Sendable {
    let file: String
    let location: String
    let fragment: String
    var testDescription: String { file }
}

let badScenarioDirectory = Repository.badScenarios

/// The corpus, from its sidecar list `BadScenarios/EXPECTED` (file, location, message part).
let badScenarios: [BadScenario] = {
    let text = (try? String(contentsOf: badScenarioDirectory.appendingPathComponent("EXPECTED"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return BadScenario(file: fields[0], location: fields.count > 1 ? fields[1] : "", fragment: fields.count > 2 ? fields[2] : "")
    }
}()

@Test("the bad-input corpus has at least 50 files and lists every one of them")
func corpusIsComplete() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: badScenarioDirectory.path).filter { $0 != "EXPECTED" }.sorted()
    #expect(files.count >= 50)
    #expect(files == badScenarios.map(\.file).sorted())
}

@Test("a bad scenario file is refused with its name, the location and what was expected", arguments: badScenarios)
func badScenarioIsRefused(_ bad: BadScenario) {
    let path = badScenarioDirectory.appendingPathComponent(bad.file).path
    do {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        _ = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
        Issue.record("\(bad.file) was accepted")
    } catch {
        #expect(error.file == path)
        #expect(error.location == bad.location, "\(bad.file): \(error.description)")
        #expect(error.message.contains(bad.fragment), "\(bad.file): \(error.description)")
        #expect(error.description.hasPrefix("\(path):\(bad.location): error: "))
    }
}

// MARK: - Inputs too large to keep in the corpus, made here

/// The error from loading `text` as if from a file called `file`, or nil if it loads and compiles.
private func loadError(_ text: String, file: String) -> ScenarioError? {
    do {
        let (scenario, map) = try ScenarioLoader.parse(Data(text.utf8), file: file)
        _ = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
        return nil
    } catch {
        return error
    }
}

@Test("a scenario one line over the line limit is refused at that line")
func tooManyLinesIsRefused() throws {
    let error = try #require(loadError(GeneratedInput.emptyLines(ScenarioParser.maxLines + 1), file: "too-many-lines.scenario"))
    #expect(error.location == "\(ScenarioParser.maxLines + 1):1")
    #expect(error.message.contains("too many lines: at most \(ScenarioParser.maxLines)"), "\(error.description)")
}

@Test("a scenario exactly at the line limit is not refused for its length")
func linesAtTheLimitAreAccepted() throws {
    let error = try #require(loadError(GeneratedInput.emptyLines(ScenarioParser.maxLines), file: "many-lines.scenario"))
    #expect(error.message.contains("a scenario needs at least one node"), "\(error.description)")
}

@Test("JSON nested deeper than the parser allows is refused as invalid JSON")
func deepNestingIsRefused() throws {
    let json = GeneratedInput.deeplyNestedJSON()
    #expect(json.utf8.count == 200_010)
    let error = try #require(loadError(json, file: "deep-nesting.json"))
    #expect(error.location == "$")
    #expect(error.message.contains("expected valid JSON: Too many nested arrays or dictionaries"), "\(error.description)")
}

@Test("a file over the size limit is refused before it is read")
func oversizedFileIsRefused() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("edgesim-oversized-\(getpid()).scenario").path
    #expect(FileManager.default.createFile(atPath: path, contents: Data(count: ScenarioLoader.maxFileBytes + 1)))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect { _ = try ScenarioLoader.load(path: path) } throws: { error in
        (error as? ScenarioError)?.message.contains("file too large") == true
    }
}

@Test("a Windows file with CRLF line ends parses like its Unix twin")
func crlfFilesParse() throws {
    let unix = "zone a\nsite s zone a\nnode n-1..3 site s\ndeployment web replicas 2 service web\nat 5m..10m cut uplink s\n"
    let (a, _) = try ScenarioParser.parse(unix, file: "unix.scenario")
    let (b, _) = try ScenarioParser.parse(unix.replacingOccurrences(of: "\n", with: "\r\n"), file: "unix.scenario")
    #expect(a == b)
}

@Test("JSON may leave out a node's labels and a workload's tolerations, as the line language may")
func jsonDefaultsAreOptional() throws {
    let json = #"{"name":"x","sites":[{"name":"s"}],"nodes":[{"name":"n","site":"s"}],"workloads":[{"kind":"deployment","name":"web","replicas":1}]}"#
    let (scenario, _) = try ScenarioLoader.parse(Data(json.utf8), file: "x.json")
    #expect(scenario.nodes.first?.labels == [])
    #expect(scenario.workloads.first?.tolerations == [])
}

@Test("a 1 MB bad name is echoed cut at 80 characters with its length")
func hugeNameIsCut() throws {
    let name = String(repeating: "a b", count: 350_000)
    let json = #"{"name":"x","sites":[{"name":"s"}],"nodes":[{"name":""# + name + #"","site":"s"}]}"#
    let error = try #require(loadError(json, file: "huge-name.json"))
    #expect(error.location == "$.nodes[0].name")
    #expect(error.message.hasSuffix("got \"" + String(name.prefix(Echo.limit)) + "…\" (1050000 characters)"), "\(error.description)")
    #expect(error.description.utf8.count < 400)
}

@Test("an echo escapes control characters, line separators and bidi controls, and nothing else")
func echoEscapesControls() {
    #expect(Echo.quoted("a\u{1B}[2J\r\n\u{0}\u{9B}\u{7F}") == #""a\u{1B}[2J\u{D}\u{A}\u{0}\u{9B}\u{7F}""#)
    #expect(Echo.quoted("\u{202A}\u{202E}\u{2066}\u{2069}\u{200F}\u{2028}") == #""\u{202A}\u{202E}\u{2066}\u{2069}\u{200F}\u{2028}""#)
    #expect(Echo.quoted("zone-é/日本") == "\"zone-é/日本\"")
    #expect(Echo.quoted(String(repeating: "x", count: 81)) == "\"" + String(repeating: "x", count: 80) + "…\" (81 characters)")
}

@Test("no field of an error carries a control character, whoever built the message")
func errorFieldsAreEscaped() {
    let error = ScenarioError(file: "a\u{1B}.scenario", location: "$.k\u{7}", message: "raw \u{1B}]0;x\u{7}")
    #expect(error.description == #"a\u{1B}.scenario:$.k\u{7}: error: raw \u{1B}]0;x\u{7}"#)
    let long = ScenarioError(file: "f", location: "", message: String(repeating: "m", count: 5_000))
    #expect(long.message.hasSuffix("… (message cut at 2000 of 5000 characters)"))
}

// The lookups by name are what the hardening issue's reproduction (10 variants × 10,000
// expect lines on 100,000 nodes: 18 s before, 1.6 s after, in release on this machine) exercises; its speed
// is measured by running it, never by a timed unit test. This checks what the lookups answer.
@Test("expectations over many nodes and variants resolve every node by name, and suggest the nearest")
func expectationsResolveByName() throws {
    var lines = ["zone a", "site s zone a", "node n-1..5000 site s", "deployment web replicas 1"]
    lines += (0..<3).map { "variant v\($0) mode kubernetes" }
    lines += (0..<1_000).map { "expect at 1m ready node:n-\(5_000 - $0) == True" }
    let (scenario, map) = try ScenarioParser.parse(lines.joined(separator: "\n") + "\n", file: "many.scenario")
    let runs = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
    #expect(runs.count == 3)
    #expect(runs[0].nodeID(named: "n-5000") == runs[0].nodes.last?.id)
    #expect(runs[0].nodeID(named: "n-5001") == nil)
    let error = try #require(loadError(lines.joined(separator: "\n") + "\nexpect at 1m ready node:n-50000 == True\n", file: "many.scenario"))
    #expect(error.message.hasPrefix("unknown node \"n-50000\"; did you mean \"n-5000\"?"), "\(error.description)")
}

@Test("times in one message are spelled in every unit, largest first")
func spelledTimes() {
    #expect(SimTime.microseconds(600_000_001).spelled == "10m1us")
    #expect(SimTime.milliseconds(1_500).spelled == "1s500ms")
    #expect(SimTime.seconds(5_400).spelled == "1h30m")
    #expect(SimTime.zero.spelled == "0s")
}
