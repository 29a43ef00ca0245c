import EdgeSim
import Foundation
import Testing

@Test("one seed makes one scenario, every time")
func generatorIsDeterministic() {
    for seed: UInt64 in [0, 1, 42, .max] {
        #expect(ScenarioGenerator.generate(seed: seed) == ScenarioGenerator.generate(seed: seed))
    }
    #expect(ScenarioGenerator.generate(seed: 1) != ScenarioGenerator.generate(seed: 2))
}

@Test("generated topologies stay within the fuzzer's bounds")
func generatedTopologiesStayInBounds() {
    for seed: UInt64 in 1...100 {
        let scenario = ScenarioGenerator.generate(seed: seed)
        #expect((1...5).contains(scenario.zones.count))
        for zone in scenario.zones {
            let sites = scenario.sites.filter { $0.name.hasPrefix(zone.name + "-") }
            #expect((1...4).contains(sites.count))
            for site in sites {
                #expect((1...12).contains(scenario.nodes.filter { $0.site == site.name }.count))
            }
        }
        for fault in scenario.faults { #expect(fault.at.time <= scenario.duration.time) }
    }
}

@Test("a fuzz case passes in every implemented mode", arguments: Array(UInt64(1)...UInt64(12)))
func fuzzCasePasses(_ seed: UInt64) {
    let outcome = FuzzCase(seed: seed).run()
    if case .failed(let failure) = outcome {
        Issue.record("SEED=\(seed) mode \(failure.mode.rawValue): \(failure.message)")
    }
}

@Test("a fuzz case printed as a scenario file replays to the same report", arguments: [UInt64(3), 21, 77])
func fuzzCaseReplaysFromItsFile(_ seed: UInt64) throws {
    let fuzzCase = FuzzCase(seed: seed)
    guard case .passed(let direct) = fuzzCase.run(modes: [.openshift]) else { Issue.record("SEED=\(seed) failed"); return }
    var replay = fuzzCase.scenario
    replay.mode = .openshift
    let file = "# edgesim fuzz --seed \(seed)\n" + ScenarioPrinter.print(replay)
    let (parsed, map) = try ScenarioLoader.parse(Data(file.utf8), file: "fuzz-\(seed).scenario")
    let replayed = try ScenarioRunner(scenario: parsed, sourceMap: map).compileAll().map { try simulateChecked($0) }
    #expect(goldenTimeline(replayed) == goldenTimeline(direct))
}
