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

    /// Two sites of ten nodes, a pod each; site s loses its uplink for 10 minutes, site t's
    /// uplink flaps (2 minutes, half of it down) from 30m to the end. Its budget estimate is
    /// worked out by hand in `WorkEstimateTests` (4,904 events); it takes 8,820 events and
    /// timeline lines, so a budget between the two admits it and then stops it.
    public static let twoSitesWithFlap = """
        duration 1h
        zone z
        site s zone z
        site t zone z
        node a-1..a-10 site s
        node b-1..b-10 site t
        deployment web replicas 20 on zone z
        at 10m..20m cut uplink s
        at 30m flap uplink t period 2m duty 50%

        """
}
