@testable import EdgeSim
import Testing

/// Where a parked loop's next round falls: the first of its grid after the waking event.
struct ParkedLoopTests {
    let loop = ParkedLoop(life: 1, anchor: .seconds(100), step: .seconds(10))

    @Test("between rounds: the next one on the grid")
    func betweenRounds() {
        #expect(loop.nextRound(now: .seconds(100), runsAfterCurrent: true) == .seconds(110), "the anchor round itself ran")
        #expect(loop.nextRound(now: .seconds(103), runsAfterCurrent: false) == .seconds(110))
        #expect(loop.nextRound(now: .microseconds(157_000_001), runsAfterCurrent: true) == .seconds(160))
    }

    @Test("on a round's instant: that round if it runs after the waking event, else the next")
    func onARound() {
        #expect(loop.nextRound(now: .seconds(150), runsAfterCurrent: true) == .seconds(150))
        #expect(loop.nextRound(now: .seconds(150), runsAfterCurrent: false) == .seconds(160))
        #expect(loop.nextRound(now: .seconds(110), runsAfterCurrent: true) == .seconds(110))
    }
}
