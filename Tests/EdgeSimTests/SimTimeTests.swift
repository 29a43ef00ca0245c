import EdgeSim
import Testing

@Test("durations parse as scenarios write them and print back the same")
func durationsRoundTrip() {
    for text in ["40s", "5m", "1h30m", "250ms", "1500us", "0s", "26h"] {
        #expect(SimTime.parse(text)?.description == text)
    }
}

@Test("durations without a unit, with a sign or beyond the limit are refused")
func badDurationsAreRefused() {
    for text in ["", "5", "-5m", "5x", "m", "999999999999h", "1h30"] {
        #expect(SimTime.parse(text) == nil)
    }
}
