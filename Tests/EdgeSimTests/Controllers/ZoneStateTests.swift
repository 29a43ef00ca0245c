import Testing
@testable import EdgeSim

@Suite("ZoneState.compute")
struct ZoneStateTests {
    /// `--unhealthy-zone-threshold` 0.55, the default.
    static let threshold: Int64 = 550_000

    @Test("names the state from ready and not-ready counts (reference §3 and §7)", arguments: [
        (1, 2, ZoneState.normal),             // 2 of 3 unhealthy: too few to be partial
        (2, 3, ZoneState.partialDisruption),  // 3/5
        (1, 3, ZoneState.partialDisruption),  // 3/4
        (0, 1, ZoneState.fullDisruption),     // a 1-node zone that is down
        (0, 5, ZoneState.fullDisruption),     // nothing ready
        (9, 11, ZoneState.partialDisruption), // 11/20 = 0.55 exactly
        (10, 10, ZoneState.normal),           // 10/20 is below 0.55
        (3, 0, ZoneState.normal),
        (0, 0, ZoneState.normal),             // an empty count is not a disruption
    ])
    func computesState(ready: Int, notReady: Int, expected: ZoneState) {
        #expect(ZoneState.compute(ready: ready, notReady: notReady, unhealthyThresholdPPM: Self.threshold) == expected)
    }

    @Test("the threshold is compared without rounding: 549 999 ppm tips 11/20 but 550 001 does not")
    func thresholdIsExact() {
        #expect(ZoneState.compute(ready: 9, notReady: 11, unhealthyThresholdPPM: 550_001) == .normal)
        #expect(ZoneState.compute(ready: 10, notReady: 10, unhealthyThresholdPPM: 500_000) == .partialDisruption)
    }
}
