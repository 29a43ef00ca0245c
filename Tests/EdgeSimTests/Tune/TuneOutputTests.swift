@testable import EdgeSim
import EdgeSimTestSupport
import Foundation
import Testing

@Suite("Tune outputs and inputs")
struct TuneOutputTests {
    @Test("lo..hi spaces evenly, in the unit given")
    func ranges() throws {
        #expect(try TuneSpace.axis("node-monitor-grace-period=20s..2m").values == ["20s", "45s", "70s", "95s", "120s"])
        #expect(try TuneSpace.axis("node-eviction-rate=0.01..0.1/4").values == ["0.01", "0.04", "0.07", "0.1"])
        #expect(try TuneSpace.axis("large-cluster-size-threshold=1..3/5").values == ["1", "2", "3"])
        #expect(throws: ScenarioError.self) { try TuneSpace.axis("node-eviction-rate=0.1..0.01") }
        #expect(throws: ScenarioError.self) { try TuneSpace.axis("node-monitor-grace-period=20s..2m/1") }
    }

    @Test("toleration:CLASS rewrites the matching workloads' not-ready and unreachable tolerations only")
    func tolerationOverride() throws {
        let (scenario, map) = try ScenarioLoader.load(path: Repository.fixture("tune-stores.scenario").path)
        let compiled = try ScenarioCompiler.compile(scenario, sourceMap: map, overrides: [Setting(key: "toleration:pos-*", value: "30m")])
        for workload in compiled.workloads {
            let unreachable = workload.tolerations.filter { $0.key == Taint.unreachableKey }
            if workload.name.hasPrefix("pos-") {
                #expect(unreachable == [Toleration(key: Taint.unreachableKey, effect: .noExecute, seconds: 1_800)])
                #expect(workload.tolerations.contains(Toleration(key: Taint.notReadyKey, effect: .noExecute, seconds: 1_800)))
            } else {
                #expect(unreachable.isEmpty, "\(workload.name) keeps the admission default")
            }
        }
        let forever = try ScenarioCompiler.compile(scenario, sourceMap: map, overrides: [Setting(key: "toleration:catalog", value: "forever")])
        #expect(forever.workloads.first { $0.name == "catalog" }!.tolerations.allSatisfy { $0.seconds == nil })
        #expect(throws: ScenarioError.self) {
            try ScenarioCompiler.compile(scenario, sourceMap: map, overrides: [Setting(key: "toleration:web-*", value: "60")])
        }
        #expect(throws: ScenarioError.self) {
            try ScenarioCompiler.compile(scenario, sourceMap: map, overrides: [Setting(key: "toleration:pos-*", value: "soon")])
        }
    }

    static func table(front count: Int) -> TuneTable {
        let criteria = TuneCriteria(objectives: TuneObjective.defaults)
        // A tight cluster of front points (the hard case for labels), plus dominated ones.
        var rows = (0..<count).map { i in
            TuneTable.Row(configuration: i, mode: "kubernetes", values: ["\(i)s"], seeds: 4,
                          stats: [[Int64(i) * 100, Int64(i) * 100], [Int64(count - i) * 100, Int64(count - i) * 100], [Int64(i % 3), 0], [0, 0]])
        }
        rows += (0..<5).map { i in
            TuneTable.Row(configuration: count + i, mode: "kubernetes", values: ["x"], seeds: 2,
                          stats: [[50_000, 50_000], [50_000, 50_000], [9, 9], [9, 9]])
        }
        let current = TuneTable.Row(configuration: nil, mode: "kubernetes", values: [""], seeds: 4,
                                    stats: [[Int64(count) * 100, Int64(count) * 100], [Int64(count) * 100 + 100, Int64(count) * 100 + 100], [5, 5], [5, 5]])
        return TuneTable(keys: ["node-monitor-grace-period"], criteria: criteria, rows: rows, current: current)
    }

    @Test("front labels in the SVG never overlap, from 3 to 20 front points", arguments: [3, 8, 20])
    func labelsDoNotOverlap(count: Int) {
        let svg = ParetoSVGRenderer.render(Self.table(front: count), title: "t")
        let boxes = svg.split(separator: "\n").filter { $0.contains("fill-opacity=\"0.85\"") }.map { line -> ParetoSVGRenderer.Box in
            func number(_ name: String) -> Int {
                let start = line.range(of: name + "=\"")!.upperBound
                return Int(line[start...].prefix { $0 != "\"" })!
            }
            return ParetoSVGRenderer.Box(x: number("x"), y: number("y"), w: number("width"), h: number("height"))
        }
        #expect(boxes.count == count)
        for i in boxes.indices { for j in boxes.indices where i < j { #expect(!boxes[i].overlaps(boxes[j]), "labels \(i) and \(j)") } }
        #expect(svg.contains(">current</text>"))
    }

    @Test("the current settings are named dominated by the front points that beat them in every objective")
    func verdict() {
        let table = Self.table(front: 3)
        #expect(TuneTextRenderer.verdict(table).hasPrefix("Your current settings are dominated by: #0, #1, #2"))
    }

    @Test("a tune CSV merges back into the same table; a missing shard is refused")
    func csvRoundTrip() throws {
        let table = Self.table(front: 5)
        let identity = [SweepIdentity.Field(name: "objectives", value: table.criteria.objectives.map(\.label).joined(separator: ",")),
                        SweepIdentity.Field(name: "require", value: "-")]
        let csv = TuneCSV.render(table, identity: identity, shard: 1, of: 1)
        let merged = try TuneCSV.merge([("a.csv", csv)])
        #expect(merged.table == table)
        let half = TuneCSV.render(table, identity: identity, shard: 1, of: 2)
        #expect(throws: ScenarioError.self) { try TuneCSV.merge([("a.csv", half)]) }
    }
}
