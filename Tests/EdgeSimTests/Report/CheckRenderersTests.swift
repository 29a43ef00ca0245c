@testable import EdgeSim
import Testing

@Suite("check's JUnit and GitHub output")
struct CheckRenderersTests {
    @Test("JUnit text escapes XML's five characters and replaces characters XML cannot carry")
    func junitEscapes() {
        #expect(JUnitRenderer.escaped("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(JUnitRenderer.escaped("bell\u{7}\ttab") == "bell\u{FFFD}\ttab")
    }

    @Test("GitHub commands escape % and line breaks in the message, also : and , in properties")
    func githubEscapes() {
        #expect(GitHubAnnotations.command("error", file: "a,b:c.scenario", line: 3, title: "t", "50%\nnext")
                == "::error file=a%2Cb%3Ac.scenario,line=3,title=t::50%25%0Anext\n")
    }

    @Test("a scenario without a golden report passes unless goldens are required; JUnit leaves it out unless required")
    func missingGolden() {
        let run = ScenarioCheck.Run(variant: nil, expectations: nil, violation: nil, expectationCount: 0, locations: [])
        var check = ScenarioCheck(path: "x.scenario", name: "x", runs: [], golden: .missing(path: "x.timeline"), requiresGolden: false)
        #expect(check.passed)
        #expect(!JUnitRenderer.render([check]).contains("golden"))
        check.requiresGolden = true
        #expect(!check.passed)
        #expect(JUnitRenderer.render([check]).contains("<failure message=\"no golden report at x.timeline\" type=\"expectation\"/>"))
        check.runs = [run]
        check.golden = .notCompared
        // A run that neither finished nor broke has no results: it is not a pass.
        #expect(!check.passed)
    }
}
