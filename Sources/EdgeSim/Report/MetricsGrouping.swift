/// How `--by` splits a run's metrics: by what a pod belongs to (its workload or the workload's
/// kind) or by where a node is (its zone, its site, or the value of one of its labels).
public enum MetricsGrouping: Equatable, Sendable {
    case workload, kind, zone, site
    case label(String)

    public static let spelling = "workload|kind|zone|site|label:KEY"

    public init?(parsing text: String) {
        switch text {
        case "workload": self = .workload
        case "kind": self = .kind
        case "zone": self = .zone
        case "site": self = .site
        default:
            guard text.hasPrefix("label:"), text.count > 6 else { return nil }
            self = .label(String(text.dropFirst(6)))
        }
    }

    public var text: String {
        switch self {
        case .workload: "workload"
        case .kind: "kind"
        case .zone: "zone"
        case .site: "site"
        case .label(let key): "label:" + key
        }
    }

    /// The name of the group of nodes without the label.
    public static let unlabelled = "-"

    /// Every group of the run, in order of first appearance (workloads and kinds in declaration
    /// order, node groups in node order), each as the scope its metrics are counted over.
    public func scopes(_ report: RunReport) -> [MetricsScope] {
        switch self {
        case .workload:
            return report.workloads.indices.map { w in
                MetricsScope.ofPods(report.workloads[w].name, report) { report.podWorkloadIndex[$0] == w }
            }
        case .kind:
            let kinds = WorkloadKind.allCases.filter { kind in report.workloads.contains { $0.kind == kind } }
            return kinds.map { kind in
                MetricsScope.ofPods(kind.rawValue, report) { report.workloads[report.podWorkloadIndex[$0]].kind == kind }
            }
        case .zone, .site, .label:
            let groupOfNode = report.nodeNames.indices.map { group(ofNode: $0, report: report) }
            var names: [String] = []
            for name in groupOfNode where !names.contains(name) { names.append(name) }
            return names.map { MetricsScope.ofNodes($0, report, groupOfNode: groupOfNode) }
        }
    }

    func group(ofNode node: Int, report: RunReport) -> String {
        switch self {
        case .zone: report.zoneOfNode[node]
        case .site: report.siteOfNode[node]
        case .label(let key): report.nodeLabels[node][key] ?? Self.unlabelled
        case .workload, .kind: preconditionFailure("pods are grouped by what they belong to, not by node")
        }
    }
}

/// The part of a run one row of metrics counts: some pods, some nodes, some services; metrics
/// that cannot be split that way are null in the row.
public struct MetricsScope: Sendable, Equatable {
    /// The group's name (a workload, a kind, a zone, a site or a label value); nil for the run.
    public var group: String?
    var pods: [Bool]
    var nodes: [Bool]
    /// Whether the group is a set of pods (every node counts, for the pods of the group).
    var groupsPods: Bool
    /// Services counted (by service index); nil when endpoint metrics do not split this way.
    var services: [Bool]?

    static func all(_ report: RunReport) -> MetricsScope {
        MetricsScope(group: nil, pods: Array(repeating: true, count: report.podNames.count),
                     nodes: Array(repeating: true, count: report.nodeNames.count), groupsPods: false,
                     services: Array(repeating: true, count: report.services.count))
    }

    var isWholeRun: Bool { group == nil }

    static func ofPods(_ name: String, _ report: RunReport, _ includes: (Int) -> Bool) -> MetricsScope {
        let pods = report.podNames.indices.map(includes)
        let services = report.services.indices.map { serviceIncluded($0, report, pods) }
        return MetricsScope(group: name, pods: pods, nodes: Array(repeating: true, count: report.nodeNames.count),
                            groupsPods: true, services: services)
    }

    /// A service belongs to a pod group when its workload's pods do.
    static func serviceIncluded(_ service: Int, _ report: RunReport, _ pods: [Bool]) -> Bool {
        let workload = report.serviceWorkloads[service]
        return report.podWorkloadIndex.indices.contains { report.podWorkloadIndex[$0] == workload && pods[$0] }
    }

    /// Nodes of the group, and the pods bound to them; a pod never bound counts where all of its
    /// workload's eligible nodes are (a store-pinned pod left Pending belongs to its store).
    static func ofNodes(_ name: String, _ report: RunReport, groupOfNode: [String]) -> MetricsScope {
        let nodes = groupOfNode.map { $0 == name }
        let bound = PodHistory(report).node
        let pods = report.podNames.indices.map { pod in
            if let node = bound[pod] { return nodes[node.index] }
            guard let eligible = report.workloads[report.podWorkloadIndex[pod]].eligibleNodes, !eligible.isEmpty else { return false }
            return eligible.allSatisfy { nodes[$0.index] }
        }
        return MetricsScope(group: name, pods: pods, nodes: nodes, groupsPods: false, services: nil)
    }
}

extension MetricsScope {
    /// The run-wide counters (messages, events, bytes) belong to no group; a group of pods has
    /// no node taints of its own; a group of nodes has no share of a service's endpoint gaps.
    var notApplicable: Set<String> {
        guard !isWholeRun else { return [] }
        var names: Set<String> = ["cloud_edge_bytes", "cloud_edge_bytes_down", "cloud_edge_bytes_up", "events_processed",
                                  "messages_dropped", "messages_lost"]
        if groupsPods { names.formUnion(["nodes_noexecute_tainted", "taints_noexecute"]) }
        if services == nil { names.formUnion(["endpoint_unavailable_s", "max_endpoint_gap_s"]) }
        return names
    }
}
