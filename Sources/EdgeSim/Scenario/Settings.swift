/// Every knob of a run, typed. Scenario `set` lines, variants and `--set` flags are applied
/// in that order over the defaults; a `latency-profile` is applied first wherever it appears,
/// so an explicit flag always wins over a preset.
public struct SimulationSettings: Sendable, Equatable {
    public var nodeLifecycle = NodeLifecycleSettings()
    /// The release modelled (setting `kubernetes-version`; the newest modelled by default).
    public var kubernetesVersion: KubernetesVersion {
        get { nodeLifecycle.kubernetesVersion }
        set { nodeLifecycle.kubernetesVersion = newValue }
    }
    public var kubelet = KubeletSettings()
    /// `--default-not-ready-toleration-seconds` (kube-apiserver).
    public var defaultNotReadyTolerationSeconds: Int64 = 300
    /// `--default-unreachable-toleration-seconds` (kube-apiserver).
    public var defaultUnreachableTolerationSeconds: Int64 = 300
    /// How long the workload controllers (ReplicaSet, StatefulSet, DaemonSet) take from a pod
    /// change to their create call: informer delivery, the work queue and the API call. Not an
    /// upstream flag; an estimate for an idle control plane until a conformance run measures it.
    /// Without it (0 s: the controllers act within the drain of the change), a pod that
    /// tolerates a taint for 0 s can be evicted, replaced, bound and evicted again within one
    /// instant, forever; the step-settles invariant stops such a run.
    public var workloadControllerLatency = SimTime.milliseconds(20)
    public var latencyProfile: LatencyProfile?
    public var edgeHealth = EdgeHealthSettings()
    public var openYurt = OpenYurtSettings()
    public var kubeEdge = KubeEdgeSettings()

    public init() {}

    /// One known setting: its name (the upstream flag), what it takes, and how it applies.
    public struct Key: Sendable {
        public let name: String
        public let expected: String
        public let summary: String
        let apply: @Sendable (inout SimulationSettings, String) -> Bool
    }

