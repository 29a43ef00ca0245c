@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing
import EdgeSimTestSupport

@Suite("ScenarioCompiler")
struct ScenarioCompilerTests {
    /// Statements the parser reads but the compiler refuses, after `ScenarioSource.base`.
    static let refused: [String] = [
        "at 5m..10m heal uplink guangzhou",
        "at 5m..10m unlabel gz-1 role",
        "at 5m..10m restart-edge gz-1",
        "at 20m..5m cut uplink guangzhou",
        "at 40m cut uplink guangzhou",
        "at 5m..40m cut uplink guangzhou",
        "deployment web",
        "statefulset db replicas 1000000",
        "daemonset agent replicas 2",
        "static-pod agent",
        "at 5m drop gz-1 -> apiserver port 70000",
        "at 5m drop gz-1 -> gz-1",
        "at 5m loss uplink guangzhou 150%",
        "at 5m latency uplink guangzhou 2h",
        "at 5m latency uplink guangzhou 1s jitter 2h",
        "at 5m..10m flap uplink guangzhou period 10ms duty 50%",
        "at 5m..10m flap uplink guangzhou period 30s duty 100%",
        "at 5m partition gz-1 | gz-1",
        "at 5m power-off gz-9",
        "uplink guangzhou loss 101%",
        "link guangzhou <-> guangzhou latency 5ms",
    ]

    @Test("a rule refuses the line language and JSON alike, with the same message", arguments: refused)
    func sameRuleForBothForms(_ statement: String) throws {
        let text = ScenarioSource.base(statement)
        #expect(ScenarioSource.parseError(text) == nil, "the parser should read \"\(statement)\" and leave it to the compiler")
        let line = try #require(ScenarioSource.compileError(text))
        let (scenario, _) = try ScenarioParser.parse(text, file: "x.scenario")
        let (decoded, map) = try ScenarioLoader.parse(Data(ScenarioLoader.canonicalJSON(scenario).utf8), file: "x.json")
        do {
            _ = try ScenarioCompiler.compile(decoded, sourceMap: map)
            Issue.record("JSON accepted what the line language refused: \(line)")
        } catch {
            #expect(error.message == line.message)
            #expect(error.location.hasPrefix("$."))
        }
    }

    @Test("the line language points at the word the compiler judged")
    func locations() {
        let cases: [(String, String)] = [
            ("deployment web replicas 1000000", "6:25"),
            ("at 5m drop gz-1 -> apiserver port 0", "6:35"),
            ("at 5m loss uplink guangzhou 150%", "6:29"),
            ("at 5m..10m flap uplink guangzhou period 10ms duty 50%", "6:41"),
            ("at 5m..10m flap uplink guangzhou period 30s duty 0%", "6:50"),
            ("at 5m..10m heal uplink guangzhou", "6:4"),
            ("uplink guangzhou loss 101%", "6:23"),
        ]
        for (statement, location) in cases {
            #expect(ScenarioSource.compileError(ScenarioSource.base(statement))?.location == location, "\(statement)")
        }
    }

    @Test("every function of the scenario layer stays short")
    func functionsStayShort() throws {
        let folder = Repository.root.appendingPathComponent("Sources/EdgeSim/Scenario")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasPrefix("Scenario") {
            let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (name, length) in Self.functionLengths(lines) { #expect(length <= 80, "\(file): \(name) is \(length) lines") }
        }
    }

    /// Each `func` and its length in lines, from its line to the `}` at its indentation.
    static func functionLengths(_ lines: [Substring]) -> [(String, Int)] {
        var result: [(String, Int)] = []
        for (start, line) in lines.enumerated() where line.contains("func ") && line.hasSuffix("{") {
            let indent = line.prefix(while: { $0 == " " })
            guard let end = lines[(start + 1)...].firstIndex(where: { $0 == indent + "}" }) else { continue }
            result.append((String(line.trimmingCharacters(in: .whitespaces).prefix(60)), end - start + 1))
        }
        return result
    }
}
