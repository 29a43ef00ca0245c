import EdgeSim
import Testing

@Suite("TextDifference")
struct TextDifferenceTests {
    @Test("equal texts have no difference")
    func equalTextsHaveNone() {
        #expect(TextDifference(expected: "a\nb\n", actual: "a\nb\n") == nil)
        #expect(TextDifference(expected: "", actual: "") == nil)
    }

    @Test("the difference starts at the first differing line and shows up to three lines of each side")
    func firstDifferingLine() throws {
        let difference = try #require(TextDifference(expected: "a\nb\nc\nd\ne\nf", actual: "a\nb\nX\nd\ne\nf"))
        #expect(difference.line == 3)
        #expect(difference.expected == ["c", "d", "e"])
        #expect(difference.actual == ["X", "d", "e"])
    }

    @Test("a text that stops early shows nothing on its side from where it ends")
    func shorterText() throws {
        let difference = try #require(TextDifference(expected: "a\nb", actual: "a\nb\nc\nd"))
        #expect(difference.line == 3)
        #expect(difference.expected == [])
        #expect(difference.actual == ["c", "d"])
    }

    @Test("a missing final newline is a difference, at the line after the last")
    func missingFinalNewline() throws {
        let difference = try #require(TextDifference(expected: "a\nb\n", actual: "a\nb"))
        #expect(difference.line == 3)
        #expect(difference.expected == [""])
        #expect(difference.actual == [])
    }

    @Test("the context can be narrowed to the differing line alone")
    func narrowContext() throws {
        let difference = try #require(TextDifference(expected: "a\nb\nc", actual: "x\ny\nz", context: 1))
        #expect(difference.line == 1)
        #expect(difference.expected == ["a"] && difference.actual == ["x"])
    }

    @Test("the summary reads like diff: the file and line, then - for expected and + for actual")
    func summaryReadsLikeDiff() throws {
        let difference = try #require(TextDifference(expected: "same\nold\n", actual: "same\nnew\n"))
        let lines = ["  timeline differs from Reports/x.timeline at line 2:", "  - old", "  - ", "  + new", "  + "]
        #expect(difference.summary(against: "Reports/x.timeline") == lines.joined(separator: "\n"))
    }
}
