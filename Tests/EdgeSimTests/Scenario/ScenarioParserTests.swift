import Foundation
import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("ScenarioParser")
struct ScenarioParserTests {
    // MARK: - Round trip

    @Test("every Scenarios/*.scenario survives parse → JSON → decode unchanged", arguments: Repository.scenarioFiles())
    func roundTrip(file: URL) throws {
        let (parsed, _) = try ScenarioLoader.load(path: file.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let decoded = try JSONDecoder().decode(Scenario.self, from: encoder.encode(parsed))
        #expect(decoded == parsed)
        #expect(ScenarioLoader.canonicalJSON(decoded) == ScenarioLoader.canonicalJSON(parsed))
    }

    @Test("the repository has scenarios to round-trip")
    func scenariosExist() {
        #expect(Repository.scenarioFiles().map(\.lastPathComponent).contains("gz-3-disconnect.scenario"))
    }

    // MARK: - Located errors

    @Test("an unknown statement names file:line:col and the nearest keyword")
    func unknownStatement() throws {
        let error = try #require(ScenarioSource.parseError(ScenarioSource.base("deploymnet web replicas 3")))
        #expect(error.description.hasPrefix("test.scenario:6:1: error: "))
        #expect(error.message.contains("did you mean \"deployment\"?"))
    }

    @Test("a misspelt word inside a statement points at that word")
    func misspeltOption() throws {
        let error = try #require(ScenarioSource.parseError(ScenarioSource.base("deployment web replcas 3")))
        #expect(error.location == "6:16")
        #expect(error.message.contains("did you mean \"replicas\"?"))
    }

    @Test("a duration without a unit points at the number", arguments: ["30", "30x", "-5m"])
    func badDuration(text: String) throws {
        let error = try #require(ScenarioSource.parseError(ScenarioSource.base(duration: text)))
        #expect(error.location == "2:10")
        #expect(error.message.contains("expected a duration"))
        #expect(error.message.contains("\"\(text)\""))
    }

    @Test("an unknown node in a fault parses but fails to compile, located at the name")
    func unknownNodeInFault() throws {
        let text = ScenarioSource.base("at 5m power-off gz-9")
        #expect(ScenarioSource.parseError(text) == nil)
        let error = try #require(ScenarioSource.compileError(text))
        #expect(error.location == "6:17")
        #expect(error.message.hasPrefix("unknown node \"gz-9\""))
        #expect(error.message.contains("did you mean"))
    }

    @Test("an unknown DROP target is located at the target word")
    func unknownDropTarget() throws {
        let error = try #require(ScenarioSource.compileError(ScenarioSource.base("at 5m drop gz-3 -> gz-7 port 6443")))
        #expect(error.location == "6:20")
        #expect(error.message.hasPrefix("unknown node \"gz-7\""))
    }

    @Test("an unknown setting key is located at the key with a suggestion")
    func unknownSettingKey() throws {
        let error = try #require(ScenarioSource.compileError(ScenarioSource.base("set node-monitor-grace-perod 50s")))
        #expect(error.location == "6:5")
        #expect(error.message.contains("unknown setting \"node-monitor-grace-perod\"; did you mean \"node-monitor-grace-period\"?"))
    }

    @Test("a bad setting value is located at the value")
    func badSettingValue() throws {
        let error = try #require(ScenarioSource.compileError(ScenarioSource.base("set node-eviction-rate fast")))
        #expect(error.location == "6:24")
        #expect(error.message.contains("for node-eviction-rate"))
    }

    @Test("a fault after the scenario's duration is refused at its time")
    func faultAfterDuration() throws {
        let error = try #require(ScenarioSource.compileError(ScenarioSource.base("at 11m power-off gz-1", duration: "10m")))
        #expect(error.location == "6:4")
        #expect(error.message.contains("after the scenario ends"))
    }

    @Test("a fault range must end after it starts, a rule of the compiler located at the range")
    func backwardsFaultRange() throws {
        #expect(ScenarioSource.parseError(ScenarioSource.base("at 20m..5m power-off gz-1")) == nil)
        let error = try #require(ScenarioSource.compileError(ScenarioSource.base("at 20m..5m power-off gz-1")))
        #expect(error.location == "6:4")
        #expect(error.message == "expected the range's end after its start, got \"20m..5m\"")
    }

    // MARK: - Node names

    @Test("node ranges and lists expand to one node each", arguments: [
        ("gz-1..gz-3", ["gz-1", "gz-2", "gz-3"]),
        ("edge-8..10", ["edge-8", "edge-9", "edge-10"]),
        ("a,b,c", ["a", "b", "c"]),
        ("solo", ["solo"]),
    ])
    func nodeRanges(names: String, expected: [String]) throws {
        let scenario = try ScenarioSource.parse("site s\nnode \(names) site s zone z\n")
        #expect(scenario.nodes.map(\.name) == expected)
        #expect(scenario.nodes.allSatisfy { $0.site == "s" && $0.zone == "z" })
    }

    @Test("a backwards or mixed-prefix node range is an error at the range", arguments: ["gz-3..gz-1", "gz-1..bj-3", "gz..gz-3"])
    func badNodeRange(names: String) throws {
        let error = try #require(ScenarioSource.parseError("node \(names) site s\n"))
        #expect(error.location == "1:6")
    }

    @Test("comments and blank lines are ignored, line numbers still count them")
    func commentsAndBlankLines() throws {
        let error = try #require(ScenarioSource.parseError("# a comment\n\nseed 7 # trailing\n  bogus\n"))
        #expect(error.location == "4:3")
    }
}
