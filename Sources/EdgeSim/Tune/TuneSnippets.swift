/// For each front configuration, what to apply to a real cluster: kube-controller-manager and
/// kube-apiserver flags, kubelet flags, pod toleration YAML per workload class, the OpenShift
/// `workerLatencyProfile`, and the SuperEdge/OpenYurt settings, from the keys the space sets.
/// Keys no component reads (params, simulator knobs) are listed as such.
public enum TuneSnippets {
    static let controllerManager: Set<String> = [
        "node-monitor-period", "node-monitor-grace-period", "node-startup-grace-period", "node-eviction-rate",
        "secondary-node-eviction-rate", "unhealthy-zone-threshold", "large-cluster-size-threshold",
    ]
    static let kubelet: Set<String> = ["node-status-update-frequency", "node-status-report-frequency"]
    static let superEdge: Set<String> = ["healthcheckperiod", "communicateperiod", "voteperiod", "votetimeout"]

    public static func render(_ table: TuneTable) -> String {
        var out = "# Settings to apply, one section per front configuration (edgesim tune)\n"
        for i in table.front { out += "\n" + snippet(table, table.rows[i]) }
        return out
    }

    public static func snippet(_ table: TuneTable, _ row: TuneTable.Row) -> String {
        let pairs = Array(zip(table.keys, row.values))
        var out = "## \(row.label): \(table.describe(row, withMode: true))\n"
        out += "objectives: " + zip(table.criteria.objectives, table.objectives(row))
            .map { "\($0.label)=\(SweepSummary.thousandths($1))" }.joined(separator: ", ") + " over \(row.seeds) seeds\n"
        switch row.mode {
        case "openshift":
            out += "OpenShift runs kube-controller-manager and kube-apiserver itself: only workerLatencyProfile is a supported knob; "
                + "other flags below need the operators' unsupportedConfigOverrides.\n"
        case "superedge": out += "SuperEdge: edge-health on every edge node and its admission webhook in the cloud.\n"
        case "openyurt": out += "OpenYurt: YurtHub on every edge node (and the pool coordinator when pool-coordinator is true).\n"
        default: break
        }
        func section(_ title: String, _ body: [String]) {
            guard !body.isEmpty else { return }
            out += "\n" + title + ":\n" + body.map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        // k8s: cmd/kube-controller-manager options (NodeLifecycleControllerConfiguration).
        section("kube-controller-manager flags", pairs.filter { controllerManager.contains($0.0) }.map { "--\($0)=\($1)" })
        // k8s: plugin/pkg/admission/defaulttolerationseconds flags on kube-apiserver.
        var apiServer: [String] = []
        for (key, value) in pairs {
            let seconds = SimTime.parse(value).map { "\($0.wholeSeconds)" } ?? value
            switch key {
            case "default-toleration-seconds":
                apiServer += ["--default-not-ready-toleration-seconds=\(seconds)", "--default-unreachable-toleration-seconds=\(seconds)"]
            case "default-not-ready-toleration-seconds", "default-unreachable-toleration-seconds": apiServer.append("--\(key)=\(seconds)")
            default: break
            }
        }
        section("kube-apiserver flags", apiServer)
        section("kubelet flags", pairs.filter { kubelet.contains($0.0) }.map { "--\($0)=\($1)" }
                + pairs.filter { $0.0 == "node-lease-duration-seconds" }.map { "--node-lease-duration-seconds=\($1)" })
        for (key, value) in pairs where WorkloadTolerationOverride.isKey(key) {
            let glob = String(key.dropFirst(WorkloadTolerationOverride.prefix.count))
            let seconds = value == "forever" ? nil : (Int64(value) ?? SimTime.parse(value)?.wholeSeconds)
            out += "\npod template tolerations for workloads matching \(glob):\n"
            for taint in [Taint.notReadyKey, Taint.unreachableKey] {
                out += "  - key: \(taint)\n    operator: Exists\n    effect: NoExecute\n"
                if let seconds { out += "    tolerationSeconds: \(seconds)\n" }
            }
        }
        if let profile = pairs.first(where: { $0.0 == "latency-profile" })?.1 {
            out += "\nOpenShift (oc edit nodes.config/cluster):\n  apiVersion: config.openshift.io/v1\n  kind: Node\n"
                + "  metadata:\n    name: cluster\n  spec:\n    workerLatencyProfile: \(profile)\n"
        }
        section("SuperEdge edge-health flags", pairs.filter { superEdge.contains($0.0) }.map { "--\($0)=\($1)" }
                + pairs.filter { $0.0 == "edge-health-multi-region" }.map { "edge-health-config ConfigMap: MultiRegion=\($1)" }
                + pairs.filter { $0.0 == "always-reachable" }.map { "edge-health-admission --always-reachable=\($1)" })
        var openYurt: [String] = []
        for (key, value) in pairs {
            switch key {
            case "heartbeat-interval-seconds": openYurt.append("yurthub --heartbeat-interval-seconds=\(value)")
            case "pool-coordinator": openYurt.append("yurthub --enable-coordinator=\(value)")
            case "autonomy-duration": openYurt.append("node annotation node.openyurt.io/autonomy-duration=\(value)")
            case "leader-elect-lease-duration", "leader-elect-renew-deadline", "leader-elect-retry-period":
                openYurt.append("yurthub --\(key)=\(value)")
            default: break
            }
        }
        section("OpenYurt", openYurt)
        let known = controllerManager.union(kubelet).union(superEdge).union([
            "default-toleration-seconds", "default-not-ready-toleration-seconds", "default-unreachable-toleration-seconds",
            "node-lease-duration-seconds", "latency-profile", "edge-health-multi-region", "always-reachable", "heartbeat-interval-seconds",
            "pool-coordinator", "autonomy-duration", "leader-elect-lease-duration", "leader-elect-renew-deadline", "leader-elect-retry-period",
        ])
        section("not a component flag (scenario params or simulator settings)",
                pairs.filter { !known.contains($0.0) && !WorkloadTolerationOverride.isKey($0.0) }.map { "\($0)=\($1)" })
        return out
    }
}
