/// Each event's own fields by name, unquoted: what `--format jsonl` writes as keys and the
/// event CSV as named columns, so that neither loses a detail the other keeps.
extension TimelineEvent {
    /// Every field name an event can carry, in the event CSV's column order.
    public static let fieldNames = [
        "workload", "kind", "status", "taint", "annotation", "service", "zone", "state", "fault", "phase", "subject",
        "tolerations", "pool", "reason",
    ]

    /// The fields of this event (those of `fieldNames` it has), in that order.
    public func fields<Names: TimelineNames>(_ names: Names) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        if let pod {
            let workload = names.workload(ofPod: pod)
            fields += [("workload", workload.name), ("kind", workload.kind.rawValue)]
        }
        switch kind {
        case .fault(let subject, let description, let phase):
            fields += [("fault", description), ("phase", phase.rawValue), ("subject", subject)]
        case .nodeReadyChanged(let status): fields.append(("status", status.rawValue))
        case .taintAdded(let taint), .taintRemoved(let taint): fields.append(("taint", taint))
        case .annotationAdded(let a), .annotationRemoved(let a): fields.append(("annotation", a))
        case .endpointAdded(let service), .endpointRemoved(let service): fields.append(("service", service))
        case .zoneStateChanged(let zone, let state): fields += [("zone", zone), ("state", state.rawValue)]
        case .tolerationsChanged(let tolerations): fields.append(("tolerations", tolerations))
        case .leaderElected(let pool), .coordinatorReady(let pool): fields.append(("pool", pool))
        case .leaderLost(let pool, let reason), .coordinatorNotReady(let pool, let reason):
            fields += [("pool", pool), ("reason", reason)]
        // k8s ≥ 1.31: the DisruptionTarget condition the taint manager sets before it deletes.
        case .podEvicted(let condition?), .podDrained(let condition?): fields.append(("condition", condition))
        case .edgeHubDisconnected(let reason): fields.append(("reason", reason))
        case .podNotReady, .podReady, .podEvicted, .podDrained, .podScheduled, .podRestarted, .podDeleted, .edgeHubConnected,
             .cloudHubRefused, .nodeRegistered: break
        }
        return fields
    }
}
