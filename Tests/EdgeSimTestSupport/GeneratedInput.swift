import EdgeSim

/// Inputs too large to keep in the repository, made when a test needs them.
public enum GeneratedInput {
    /// A scenario of nothing but `count` empty lines. `ScenarioParser.maxLines + 1` of them is
    /// one line over the limit: the parser must refuse it at that line, before anything else.
    public static func emptyLines(_ count: Int) -> String {
        String(repeating: "\n", count: count)
    }

    /// A scenario in JSON whose `name` is `depth` arrays deep (200,010 bytes by default): deeper
    /// than Foundation's JSON parser accepts, so it must be refused as invalid JSON.
    public static func deeplyNestedJSON(depth: Int = 100_000) -> String {
        "{\"name\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
    }
}
