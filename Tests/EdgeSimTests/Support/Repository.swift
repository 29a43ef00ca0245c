import Foundation

/// The repository this test file lives in, found from `#filePath` rather than from bundle
/// resources, so tests read the same `Scenarios/` that the command line does.
enum Repository {
    /// `Tests/EdgeSimTests/Support/Repository.swift` is three folders below the root.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static func scenario(_ name: String) -> URL {
        root.appendingPathComponent("Scenarios").appendingPathComponent(name + ".scenario")
    }

    /// Every `Scenarios/*.scenario`, sorted by name so test order never depends on the file system.
    static func scenarioFiles() -> [URL] {
        let folder = root.appendingPathComponent("Scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".scenario") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
