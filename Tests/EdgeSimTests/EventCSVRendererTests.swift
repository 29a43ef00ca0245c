@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Event CSV renderer")
struct EventCSVRendererTests {
    @Test("a header, then one row of five cells per timeline event")
    func shape() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        let lines = EventCSVRenderer.render(report).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "time_s,event,node,pod,detail")
        #expect(lines.count == report.timeline.count + 1)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 5 })
    }

    @Test("a fault on a node names the node; times are seconds")
    func faultRow() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        let csv = EventCSVRenderer.render(report)
        #expect(csv.contains("\n300.000,fault,rw-1,,start power-off rw-1\n"))
        #expect(csv.contains(",pod-evicted,rw-1,app-2,\n"))
    }
}