    /// The settings a scenario or `--set` may name, in documentation order.
    public static let keys: [Key] = [
        Key(name: "kubernetes-version", expected: "a release from \(KubernetesVersion.oldest) to \(KubernetesVersion.newest) such as 1.29",
            summary: "the Kubernetes release modelled (default \(KubernetesVersion.newest)); sets the grace default and what changed between releases") { s, v in
            guard let version = KubernetesVersion(v) else { return false }
            s.kubernetesVersion = version
            return true
        },
        Key(name: "latency-profile", expected: LatencyProfile.allCases.map(\.rawValue).joined(separator: " | "),
            summary: "OpenShift worker latency profile preset") { s, v in
            guard let profile = LatencyProfile(rawValue: v) else { return false }
            profile.apply(to: &s)
            return true
        },
        duration("node-monitor-period", "how often the node lifecycle controller checks nodes") { $0.nodeLifecycle.monitorPeriod = $1 },
        duration("node-monitor-grace-period", "silence before Ready=Unknown (default 40s up to kubernetes-version 1.31, 50s from 1.32)") { $0.nodeLifecycle.gracePeriod = $1 },
        duration("node-monitor-pass-duration", "how long one node lifecycle pass takes; the next period starts after it (1100us, measured)",
                 minimum: .zero) { $0.nodeLifecycle.passDuration = $1 },
        duration("node-monitor-update-duration", "how much longer a monitor pass takes per node it turns Unknown (55ms, measured)",
                 minimum: .zero) { $0.nodeLifecycle.passDurationPerUpdate = $1 },
        duration("node-monitor-phase", "when the first monitor pass runs after the start (default: drawn per seed within node-monitor-period)",
                 minimum: .zero) { $0.nodeLifecycle.phase = $1 },
        duration("node-startup-grace-period", "silence allowed before a node first posts status") { $0.nodeLifecycle.startupGracePeriod = $1 },
        rate("node-eviction-rate", "NoExecute taints per second per zone when Normal or FullDisruption") { $0.nodeLifecycle.evictionRateMicro = $1 },
        rate("secondary-node-eviction-rate", "taints per second in a large PartialDisruption zone") { $0.nodeLifecycle.secondaryEvictionRateMicro = $1 },
        Key(name: "unhealthy-zone-threshold", expected: "a fraction from 0 to 1 such as 0.55",
            summary: "share of not-ready nodes that makes a zone PartialDisruption") { s, v in
            guard let ppm = DecimalText.scaled(v, scale: 6, maximum: 1_000_000) else { return false }
            s.nodeLifecycle.unhealthyZoneThresholdPPM = ppm
            return true
        },
        Key(name: "large-cluster-size-threshold", expected: "a whole number of nodes",
            summary: "zones larger than this keep the secondary rate when partially disrupted") { s, v in
            guard let n = Int(v), n >= 0, n <= 1_000_000 else { return false }
            s.nodeLifecycle.largeClusterSizeThreshold = n
            return true
        },
        duration("node-status-update-frequency", "how often the kubelet computes node status") { $0.kubelet.statusUpdateFrequency = $1 },
        duration("node-status-report-frequency", "how often the kubelet posts an unchanged status") { $0.kubelet.statusReportFrequency = $1 },
        Key(name: "node-lease-duration-seconds", expected: "a whole number of seconds",
            summary: "kubelet lease duration; renewed every quarter of it") { s, v in
            guard let n = Int64(v), n > 0, n <= 86_400 else { return false }
            s.kubelet.leaseDuration = .seconds(n)
            return true
        },
        Key(name: "lease-renew-jitter", expected: "a fraction from 0 to 1 such as 0.04",
            summary: "kubelet lease renewals wait renew interval + U(0, jitter x interval) after the last returned, and retry failures (0.04 upstream); 0: the exact 10s grid") { s, v in
            guard let ppm = DecimalText.scaled(v, scale: 6, maximum: 1_000_000) else { return false }
            s.kubelet.leaseRenewJitterPPM = ppm
            return true
        },
        seconds("default-not-ready-toleration-seconds", "tolerationSeconds added for not-ready:NoExecute") { $0.defaultNotReadyTolerationSeconds = $1 },
        seconds("default-unreachable-toleration-seconds", "tolerationSeconds added for unreachable:NoExecute") { $0.defaultUnreachableTolerationSeconds = $1 },
        seconds("default-toleration-seconds", "sets both default toleration periods") {
            $0.defaultNotReadyTolerationSeconds = $1
            $0.defaultUnreachableTolerationSeconds = $1
        },
        duration("workload-controller-latency",
                 "how long ReplicaSet/StatefulSet/DaemonSet controllers take to react to a pod change (20ms; 0s: at once)",
                 minimum: .zero) { $0.workloadControllerLatency = $1 },
        duration("healthcheckperiod", "SuperEdge: how often edge-health probes its check set") { $0.edgeHealth.checkPeriod = $1 },
        duration("communicateperiod", "SuperEdge: how often it sends its row to its peers (60s; 10s before v0.8.2)") {
            $0.edgeHealth.communicatePeriod = $1
        },
        duration("voteperiod", "SuperEdge: how often it votes") { $0.edgeHealth.votePeriod = $1 },
        duration("votetimeout", "SuperEdge: how long a peer's row counts") { $0.edgeHealth.voteTimeout = $1 },
        boolean("edge-health-multi-region", "SuperEdge: nodes check only nodes with the same group label") { $0.edgeHealth.multiRegion = $1 },
        Key(name: "edge-health-zone-label", expected: "a label key", summary: "SuperEdge: the group label (tencent.tkeedgehealth/topology-zone; superedgehealth/topology-zone in SuperEdge <= v0.8.0)") { s, v in
            guard ScenarioParser.isName(v) else { return false }
            s.edgeHealth.zoneLabel = v
            return true
        },
        Key(name: "edge-health-unlabeled", expected: "self | all", summary: "SuperEdge: what an unlabelled node checks: self (seed, <= v0.8.0) or all (v0.8.2+ NodeUnits)") { s, v in
            guard v == "self" || v == "all" else { return false }
            s.edgeHealth.unlabeledChecksAll = v == "all"
            return true
        },
        boolean("edge-health-admission", "SuperEdge: whether the admission webhook answers (false: failurePolicy Ignore, native behaviour)") {
            $0.edgeHealth.admissionAvailable = $1
        },
        boolean("always-reachable", "SuperEdge admission --always-reachable") { $0.edgeHealth.alwaysReachable = $1 },
    ] + openYurtKeys + kubeEdgeKeys

