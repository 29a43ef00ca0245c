@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Fault spans")
struct FaultSpanTests {
    static func spans(_ text: String) throws -> [FaultSpan] {
        let (scenario, map) = try ScenarioParser.parse(text, file: "inline.scenario")
        return FaultSpan.spans(try ScenarioCompiler.compile(scenario, sourceMap: map))
    }

    static let topology = """
    zone a
    site s1 zone a
    site s2 zone a
    node n-1..2 site s1
    node n-3 site s2
    link s1 <-> s2 latency 5ms
    """

    @Test("a range is a span, and a one-off fault ends at the first later undo of the same thing")
    func pairing() throws {
        let spans = try Self.spans(Self.topology + """

        at 1m..2m power-off n-1
        at 3m cut uplink s1
        at 4m cut uplink s2
        at 6m heal uplink s1
        at 7m drop n-3 -> apiserver port 6443
        """)
        #expect(spans.map(\.kind) == [.powerOff, .cut, .cut, .drop])
        #expect(spans.map(\.end) == [.minutes(2), .minutes(6), nil, nil])
    }

    @Test("a fault hits the nodes whose traffic crosses the link")
    func affectedNodes() throws {
        let spans = try Self.spans(Self.topology + """

        at 1m..2m cut uplink s1
        at 1m..2m cut access n-3
        at 1m..2m loss link s1 <-> s2 100%
        at 1m..2m drop apiserver -> n-2
        at 1m..2m apiserver-down
        """)
        #expect(spans.map { $0.nodes.map(\.index) } == [[0, 1], [2], [0, 1, 2], [1], []])
    }

    @Test("Ready spans run from the first not-True status until True again, or the run's end")
    func readySpans() throws {
        let report = try #require(ScenarioRun.reports("power-loss").first)
        let spans = ReadySpan.spans(report)
        #expect(spans.count == 1)
        #expect(spans[0].node == NodeID(2) && spans[0].status == .unknown)
        // Pass 67 of a sliding 5.0011 s loop (seed 1, phase 0 s), 40.0088 s after the pass that saw
        // the last renewal.
        #expect(spans[0].start == .microseconds(335_073_700))
        #expect(spans[0].end > .minutes(15) && spans[0].end < .minutes(16))
    }
}
