import Foundation

/// The repository the tests run in, found from this file's `#filePath` rather than from bundle
/// resources, so that tests read the same `Scenarios/` and `Reports/` as the command line.
/// Every test target finds the root here and nowhere else.
public enum Repository {
    /// `Tests/EdgeSimTestSupport/Repository.swift` is three levels below the root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Scenarios/<name>.scenario`.
    public static func scenario(_ name: String) -> URL {
        root.appendingPathComponent("Scenarios").appendingPathComponent(name + ".scenario")
    }

    /// `Reports/<name>.timeline`, the golden report of the scenario called `name`.
    public static func golden(_ name: String) -> URL {
        root.appendingPathComponent("Reports").appendingPathComponent(name + ".timeline")
    }

    /// A file under `Tests/EdgeSimTests/Fixtures/`.
    public static func fixture(_ file: String) -> URL {
        root.appendingPathComponent("Tests/EdgeSimTests/Fixtures").appendingPathComponent(file)
    }

    /// The bad-input corpus, `Tests/EdgeSimTests/BadScenarios/`.
    public static let badScenarios = root.appendingPathComponent("Tests/EdgeSimTests/BadScenarios")

    /// Every `Scenarios/*.scenario`, sorted by name so test order never depends on the file system.
    public static func scenarioFiles() -> [URL] {
        let folder = root.appendingPathComponent("Scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".scenario") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The names of the shipped scenarios (their file names without `.scenario`), sorted.
    public static func scenarioNames() -> [String] {
        scenarioFiles().map { $0.deletingPathExtension().lastPathComponent }
    }
}