    /// KubeEdge's settings (edgecore and cloudcore config fields).
    static let kubeEdgeKeys: [Key] = [
        Key(name: "kubeedge-version", expected: KubeEdgeSettings.Version.allCases.map(\.rawValue).joined(separator: " | "),
            summary: "KubeEdge: EdgeHub's reconnect loop: 1.23 (v1.23.1 and master: 2 x heartbeat, then 5 dials 5s apart) or pr-6967 (backoff 2s doubling to 30s)") { s, v in
            guard let version = KubeEdgeSettings.Version(rawValue: v) else { return false }
            s.kubeEdge.version = version
            return true
        },
        duration("edgehub-heartbeat", "KubeEdge: edgecore edgeHub.heartbeat, the keepalive period (15s)", minimum: .seconds(1)) { $0.kubeEdge.heartbeat = $1 },
        duration("edgehub-handshake-timeout", "KubeEdge: edgecore edgeHub.websocket.handshakeTimeout, how long an unanswered dial hangs (30s)",
                 minimum: .zero) { $0.kubeEdge.handshakeTimeout = $1 },
        count("edgehub-message-qps", "KubeEdge: edgecore edgeHub.messageQPS, EdgeHub's messages a second to the cloud (30)") { $0.kubeEdge.messageQPS = max($1, 1) },
        count("edgehub-message-burst", "KubeEdge: edgecore edgeHub.messageBurst (60)") { $0.kubeEdge.messageBurst = max($1, 1) },
        duration("remote-query-timeout", "KubeEdge: edgecore metaManager.remoteQueryTimeout, how long a request waits on a silent connection (60s)") {
            $0.kubeEdge.remoteQueryTimeout = $1
        },
        duration("edgehub-half-open-detection", "KubeEdge: how long EdgeHub takes to notice a silently dropped connection, from its first unanswered keepalive (15m; 0s: at once, as a reset)",
                 minimum: .zero) { $0.kubeEdge.halfOpenDetection = $1 },
        duration("cloudhub-keepalive-interval", "KubeEdge: cloudcore cloudHub.keepaliveInterval, silence that ends a node's session (30s)", minimum: .seconds(1)) {
            $0.kubeEdge.keepaliveInterval = $1
        },
        count("cloudhub-node-limit", "KubeEdge: cloudcore cloudHub.nodeLimit, sessions one CloudCore serves; more are refused (500)") {
            $0.kubeEdge.nodeLimit = Int($1)
        },
        count("cloudcore-kube-api-qps", "KubeEdge: cloudcore kubeAPIConfig.qps, edgecontroller's writes a second (2500)") { $0.kubeEdge.kubeAPIQPS = max($1, 1) },
        count("cloudcore-kube-api-burst", "KubeEdge: cloudcore kubeAPIConfig.burst (5000)") { $0.kubeEdge.kubeAPIBurst = max($1, 1) },
    ]

