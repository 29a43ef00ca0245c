/// How long pods may stay on an autonomous node that went NotReady or unreachable: the answer
/// OpenYurt derives from a node's autonomy annotations.
public enum NodeAutonomy: Sendable, Equatable {
    /// Not-ready/unreachable NoExecute tolerated forever (tolerationSeconds nil).
    case forever
    /// tolerationSeconds set to the node's autonomy duration.
    case seconds(Int64)

    // openyurt: pkg/util/nodeutil IsPodBoundenToNode + HEAD podbinding resolveNodeAutonomySetting —
    // the old annotation "true" means forever; a duration of 0 (or one that does not parse) means
    // forever; any other duration becomes tolerationSeconds. Scenario `label` lines stand in for
    // annotations, so both are read. `defaultDuration` is the `autonomy-duration` setting, as if
    // every node carried the v1.6 annotation.
    public static func of(_ node: NodeObject, defaultDuration: SimTime?) -> NodeAutonomy? {
        func value(_ key: String) -> String? { node.annotations[key] ?? node.labels[key] }
        if value(OpenYurtNames.autonomy) == "true" { return .forever }
        if let text = value(OpenYurtNames.autonomyDuration) { return from(SimTime.parse(text) ?? (text == "0" ? .zero : nil)) }
        if let defaultDuration { return from(defaultDuration) }
        return nil
    }

    static func from(_ duration: SimTime?) -> NodeAutonomy {
        guard let duration, duration.wholeSeconds > 0 else { return .forever }
        return .seconds(duration.wholeSeconds)
    }

    /// The tolerationSeconds podbinding writes: nil for forever.
    public var tolerationSeconds: Int64? {
        switch self {
        case .forever: nil
        case .seconds(let s): s
        }
    }
}
