import Testing
@testable import EdgeSim

@Suite("SimTime")
struct SimTimeTests {
    @Test("parses every unit a scenario may write", arguments: [
        ("40s", SimTime.seconds(40)),
        ("1h30m", SimTime.minutes(90)),
        ("250ms", SimTime.milliseconds(250)),
        ("1500us", SimTime.microseconds(1_500)),
        ("0s", SimTime.zero),
        ("1m1s1ms1us", SimTime.microseconds(61_001_001)),
    ])
    func parsesUnits(text: String, expected: SimTime) {
        #expect(SimTime.parse(text) == expected)
    }

    @Test("rejects a bare number, a bare unit, a sign, an unknown unit and emptiness",
          arguments: ["40", "s", "-5s", "5x", "", "5 s", "1h30", "ms5"])
    func rejectsMalformed(text: String) {
        #expect(SimTime.parse(text) == nil)
    }

    @Test("rejects durations that would overflow or pass the limit",
          arguments: ["99999999999999h", "9223372036854775808us", "99999999999999999999s"])
    func rejectsOverflow(text: String) {
        #expect(SimTime.parse(text) == nil)
    }

    @Test("honours a caller's limit exactly")
    func honoursLimit() {
        #expect(SimTime.parse("10s", limit: .seconds(10)) == .seconds(10))
        #expect(SimTime.parse("10001ms", limit: .seconds(10)) == nil)
    }

    @Test("prints the shortest spelling", arguments: [
        (SimTime.seconds(40), "40s"),
        (SimTime.minutes(90), "1h30m"),
        (SimTime.seconds(3_601), "1h1s"),
        (SimTime.milliseconds(250), "250ms"),
        (SimTime.microseconds(1_500), "1500us"),
        (SimTime.zero, "0s"),
        (SimTime.seconds(-5), "-5s"),
    ])
    func printsShortest(time: SimTime, expected: String) {
        #expect(time.description == expected)
    }

    @Test("description parses back to the same time", arguments: [
        Int64(1), 999, 1_000, 1_500, 40_000_000, 5_400_000_000, 3_600_500_000, 86_399_999_999,
    ])
    func descriptionRoundTrips(microseconds: Int64) {
        let time = SimTime.microseconds(microseconds)
        #expect(SimTime.parse(time.description) == time)
    }

    @Test("clock prints hours, minutes, seconds and milliseconds", arguments: [
        (SimTime.milliseconds(342_100), "+00:05:42.100"),
        (SimTime.zero, "+00:00:00.000"),
        (SimTime.seconds(100 * 3_600 + 1), "+100:00:01.000"),
        (SimTime.microseconds(1_999), "+00:00:00.001"),
        (SimTime.milliseconds(-1_500), "-00:00:01.500"),
    ])
    func clockFormat(time: SimTime, expected: String) {
        #expect(time.clock == expected)
    }

    @Test("secondsText prints milliseconds after the point")
    func secondsText() {
        #expect(SimTime.milliseconds(642_100).secondsText == "642.100")
        #expect(SimTime.milliseconds(-5).secondsText == "-0.005")
    }
}
