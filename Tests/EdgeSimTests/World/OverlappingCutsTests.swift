@testable import EdgeSim
import EdgeSimTestSupport
import Testing

/// The network counts cuts (see NetworkTests); these check that a whole run keeps the count:
/// a node behind a link cut twice stays cut off until the second cut is undone.
@Suite("Overlapping cuts in a run")
struct OverlappingCutsTests {
    static let scenario = """
    name overlap
    duration 40m
    zone a
    site s zone a
    site t zone a
    node n-1 site s
    node m-1,m-2 site t
    deployment web replicas 3
    at 5m..20m cut uplink s
    at 10m..12m cut uplink s
    at 25m cut uplink s
    at 26m cut uplink s
    at 30m heal uplink s
    at 35m heal uplink s
    """

    @Test("a range cut inside another leaves the link down when it ends; two cuts need two heals")
    func nodeComesBackOnlyWhenEveryCutIsUndone() throws {
        let report = try #require(try ScenarioRun.reports(text: Self.scenario).first)
        let changes = report.readyChanges(on: "n-1")
        #expect(changes.map(\.status) == [.unknown, .true, .unknown, .true])
        let back = changes.filter { $0.status == .true }.map(\.time)
        #expect(back.count == 2)
        #expect(back.first.map { $0.isWithin(seconds: 20 * 60, 20 * 60 + 15) } == true, "back after 20m, not after 12m: \(back)")
        #expect(back.last.map { $0.isWithin(seconds: 35 * 60, 35 * 60 + 15) } == true, "back after the second heal at 35m: \(back)")
    }
}
