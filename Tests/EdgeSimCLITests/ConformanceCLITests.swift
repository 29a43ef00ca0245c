import EdgeSimTestSupport
import Foundation
import Testing

@Test("conformance compare: 0 on a committed real recording, 1 when a time is off by a pass, 2 with file:line on a malformed one")
func conformanceCompareExitCodes() throws {
    let recording = Repository.root.appendingPathComponent("conformance/recorded/tolerations.jsonl")
    let scenario = "conformance/tolerations.scenario"
    let good = try edgesim(["conformance", "compare", recording.path, scenario])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.output.contains("0 differ, 0 ties, 0 missing, 0 extra"))
    let lines = try String(contentsOf: recording, encoding: .utf8).split(separator: "\n").map(String.init)
    let directory = try emptyDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // One node turning Unknown 5 s later than it did: the comparer must say so.
    let late = lines.map { line -> String in
        guard line.contains(#""event":"node-ready-changed""#), line.contains(#""status":"Unknown""#),
              let range = line.range(of: #""time_us":"#) else { return line }
        let digits = line[range.upperBound...].prefix { $0.isNumber }
        return line.replacingOccurrences(of: #""time_us":"# + digits, with: #""time_us":"# + String(Int64(digits)! + 5_000_000))
    }
    let latePath = directory.appendingPathComponent("late.jsonl")
    try late.joined(separator: "\n").write(to: latePath, atomically: true, encoding: .utf8)
    let differs = try edgesim(["conformance", "compare", latePath.path, scenario])
    #expect(differs.status == 1)
    #expect(differs.output.contains("DIFFERS"))
    let broken = directory.appendingPathComponent("broken.jsonl")
    try (lines[0] + "\n" + lines[1] + "\n{\"event\":\n").write(to: broken, atomically: true, encoding: .utf8)
    let bad = try edgesim(["conformance", "compare", broken.path, scenario])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains(broken.path + ":3:1: error:"), "\(bad.stderr)")
}

@Test("conformance plan refuses a scenario of several variants without --variant, a non-kubernetes mode and a jittered lease loop")
func conformancePlanRefusals() throws {
    let several = try edgesim(["conformance", "plan", "Scenarios/gz-3-disconnect.scenario"])
    #expect(several.status == 2)
    #expect(several.stderr.contains("pick one with --variant"))
    let superedge = try edgesim(["conformance", "plan", "Scenarios/gz-3-disconnect.scenario", "--variant", "superedge"])
    #expect(superedge.status == 2)
    #expect(superedge.stderr.contains("expected kubernetes"))
    // The shipped scenario renews with upstream's jitter; the driver plays the exact grid only.
    let jittered = try edgesim(["conformance", "plan", "Scenarios/gz-3-disconnect.scenario", "--variant", "kubernetes"])
    #expect(jittered.status == 2)
    #expect(jittered.stderr.contains("lease-renew-jitter=0"))
    let plan = try edgesim(["conformance", "plan", "Scenarios/gz-3-disconnect.scenario", "--variant", "kubernetes", "--set", "lease-renew-jitter=0"])
    #expect(plan.status == 0)
    #expect(plan.output.hasPrefix(#"{"plan":"header","scenario":"gz-3-disconnect","variant":"kubernetes""#))
}
