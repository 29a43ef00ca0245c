@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

let fuzzSeeds: [UInt64] = Array(1...200)

@Test("a generated scenario printed and parsed back is the same scenario", arguments: fuzzSeeds)
func generatedScenarioRoundTrips(_ seed: UInt64) throws {
    let scenario = ScenarioGenerator.generate(seed: seed)
    let text = ScenarioPrinter.print(scenario)
    let (parsed, _) = try ScenarioParser.parse(text, file: "fuzz-\(seed).scenario")
    #expect(parsed == scenario)
}

@Test("a generated scenario survives the JSON form too")
func generatedScenarioRoundTripsThroughJSON() throws {
    for seed in fuzzSeeds.prefix(50) {
        let scenario = ScenarioGenerator.generate(seed: seed)
        let data = Data(ScenarioLoader.canonicalJSON(scenario).utf8)
        let (decoded, _) = try ScenarioLoader.parse(data, file: "fuzz.json")
        #expect(decoded == scenario)
    }
}

@Test("every shipped scenario printed and parsed back is the same scenario")
func shippedScenariosRoundTrip() throws {
    let files = Repository.scenarioFiles()
    #expect(!files.isEmpty)
    for file in files {
        let (scenario, _) = try ScenarioLoader.load(path: file.path)
        let (parsed, _) = try ScenarioParser.parse(ScenarioPrinter.print(scenario), file: file.lastPathComponent)
        #expect(parsed == scenario, "\(file.lastPathComponent) does not survive print → parse")
    }
}

@Test("percentages print exactly, down to one part per million")
func percentagesPrintExactly() throws {
    var scenario = Scenario(name: "loss")
    scenario.sites = [SiteDecl(name: "s")]
    scenario.nodes = [NodeDecl(name: "n", site: "s")]
    for ppm in [0, 1, 5, 10_000, 123_456, 999_999, 1_000_000] {
        scenario.links = [LinkDecl(link: .uplink(site: "s"), lossPPM: ppm)]
        let (parsed, _) = try ScenarioParser.parse(ScenarioPrinter.print(scenario), file: "loss.scenario")
        #expect(parsed.links.first?.lossPPM == ppm)
    }
}
