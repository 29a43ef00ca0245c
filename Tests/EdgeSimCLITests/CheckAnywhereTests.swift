import EdgeSimTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A user's repository: `ci/stores/a.scenario` (store-power-off, passing) and, with `failing`,
/// `ci/stores/b.scenario` whose line 40 expects an eviction SuperEdge never makes.
func userRepository(failing: Bool) throws -> (root: URL, failingLine: Int) {
    let root = try emptyDirectory()
    let folder = root.appendingPathComponent("ci/stores")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let text = try String(contentsOf: Repository.scenario("store-power-off"), encoding: .utf8)
    try text.write(to: folder.appendingPathComponent("a.scenario"), atomically: true, encoding: .utf8)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("by 30m evictions all == 0") }! + 1
    if failing {
        try text.replacingOccurrences(of: "name store-power-off", with: "name broken-store")
            .replacingOccurrences(of: "by 30m evictions all == 0", with: "by 30m evictions all == 1")
            .write(to: folder.appendingPathComponent("b.scenario"), atomically: true, encoding: .utf8)
    }
    return (root, line)
}

@Test("check runs a scenario anywhere with no golden: expect lines only, and says so")
func checkWithoutGolden() throws {
    let (root, _) = try userRepository(failing: false)
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try edgesim(["check", "ci/stores/a.scenario"], in: root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.output == "ok    store-power-off  (2 runs, 4 expectations, no golden report)\n1 passed, 0 failed, 1 without a golden report\n")
    let strict = try edgesim(["check", "--require-goldens", "ci/stores/a.scenario"], in: root)
    #expect(strict.status == 1)
    #expect(strict.output.contains("no golden report at ci/stores/store-power-off.timeline"))
}

@Test("check --record writes the golden next to the scenario (or under --goldens), and later checks compare with it")
func checkRecordsBesideTheScenario() throws {
    let (root, _) = try userRepository(failing: false)
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(try edgesim(["check", "--record", "ci/"], in: root, unsetting: ["CI"]).status == 0)
    let golden = root.appendingPathComponent("ci/stores/store-power-off.timeline")
    let recorded = try String(contentsOf: golden, encoding: .utf8)
    #expect(recorded.hasPrefix("# scenario store-power-off variant kubernetes mode kubernetes kubernetes 1.29 seed 14 duration 30m\n"))
    #expect(try edgesim(["check", "ci/stores"], in: root).output.hasPrefix("ok    store-power-off  (2 runs, 4 expectations)\n"))
    try recorded.replacingOccurrences(of: "seed 14", with: "seed 15").write(to: golden, atomically: true, encoding: .utf8)
    let differs = try edgesim(["check", "ci/stores/a.scenario"], in: root)
    #expect(differs.status == 1)
    #expect(differs.output.contains("  timeline differs from ci/stores/store-power-off.timeline at line 1:"))
    // --goldens points elsewhere: nothing there yet.
    try FileManager.default.createDirectory(at: root.appendingPathComponent("goldens"), withIntermediateDirectories: true)
    #expect(try edgesim(["check", "--goldens", "goldens", "ci/stores/a.scenario"], in: root).output.contains("no golden report"))
}

@Test("a failing expect line is exit 1 and a GitHub annotation at its file and line")
func checkAnnotatesForGitHub() throws {
    let (root, line) = try userRepository(failing: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try edgesim(["check", "--format", "github", "ci"], in: root)
    #expect(run.status == 1)
    #expect(run.output.contains("\n::error file=ci/stores/b.scenario,line=\(line),title=expectation failed::"
                                + "expect variant superedge by 30m evictions all == 1: expected == 1, actual 0\n"))
    #expect(run.output.hasSuffix("1 passed, 1 failed, 2 without a golden report\n"))
}

@Test("check --junit writes JUnit XML: a testsuite per scenario and variant, a testcase per expect line")
func checkWritesJUnit() throws {
    let (root, line) = try userRepository(failing: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let run = try edgesim(["check", "--junit", "results/junit.xml", "ci"], in: root)
    #expect(run.status == 2, "the results folder does not exist: refused before running")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("results"), withIntermediateDirectories: true)
    #expect(try edgesim(["check", "--junit", "results/junit.xml", "ci"], in: root).status == 1)
    let data = try Data(contentsOf: root.appendingPathComponent("results/junit.xml"))
    let document = try XMLDocument(data: data)
    let top = try #require(document.rootElement())
    #expect(top.name == "testsuites")
    #expect(top.attribute(forName: "tests")?.stringValue == "8" && top.attribute(forName: "failures")?.stringValue == "1")
    let suites = top.elements(forName: "testsuite")
    #expect(suites.map { $0.attribute(forName: "name")?.stringValue ?? "" }
            == ["store-power-off/kubernetes", "store-power-off/superedge", "broken-store/kubernetes", "broken-store/superedge"])
    #expect(suites.map { $0.elements(forName: "testcase").count } == [2, 2, 2, 2])
    let failures = suites.flatMap { $0.elements(forName: "testcase") }.filter { !$0.elements(forName: "failure").isEmpty }
    #expect(failures.count == 1)
    #expect(failures.first?.attribute(forName: "line")?.stringValue == "\(line)")
    #expect(failures.first?.attribute(forName: "file")?.stringValue == "ci/stores/b.scenario")
    #expect(failures.first?.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue == "expected == 1, actual 0")
}
