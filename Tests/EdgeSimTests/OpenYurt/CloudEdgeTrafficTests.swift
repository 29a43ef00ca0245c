import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("Cloud-edge byte accounting")
struct CloudEdgeTrafficTests {
    /// Two nodes, one pool, 10 churning services, one endpoints change a second for 10 s;
    /// leases and node GETs cost nothing here so only the churn model and lists count.
    static func scenario(restart: Bool) -> String {
        """
        name bytes
        duration 10s
        mode openyurt
        set openyurt-version 1.6
        set churn-services 10
        set endpoints-churn-per-second 1
        set endpoints-object-bytes 100
        set endpointslice-object-bytes 400
        set service-object-bytes 50
        set pod-object-bytes 0
        set node-object-bytes 0
        set lease-object-bytes 0
        site s
        node a-1,a-2 site s
        \(restart ? "at 5s restart-edge a-1,a-2" : "")
        variant coordinator set pool-coordinator true
        variant cloud set pool-coordinator false
        """
    }

    @Test("settings whose products pass Int64's range pin the counters at the maximum instead of trapping")
    func countersSaturate() throws {
        // The hardening issue's reproduction: a billion services of a gigabyte each, relisted
        // by twenty restarting hubs, used to die on an arithmetic overflow (exit 132).
        let reports = try ScenarioRun.reports(text: """
            mode openyurt
            set pool-coordinator false
            set churn-services 1000000000
            set endpointslice-object-bytes 1000000000
            site s
            node n-1..n-20 site s
            at 1m restart-edge n-1..n-20
            """)
        let traffic = try #require(reports[0].traffic)
        #expect(traffic.bytes(.endpointSlices, .down) == .max)
        #expect(traffic.total == .max)
        #expect(traffic.bytes(.leases, .up) > 0 && traffic.bytes(.leases, .up) < .max)
    }

    @Test("saturating arithmetic clamps at both ends and is exact inside")
    func saturatingArithmetic() {
        #expect(Int64.max.addingSaturated(1) == .max)
        #expect(Int64.min.addingSaturated(-1) == .min)
        #expect(Int64(40).addingSaturated(2) == 42)
        #expect(Int64(1 << 40).multipliedSaturated(by: 1 << 40) == .max)
        #expect(Int64(-(1 << 40)).multipliedSaturated(by: 1 << 40) == .min)
        #expect(Int64(-6).multipliedSaturated(by: -7) == 42)
    }

    @Test("with the coordinator only the leader watches the cloud: 10 changes x 500 B")
    func churnWithCoordinator() throws {
        let reports = try ScenarioRun.reports(text: Self.scenario(restart: false))
        let traffic = try #require(reports[0].traffic)
        #expect(traffic.bytes(.endpoints) == 10 * 100)
        #expect(traffic.bytes(.endpointSlices) == 10 * 400)
        #expect(traffic.total == 5_000 && traffic.up == 0)
    }

    @Test("without it both hubs watch the cloud: twice the bytes")
    func churnWithoutCoordinator() throws {
        let reports = try ScenarioRun.reports(text: Self.scenario(restart: false))
        #expect(reports[1].cloudEdgeBytes == 10_000)
    }

    @Test("a restart re-lists services everywhere, pool-scope only from the leader with the coordinator")
    func restartRelists() throws {
        let reports = try ScenarioRun.reports(text: Self.scenario(restart: true))
        // churn 5,000 + services 2 x 10 x 50 + the leader's informer 10 x 500
        let withCoordinator: Int64 = 5_000 + 1_000 + 5_000
        #expect(reports[0].cloudEdgeBytes == withCoordinator)
        // churn 10,000 + services 1,000 + both hubs' pool-scope lists 2 x 5,000
        let withoutCoordinator: Int64 = 10_000 + 1_000 + 10_000
        #expect(reports[1].cloudEdgeBytes == withoutCoordinator)
    }

    @Test("the coordinator cuts the 50-node pool's cloud-edge bytes in yurt-bandwidth to under a tenth")
    func bandwidthSaving() throws {
        let with = try #require(try ScenarioRun.report("yurt-bandwidth", variant: "coordinator").cloudEdgeBytes)
        let without = try #require(try ScenarioRun.report("yurt-bandwidth", variant: "no-coordinator").cloudEdgeBytes)
        #expect(with * 10 < without)
    }

    @Test("modes without YurtHub report no bytes (null, not zero)")
    func otherModes() throws {
        let report = try ScenarioRun.report("gz-3-disconnect", variant: "kubernetes")
        #expect(report.cloudEdgeBytes == nil)
        #expect(TimelineRenderer.metrics(report).contains("\"cloud_edge_bytes\":null"))
    }

    @Test("a lease probe counts one Lease up and one down")
    func leaseBytes() throws {
        let text = Self.scenario(restart: false).replacingOccurrences(of: "set lease-object-bytes 0", with: "set lease-object-bytes 7")
            .replacingOccurrences(of: "set endpoints-churn-per-second 1", with: "set endpoints-churn-per-second 0")
        let traffic = try #require(try ScenarioRun.reports(text: text)[1].traffic)
        // Each hub probes once in the first 10 s (random phase, no loss, no faults).
        #expect(traffic.bytes(.leases, .up) == 2 * 7 && traffic.bytes(.leases, .down) == 2 * 7)
    }
}
