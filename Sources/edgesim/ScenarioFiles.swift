import EdgeSim
import Foundation

/// The scenario files a command is pointed at: files as named, folders opened.
enum ScenarioFiles {
    /// Each operand as a path: a file as it is; a folder as every `.scenario` in it and below
    /// and the `.json` scenarios directly in it (`schema.json` aside; a repository's other
    /// JSON lives deeper), sorted. No operand: the default folder, which must hold some.
    static func find(_ operands: [String], default folder: String) throws(ScenarioError) -> [String] {
        guard !operands.isEmpty else {
            let found = scenarios(in: folder)
            guard !found.isEmpty else { throw ScenarioError(file: folder, location: "", message: "no .scenario files found") }
            return found
        }
        var paths: [String] = []
        for operand in operands {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: operand, isDirectory: &isDirectory), isDirectory.boolValue else {
                paths.append(operand)
                continue
            }
            let found = scenarios(in: operand)
            guard !found.isEmpty else {
                throw ScenarioError(file: operand, location: "", message: "expected scenario files (.scenario, or .json in the folder itself), found none")
            }
            paths += found
        }
        return paths
    }

    static func scenarios(in folder: String) -> [String] {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let isTopLevel = !relative.contains("/")
            if relative.hasSuffix(".scenario") || (isTopLevel && relative.hasSuffix(".json") && relative != "schema.json") {
                found.append(base + "/" + relative)
            }
        }
        return found.sorted()
    }
}