    /// OpenYurt's settings (YurtHub flags, coordinator constants, the churn model).
    static let openYurtKeys: [Key] = [
        Key(name: "openyurt-version", expected: YurtVersion.allCases.map(\.rawValue).joined(separator: " | "),
            summary: "OpenYurt: 1.6 (v1.2-v1.6 pool coordinator and delegated heartbeats) or 1.7 (leader hubs elected in the cloud; default)") { s, v in
            guard let version = YurtVersion(rawValue: v) else { return false }
            s.openYurt.version = version
            return true
        },
        boolean("enable-leader-election", "OpenYurt 1.7: NodePool enableLeaderElection (false: no leader hubs)") { $0.openYurt.enableLeaderElection = $1 },
        Key(name: "leader-election-strategy", expected: LeaderElectionStrategy.allCases.map(\.rawValue).joined(separator: " | "),
            summary: "OpenYurt 1.7: NodePool leaderElectionStrategy (random; mark: only nodes matching leader-node-label-selector)") { s, v in
            guard let strategy = LeaderElectionStrategy(rawValue: v) else { return false }
            s.openYurt.leaderElectionStrategy = strategy
            return true
        },
        Key(name: "leader-replicas", expected: "a whole number of leaders from 1 to 100",
            summary: "OpenYurt 1.7: NodePool leaderReplicas (1)") { s, v in
            guard let n = Int(v), n >= 1, n <= 100 else { return false }
            s.openYurt.leaderReplicas = n
            return true
        },
        Key(name: "leader-node-label-selector", expected: "KEY=VALUE pairs separated by commas",
            summary: "OpenYurt 1.7: NodePool leaderNodeLabelSelector for the mark strategy") { s, v in
            var labels: [Label] = []
            for pair in v.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, ScenarioParser.isName(String(parts[0])), !parts[1].isEmpty else { return false }
                labels.append(Label(key: String(parts[0]), value: String(parts[1])))
            }
            s.openYurt.leaderNodeLabelSelector = labels
            return true
        },
        boolean("pool-coordinator", "OpenYurt: YurtHub --enable-coordinator (pool coordinator, election, delegated heartbeats)") {
            $0.openYurt.poolCoordinator = $1
        },
        seconds("heartbeat-interval-seconds", "OpenYurt: how often YurtHub renews its lease in the cloud and the coordinator (10)") {
            $0.openYurt.heartbeatInterval = .seconds(max($1, 1))
        },
        duration("leader-elect-lease-duration", "OpenYurt: YurtHub election lease duration (15s)") { $0.openYurt.leaseDuration = $1 },
        duration("leader-elect-renew-deadline", "OpenYurt: YurtHub leader renew deadline (10s)") { $0.openYurt.renewDeadline = $1 },
        duration("leader-elect-retry-period", "OpenYurt: YurtHub election retry period (2s)") { $0.openYurt.retryPeriod = $1 },
        duration("pool-cache-stale-duration", "OpenYurt: sync lease age that makes the coordinator not Ready (30s)") {
            $0.openYurt.poolCacheStaleDuration = $1
        },
        Key(name: "autonomy-duration", expected: "a duration such as 10m, or 0 for forever",
            summary: "OpenYurt v1.6: node.openyurt.io/autonomy-duration for every node that does not say otherwise") { s, v in
            if v == "0" { s.openYurt.autonomyDuration = .zero; return true }
            guard let time = SimTime.parse(v, limit: .seconds(30 * 86_400)) else { return false }
            s.openYurt.autonomyDuration = time
            return true
        },
        boolean("yurt-endpoints-webhook", "OpenYurt: v1.6 Endpoints webhooks keep autonomous nodes' addresses ready (false: v1.2-v1.5)") {
            $0.openYurt.endpointsWebhook = $1
        },
        count("churn-services", "OpenYurt bandwidth: Services whose Endpoints/EndpointSlices every node lists and watches (100)") {
            $0.openYurt.churnServices = Int($1)
        },
        rate("endpoints-churn-per-second", "OpenYurt bandwidth: Endpoints changes per second across those Services (3)") {
            $0.openYurt.endpointsChurnMicro = $1
        },
        count("endpoints-object-bytes", "OpenYurt bandwidth: bytes of one Endpoints object or change (1000)") { $0.openYurt.endpointsObjectBytes = $1 },
        count("endpointslice-object-bytes", "OpenYurt bandwidth: bytes one EndpointSlice change puts on a node's watches (4800)") {
            $0.openYurt.endpointSliceObjectBytes = $1
        },
        count("service-object-bytes", "OpenYurt bandwidth: bytes of one Service (500)") { $0.openYurt.serviceObjectBytes = $1 },
        count("pod-object-bytes", "OpenYurt bandwidth: bytes of one Pod (3000)") { $0.openYurt.podObjectBytes = $1 },
        count("node-object-bytes", "OpenYurt bandwidth: bytes of one Node (4000)") { $0.openYurt.nodeObjectBytes = $1 },
        count("lease-object-bytes", "OpenYurt bandwidth: bytes of one Lease (350)") { $0.openYurt.leaseObjectBytes = $1 },
    ]

    public static var keyNames: [String] { keys.map(\.name) }

    /// Applies `settings` in order; a bad key or value is returned as (index, message).
    public mutating func apply(_ settings: [Setting]) -> (index: Int, field: String, message: String)? {
        let ordered = settings.enumerated().sorted { ($0.element.key == "latency-profile" ? 0 : 1, $0.offset) < ($1.element.key == "latency-profile" ? 0 : 1, $1.offset) }
        for (index, setting) in ordered {
            guard let key = Self.keys.first(where: { $0.name == setting.key }) else {
                return (index, "key", "unknown setting \(quoted(setting.key))" + NearMiss.hint(for: setting.key, among: Self.keyNames)
                        + " (known: " + Self.keyNames.joined(separator: ", ") + ")")
            }
            guard key.apply(&self, setting.value) else {
                return (index, "value", "expected \(key.expected) for \(key.name), got \(quoted(setting.value))")
            }
        }
        return nil
    }

    /// A duration setting; periods that schedule events get a `minimum`, so one line cannot
    /// ask for a timer every microsecond for thirty days.
    /// Every duration setting is a period or a grace: below 100 ms it only asks for a runaway
    /// number of timers, so it is refused like any other bad value.
    static func duration(_ name: String, _ summary: String, minimum: SimTime = .milliseconds(100),
                         _ set: @escaping @Sendable (inout SimulationSettings, SimTime) -> Void) -> Key {
        Key(name: name, expected: "a duration from \(minimum) to 720h such as 40s or 5m",
            summary: summary) { s, v in
            guard let time = SimTime.parse(v, limit: .seconds(30 * 86_400)), time >= minimum else { return false }
            set(&s, time)
            return true
        }
    }

    static func count(_ name: String, _ summary: String, _ set: @escaping @Sendable (inout SimulationSettings, Int64) -> Void) -> Key {
        Key(name: name, expected: "a whole number from 0 to 1000000000", summary: summary) { s, v in
            guard let n = Int64(v), n >= 0, n <= 1_000_000_000 else { return false }
            set(&s, n)
            return true
        }
    }

    static func boolean(_ name: String, _ summary: String, _ set: @escaping @Sendable (inout SimulationSettings, Bool) -> Void) -> Key {
        Key(name: name, expected: "true or false", summary: summary) { s, v in
            guard v == "true" || v == "false" else { return false }
            set(&s, v == "true")
            return true
        }
    }

    static func rate(_ name: String, _ summary: String, _ set: @escaping @Sendable (inout SimulationSettings, Int64) -> Void) -> Key {
        Key(name: name, expected: "a rate per second such as 0.1 (at most 6 decimals, up to 1000)", summary: summary) { s, v in
            guard let micro = DecimalText.scaled(v, scale: 6, maximum: 1_000_000_000) else { return false }
            set(&s, micro)
            return true
        }
    }

    static func seconds(_ name: String, _ summary: String, _ set: @escaping @Sendable (inout SimulationSettings, Int64) -> Void) -> Key {
        Key(name: name, expected: "a whole number of seconds (or a duration such as 5m)", summary: summary) { s, v in
            if let n = Int64(v), n >= 0, n <= 30 * 86_400 { set(&s, n); return true }
            guard let time = SimTime.parse(v, limit: .seconds(30 * 86_400)), time.microseconds % 1_000_000 == 0 else { return false }
            set(&s, time.wholeSeconds)
            return true
        }
    }
}

/// OpenShift worker latency profiles (`nodes.config/cluster spec.workerLatencyProfile`,
/// OCP 4.11+; values from shared/reference/openshift-remote-workers.md).
public enum LatencyProfile: String, Sendable, CaseIterable {
    case `default` = "Default"
    case mediumUpdateAverageReaction = "MediumUpdateAverageReaction"
    case lowUpdateSlowReaction = "LowUpdateSlowReaction"

    func apply(to settings: inout SimulationSettings) {
        settings.latencyProfile = self
        let (update, grace, toleration): (SimTime, SimTime, Int64) = switch self {
        case .default: (.seconds(10), .seconds(40), 300)
        case .mediumUpdateAverageReaction: (.seconds(20), .minutes(2), 60)
        case .lowUpdateSlowReaction: (.minutes(1), .minutes(5), 60)
        }
        settings.kubelet.statusUpdateFrequency = update
        settings.nodeLifecycle.gracePeriod = grace
        settings.defaultNotReadyTolerationSeconds = toleration
        settings.defaultUnreachableTolerationSeconds = toleration
    }
}
