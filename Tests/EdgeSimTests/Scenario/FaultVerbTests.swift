@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing
import EdgeSimTestSupport

@Suite("FaultVerb")
struct FaultVerbTests {
    /// The fuzzer's faults over a fixed batch of seeds.
    static let generatedFaults: [FaultDecl] = (UInt64(1)...300).flatMap { ScenarioGenerator.generate(seed: $0).faults }

    @Test("the fuzzer generates every verb over seeds 1…300, and a range on every verb that takes one")
    func fuzzerGeneratesEveryVerb() {
        let verbs = Set(Self.generatedFaults.map(\.action.verb))
        let ranged = Set(Self.generatedFaults.filter { $0.until != nil }.map(\.action.verb))
        for verb in FaultVerb.allCases {
            #expect(verbs.contains(verb), "the fuzzer never generated \"\(verb.word)\"")
            #expect(ranged.contains(verb) == verb.takesRange, "\"\(verb.word)\": a range generated \(ranged.contains(verb))")
        }
    }

    @Test("a fault's JSON object has one key, its verb's jsonKey")
    func jsonKeys() throws {
        for verb in FaultVerb.allCases {
            let action = try #require(Self.generatedFaults.first { $0.action.verb == verb }?.action)
            let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(action)) as? [String: Any]
            #expect(object.map { Array($0.keys) } == [verb.jsonKey])
        }
    }

    @Test("a fault printed as a statement starts with its verb's word, and parses back")
    func words() throws {
        for verb in FaultVerb.allCases {
            let action = try #require(Self.generatedFaults.first { $0.action.verb == verb }?.action)
            let statement = FaultText.statement(action, abbreviated: false)
            #expect(statement.split(separator: " ").first.map(String.init) == verb.word)
            let (parsed, _) = try ScenarioParser.parse("at 1m \(statement)\n", file: "verb.scenario")
            #expect(parsed.faults.map(\.action) == [action])
        }
    }

    @Test("an unknown verb lists every word; an unknown JSON action lists every key")
    func expectedOneOf() throws {
        let line = try #require(ScenarioSource.parseError("at 1m cutt uplink s\n"))
        #expect(line.message.hasPrefix("expected one of " + FaultVerb.words.map { "\"\($0)\"" }.joined(separator: ", ")))
        #expect(line.message.hasSuffix("did you mean \"cut\"?"))
        let json = #"{"name": "x", "faults": [{"at": "1m", "action": {"cutt": {}}}]}"#
        do {
            _ = try ScenarioLoader.parse(Data(json.utf8), file: "x.json")
            Issue.record("an unknown action was accepted")
        } catch {
            #expect(error.message.hasSuffix("the action: " + FaultVerb.jsonKeys.joined(separator: ", ")))
            for key in ["partition", "label", "restartEdge"] { #expect(FaultVerb.jsonKeys.contains(key)) }
        }
    }

    @Test("every undo takes a time, not a range, and undoes one verb (uncordon: a cordon or a drain)")
    func undos() {
        for verb in FaultVerb.allCases where verb.isUndo {
            #expect(!verb.takesRange)
            let undone = FaultVerb.allCases.filter { $0.undo == verb }
            #expect(undone.count == 1 || (verb == .uncordon && Set(undone) == [.cordon, .drain]), "\(verb) undoes \(undone)")
            #expect(verb.shading == nil, "an undo is no span of its own")
        }
        for verb in FaultVerb.allCases where verb.undo != nil { #expect(verb.takesRange) }
    }

    @Test("Scenarios/schema.json names exactly the vocabulary's JSON keys, and which take no range")
    func schemaKeepsInStep() throws {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent("Scenarios/schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        let action = try #require(defs["faultAction"] as? [String: Any])
        let properties = try #require(action["properties"] as? [String: Any])
        #expect(properties.keys.sorted() == FaultVerb.jsonKeys.sorted())
        let oneOf = try #require(action["oneOf"] as? [[String: Any]])
        #expect(oneOf.compactMap { ($0["required"] as? [String])?.first } == FaultVerb.jsonKeys)
        let fault = try #require(defs["fault"] as? [String: Any])
        let until = try #require((fault["properties"] as? [String: Any])?["until"] as? [String: Any])
        let words = Set(try #require(until["description"] as? String).split(whereSeparator: { !$0.isLetter }).map(String.init))
        for verb in FaultVerb.allCases { #expect(words.contains(verb.jsonKey) != verb.takesRange, "\(verb.jsonKey)") }
    }

    @Test("Scenarios/README.md's action table has a row for every verb")
    func readmeKeepsInStep() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("Scenarios/README.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") && ($0.contains("| yes |") || $0.contains("| no |")) }
        let words = rows.compactMap { $0.dropFirst(3).split(whereSeparator: { $0 == " " || $0 == "`" }).first.map(String.init) }
        #expect(words.sorted() == FaultVerb.words.sorted())
        for (row, word) in zip(rows, words) {
            let verb = try #require(FaultVerb(rawValue: word))
            #expect(row.contains(verb.takesRange ? "| yes |" : "| no |"), "\(word)")
        }
    }

    /// Every verb once, and a coordinator host's power.
    static let everyVerb = """
    zone a
    site s zone a
    site t zone a
    node n-1..3 site s
    node m-1 site t
    link s <-> t latency 5ms
    coordinator c site s
    pool p sites s coordinator-on c
    at 1m cut uplink s
    at 2m heal uplink s
    at 1m drop n-1 -> apiserver
    at 2m undrop n-1 -> apiserver
    at 1m..2m partition s | cloud
    at 1m..2m loss access n-1 1%
    at 1m..2m latency link s <-> t 5ms
    at 1m..2m flap uplink t period 10s duty 50%
    at 1m power-off n-2
    at 2m power-on n-2
    at 1m power-off c
    at 2m power-on c
    at 1m apiserver-down
    at 2m apiserver-up
    at 1m label n-1 role=x
    at 2m unlabel n-1 role
    at 3m restart-edge n-1,n-2
    at 3m taint n-3 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute
    at 4m untaint n-3 node.kubernetes.io/out-of-service:NoExecute
    at 3m cordon n-2
    at 4m uncordon n-2
    at 5m drain n-1
    at 6m uncordon n-1
    at 5m kubelet-stop n-1
    at 6m kubelet-start n-1
    at 5m not-ready n-3
    at 6m ready n-3
    at 5m network-unavailable n-3
    at 6m network-available n-3
    at 7m delete-node n-2
    at 8m add-node n-2

    """

    /// The rule `World.rerouteRenewals(after:)` wrote out before the vocabulary owned it.
    static func worldRule(_ action: CompiledScenario.Action) -> CompiledScenario.Reroute {
        switch action {
        case .cut(let link), .heal(let link), .loss(let link, _), .latency(let link, _, _), .flap(let link, _, _): .over(link)
        case .powerOff, .powerOn, .label, .taint, .untaint, .cordon, .uncordon, .drain, .kubelet, .reportsReady,
             .networkUnavailable, .addNode, .deleteNode: .none
        default: .everyone
        }
    }

    @Test("a compiled action reroutes as the World always has, and keeps the verb it was written with")
    func reroutes() throws {
        let compiled = try ScenarioSource.compile(Self.everyVerb)
        #expect(Set(compiled.faults.map(\.action.verb)) == Set(FaultVerb.allCases))
        for fault in compiled.faults {
            #expect(fault.action.reroutes == Self.worldRule(fault.action), "\(fault.text)")
            #expect(fault.text.hasPrefix(fault.action.verb.word + " ") || fault.text == fault.action.verb.word)
        }
        let coordinator = try #require(compiled.faults.first { if case .coordinatorPower = $0.action { true } else { false } })
        #expect(coordinator.action.verb == .powerOff)
    }

    @Test("an undo ends the span of the fault on the same thing, and only that")
    func undoPairs() throws {
        let compiled = try ScenarioSource.compile(Self.everyVerb)
        for (index, fault) in compiled.faults.enumerated() {
            let undone = compiled.faults.indices.filter { compiled.faults[$0].action.undoes(fault.action) }
            if fault.action.verb.undo == nil { #expect(undone.isEmpty, "\(fault.text)") } else { #expect(undone == [index + 1], "\(fault.text)") }
        }
    }
}
