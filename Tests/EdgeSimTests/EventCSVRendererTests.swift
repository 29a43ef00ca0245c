@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Event CSV renderer")
struct EventCSVRendererTests {
    @Test("a header, then one row per timeline event: five cells, then one per named field")
    func shape() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        let lines = EventCSVRenderer.render(report).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let header: String = "time_s,event,node,pod,detail,workload,kind,status,taint,annotation,service,zone,state,fault,phase,"
            + "subject,tolerations,pool,reason"
        #expect(lines.first.map(String.init) == header)
        #expect(lines.count == report.timeline.count + 1)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 19 })
    }

    @Test("OpenYurt's details reach their own columns")
    func openYurtDetails() throws {
        let report = try #require(ScenarioRun.reports("yurt-leader-failover").first)
        let csv = EventCSVRenderer.render(report)
        let lost = try #require(csv.split(separator: "\n").first { $0.contains(",leader-lost,") })
        let cells = lost.split(separator: ",", omittingEmptySubsequences: false)
        #expect(!cells[17].isEmpty && !cells[18].isEmpty, "pool and reason: \(lost)")
        #expect(cells[4] == "pool \(cells[17]) \(cells[18])")
    }

    @Test("a fault on a node names the node; times are seconds")
    func faultRow() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        let csv = EventCSVRenderer.render(report)
        #expect(csv.contains("\n300.000,fault,rw-1,,start power-off rw-1,,,,,,,,,power-off rw-1,start,rw-1,,,\n"))
        #expect(csv.contains(",pod-evicted,rw-1,app-1,,app,deployment,,,,,,,,,,,,\n"))
    }

    @Test("JSON Lines pod events carry the workload's name and kind")
    func jsonLinesWorkload() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        let evicted = TimelineRenderer.jsonLines(report).split(separator: "\n").filter { $0.contains("\"pod-evicted\"") }
        #expect(evicted.contains { $0 == "{\"event\":\"pod-evicted\",\"kind\":\"statefulset\",\"node\":\"rw-1\",\"pod\":\"db-0\",\"time_ms\":640201,\"workload\":\"db\"}" })
    }
}
