/// One line of a run's timeline: a state transition that a person (or `expect`) cares about.
/// Heartbeats and messages are only counted, never listed.
public struct TimelineEvent: Sendable, Equatable {
    public var time: SimTime
    public var kind: Kind
    /// The node the event is about, if any.
    public var node: NodeID?
    public var pod: PodID?
    /// Why it happened (`Cause`): read by `explain`, the trace and the SVG, never printed in a
    /// timeline line, and not part of `==` (two timelines are equal when their lines are).
    public var cause: Cause

    public init(time: SimTime, kind: Kind, node: NodeID? = nil, pod: PodID? = nil, cause: Cause = .none) {
        self.time = time; self.kind = kind; self.node = node; self.pod = pod; self.cause = cause
    }

    public static func == (lhs: TimelineEvent, rhs: TimelineEvent) -> Bool {
        lhs.time == rhs.time && lhs.kind == rhs.kind && lhs.node == rhs.node && lhs.pod == rhs.pod
    }

    public enum Kind: Sendable, Equatable {
        /// A scripted fault started or ended; `subject` names what it hit (a node, `uplink:site`).
        case fault(subject: String, description: String, phase: FaultPhase)
        case nodeReadyChanged(ConditionStatus)
        /// A kubelet created its Node object: a node added during the run, or re-added after a
        /// `delete-node`.
        case nodeRegistered
        case taintAdded(String)
        case taintRemoved(String)
        case zoneStateChanged(zone: String, state: ZoneState)
        case podNotReady
        case podReady
        case endpointRemoved(service: String)
        case endpointAdded(service: String)
        /// The detail is the pod condition the eviction added first, if the release adds one.
        case podEvicted(String?)
        /// An operator's eviction (`kubectl drain`, the Eviction API), not a taint's; the detail
        /// is the pod condition the eviction added first, if the release adds one.
        case podDrained(String?)
        case podScheduled
        case podRestarted
        /// The kubelet confirmed a Terminating pod's containers are gone; the object is removed.
        case podDeleted
        /// A node annotation was set (`nodeunhealth=yes`) or removed (`nodeunhealth`).
        case annotationAdded(String)
        case annotationRemoved(String)
        /// OpenYurt's podbinding rewrote a pod's not-ready/unreachable NoExecute tolerations.
        case tolerationsChanged(String)
        /// A YurtHub won its pool's `kube-system/yurthub` lease.
        case leaderElected(pool: String)
        /// A YurtHub stopped leading its pool (why: step-down, renew deadline, power-off).
        case leaderLost(pool: String, reason: String)
        /// A pool's coordinator serves pool-scope data: its `leader-informer-sync` lease is fresh.
        case coordinatorReady(pool: String)
        /// A pool's coordinator stopped serving: the sync lease went stale or the coordinator died.
        case coordinatorNotReady(pool: String, reason: String)
        /// KubeEdge: a node's EdgeHub stopped believing it is connected (why: keepalive failed,
        /// edgecore restart, power-off).
        case edgeHubDisconnected(reason: String)
        /// KubeEdge: a node's EdgeHub connected to CloudHub.
        case edgeHubConnected
        /// KubeEdge: CloudHub refused a node's connection at its node limit (once per outage).
        case cloudHubRefused
    }

    /// The `event` field of the JSON Lines format and the text format's third column.
    /// A taint eviction, whatever condition it added.
    public var isEviction: Bool {
        if case .podEvicted = kind { return true }
        return false
    }

    public var name: String {
        switch kind {
        case .fault: "fault"
        case .nodeReadyChanged: "node-ready-changed"
        case .nodeRegistered: "node-registered"
        case .taintAdded: "taint-added"
        case .taintRemoved: "taint-removed"
        case .zoneStateChanged: "zone-state-changed"
        case .podNotReady: "pod-not-ready"
        case .podReady: "pod-ready"
        case .endpointRemoved: "endpoint-removed"
        case .endpointAdded: "endpoint-added"
        case .podEvicted: "pod-evicted"
        case .podDrained: "pod-drained"
        case .podScheduled: "pod-scheduled"
        case .podRestarted: "pod-restarted"
        case .podDeleted: "pod-deleted"
        case .annotationAdded: "annotation-added"
        case .annotationRemoved: "annotation-removed"
        case .tolerationsChanged: "pod-tolerations-changed"
        case .leaderElected: "leader-elected"
        case .leaderLost: "leader-lost"
        case .coordinatorReady: "coordinator-ready"
        case .coordinatorNotReady: "coordinator-not-ready"
        case .edgeHubDisconnected: "edgehub-disconnected"
        case .edgeHubConnected: "edgehub-connected"
        case .cloudHubRefused: "cloudhub-refused"
        }
    }

    /// Every event name, for validation of `expect` lines and for documentation.
    public static let names = [
        "fault", "node-ready-changed", "node-registered", "taint-added", "taint-removed", "zone-state-changed",
        "pod-not-ready", "pod-ready", "endpoint-removed", "endpoint-added", "pod-evicted", "pod-drained",
        "pod-scheduled", "pod-restarted", "pod-deleted", "annotation-added", "annotation-removed",
        "pod-tolerations-changed", "leader-elected", "leader-lost", "coordinator-ready", "coordinator-not-ready",
        "edgehub-disconnected", "edgehub-connected", "cloudhub-refused",
    ]
}

public enum FaultPhase: String, Sendable {
    case start, end
}

extension TimelineEvent {
    /// The words an `expect` detail is matched against: a taint, its key and its effect; a
    /// Ready status (`Unknown`, `Ready=Unknown`); an annotation and its key; a service or pod
    /// name; a pool; a zone state; a fault's phase, subject, statement and verb.
    func detailWords<Names: TimelineNames>(_ names: Names) -> [String] {
        let pod = names.podName(pod).map { [$0] } ?? []
        switch kind {
        case .taintAdded(let taint), .taintRemoved(let taint):
            let parts = taint.split(separator: ":", maxSplits: 1).map(String.init)
            return [taint] + parts
        case .nodeReadyChanged(let status): return [status.rawValue, "Ready=" + status.rawValue]
        case .annotationAdded(let a), .annotationRemoved(let a): return [a, String(a.split(separator: "=").first ?? "")]
        case .zoneStateChanged(let zone, let state): return [state.rawValue, zone]
        case .endpointAdded(let service), .endpointRemoved(let service): return [service] + pod
        case .fault(let subject, let description, let phase):
            // Its verb too, so `after fault node:n-1 kubelet-stop` names the fault by what it did.
            return [phase.rawValue, subject, description, String(description.prefix { $0 != " " })]
        case .tolerationsChanged(let detail): return [detail] + pod
        case .leaderElected(let pool), .coordinatorReady(let pool): return [pool]
        case .leaderLost(let pool, let reason), .coordinatorNotReady(let pool, let reason): return [pool, reason]
        case .edgeHubDisconnected(let reason): return [reason]
        case .podNotReady, .podReady, .podEvicted, .podDrained, .podScheduled, .podRestarted, .podDeleted, .edgeHubConnected,
             .cloudHubRefused: return pod
        case .nodeRegistered: return []
        }
    }

    /// Whether `detail` (nil: anything) names this event: one of its words, or the end of one
    /// after a `/` (`unreachable:NoExecute` for `node.kubernetes.io/unreachable:NoExecute`).
    func matches<Names: TimelineNames>(_ detail: String?, _ names: Names) -> Bool {
        guard let detail else { return true }
        return detailWords(names).contains { $0 == detail || ($0.contains("/") && $0.hasSuffix("/" + detail)) }
    }
}
