/// What a conformance driver needs to play a scenario's kubelets and network against a real
/// control plane: the cluster to create, and, from edgesim's own run of the scenario, when each
/// kubelet's requests can reach the API server and when each of its lease renewals lands.
///
/// The driver (`conformance/driver.py`) reads this as JSONL (`edgesim conformance plan`), so
/// whether a kubelet's request reaches the API server at time t comes from the same network
/// model, fault script and random draws as the simulated run it is compared with — nothing of
/// the network is modelled twice. Lines, in order (times in microseconds from the start):
///
/// - `header`: the scenario, variant, mode, version, seed, duration and the settings the real
///   control plane's flags are set from;
/// - `node`: name and labels; `workload`: kind, replicas, eligible nodes, tolerations, service;
/// - `life`: a kubelet's life (the start, or a boot) and its loops' phases: the first lease
///   renewal, the status-sync grid, its last status report;
/// - `lease`: one renewal of one life: when it is sent, when it lands (or why it does not);
/// - `route`: from when a node's route to the API server port is up (with its latency) or down;
/// - `power`, `apiserver`: power changes and API server outages;
/// - `fault`: each fault's start and end, as the timeline names it.
public struct ConformancePlan: Sendable {
    public let compiled: CompiledScenario
    /// Every plan line, in order.
    public private(set) var lines: [String] = []
    /// Every lease renewal sent, in the order the plan lists them.
    public private(set) var renewals: [Renewal] = []

    /// One lease renewal: its node, when it is sent and when it lands (nil: it does not).
    public struct Renewal: Sendable, Equatable {
        public var node: String
        public var sent: SimTime
        public var arrival: SimTime?
    }

    /// How finely a fault whose network effect changes while it lasts (a flap) is sampled.
    static let flapSampling = SimTime.milliseconds(100)

    public init(_ compiled: CompiledScenario) {
        self.compiled = compiled
        lines.append(header())
        for node in compiled.nodes { lines.append(nodeLine(node)) }
        for workload in compiled.workloads { lines.append(workloadLine(workload)) }
        let (timeline, renewals) = Self.timeline(compiled)
        lines += timeline
        self.renewals = renewals
    }

    public var text: String { lines.map { $0 + "\n" }.joined() }

    // MARK: - The cluster

    private func header() -> String {
        let settings = compiled.settings
        let lifecycle = settings.nodeLifecycle
        var line = JSONObject()
        line.add("plan", string: "header")
        line.add("scenario", string: compiled.scenario.name)
        if let variant = compiled.variant { line.add("variant", string: variant) }
        line.add("mode", string: compiled.scenario.mode.rawValue)
        line.add("kubernetes_version", string: settings.kubernetesVersion.description)
        line.add("seed", raw: String(compiled.seed))
        line.add("duration_us", int: compiled.duration.microseconds)
        // The renewals below follow it; the recording's header carries it back to the comparer.
        line.add("lease_renew_jitter_ppm", int: settings.kubelet.leaseRenewJitterPPM)
        var flags = JSONObject()
        flags.add("default_not_ready_toleration_seconds", int: settings.defaultNotReadyTolerationSeconds)
        flags.add("default_unreachable_toleration_seconds", int: settings.defaultUnreachableTolerationSeconds)
        flags.add("large_cluster_size_threshold", int: Int64(lifecycle.largeClusterSizeThreshold))
        flags.add("node_eviction_rate_micro", int: lifecycle.evictionRateMicro)
        flags.add("node_lease_duration_us", int: settings.kubelet.leaseDuration.microseconds)
        flags.add("node_monitor_grace_period_us", int: lifecycle.gracePeriod.microseconds)
        flags.add("node_monitor_period_us", int: lifecycle.monitorPeriod.microseconds)
        flags.add("node_startup_grace_period_us", int: lifecycle.startupGracePeriod.microseconds)
        flags.add("node_status_report_frequency_us", int: settings.kubelet.statusReportFrequency.microseconds)
        flags.add("node_status_update_frequency_us", int: settings.kubelet.statusUpdateFrequency.microseconds)
        flags.add("secondary_node_eviction_rate_micro", int: lifecycle.secondaryEvictionRateMicro)
        flags.add("unhealthy_zone_threshold_ppm", int: lifecycle.unhealthyZoneThresholdPPM)
        line.add("settings", raw: flags.text)
        return line.text
    }

    private func nodeLine(_ node: NodeObject) -> String {
        var line = JSONObject()
        line.add("plan", string: "node")
        line.add("name", string: node.name)
        var labels = JSONObject()
        for key in node.labels.keys.sorted() { labels.add(key, string: node.labels[key]!) }
        line.add("labels", raw: labels.text)
        return line.text
    }

    private func workloadLine(_ workload: Workload) -> String {
        var line = JSONObject()
        line.add("plan", string: "workload")
        line.add("kind", string: workload.kind.rawValue)
        line.add("name", string: workload.name)
        line.add("replicas", int: Int64(workload.replicas))
        let eligible = (workload.eligibleNodes ?? compiled.nodes.map(\.id)).map { JSONObject.quote(compiled.nodes[$0.index].name) }
        line.add("nodes", raw: "[" + eligible.joined(separator: ",") + "]")
        if let service = workload.service { line.add("service", string: compiled.services[service.index].name) }
        let tolerations = workload.tolerations.map { toleration -> String in
            var entry = JSONObject()
            if let effect = toleration.effect { entry.add("effect", string: effect.rawValue) }
            if let key = toleration.key { entry.add("key", string: key) }
            if let seconds = toleration.seconds { entry.add("seconds", int: seconds) }
            return entry.text
        }
        line.add("tolerations", raw: "[" + tolerations.joined(separator: ",") + "]")
        return line.text
    }

    // MARK: - What the network lets through, from edgesim's own run

    /// Steps a run of the scenario to every instant that matters (each fault's start and end,
    /// a flap's samples, each lease renewal) and reads, after the events of that instant, each
    /// kubelet's life and route: the same reads the run makes when it sends a renewal.
    static func timeline(_ compiled: CompiledScenario) -> (lines: [String], renewals: [Renewal]) {
        let world = World(compiled, checkingInvariants: false)
        let count = compiled.nodes.count
        var lives = [UInt32?](repeating: nil, count: count)
        var routes = [RouteProfile??](repeating: nil, count: count)
        var nextLease = [SimTime?](repeating: nil, count: count)
        var apiUp: Bool?
        var lines: [String] = []
        var renewals: [Renewal] = []
        let instants = faultInstants(compiled)
        var cursor = 0
        var now = SimTime.zero
        while now <= compiled.duration {
            world.run(until: now)
            let kubelets = world.kubelets
            let network = world.network
            let settings = compiled.settings.kubelet
            if apiUp != world.api.isAvailable {
                apiUp = world.api.isAvailable
                lines.append(event("apiserver", now) { $0.add("available", raw: String(world.api.isAvailable)) })
            }
            for index in 0..<count {
                let kubelet = kubelets[index]
                let name = compiled.nodes[index].name
                let alive = kubelet.powered && kubelet.processRunning
                if lives[index] != kubelet.life {
                    lives[index] = kubelet.life
                    lines.append(event("life", now) {
                        $0.add("node", string: name)
                        $0.add("life", int: Int64(kubelet.life))
                        $0.add("running", raw: String(alive))
                        $0.add("lease_origin_us", int: kubelet.leaseOrigin.microseconds)
                        $0.add("status_origin_us", int: kubelet.statusOrigin.microseconds)
                        $0.add("last_report_us", int: kubelet.lastStatusReport.microseconds)
                    })
                    nextLease[index] = alive ? kubelet.leaseOrigin : nil
                }
                let route = alive ? network.route(client: kubelet.host, server: .cloud, port: Port.apiServer) : nil
                if routes[index] != .some(route) {
                    routes[index] = .some(route)
                    lines.append(event("route", now) {
                        $0.add("node", string: name)
                        $0.add("reachable", raw: String(route != nil))
                        if let route {
                            $0.add("latency_us", int: route.links.reduce(0) { $0 + $1.latency.microseconds })
                            $0.add("jitter_us", int: route.links.reduce(0) { $0 + $1.jitter.microseconds })
                            $0.add("loss_ppm", int: Int64(route.links.reduce(0) { $0 + $1.lossPPM }))
                        }
                    })
                }
                if alive, let due = nextLease[index], due == now {
                    let renewal = kubelet.leaseRenewalIndex(at: now, settings: settings)
                    let delay = route?.delay(of: LeaseRenewalStream.counter(life: kubelet.life, index: renewal), kubelet.leaseRandom)
                    lines.append(event("lease", now) {
                        $0.add("node", string: name)
                        $0.add("life", int: Int64(kubelet.life))
                        if let delay { $0.add("arrival_us", int: (now + delay).microseconds) }
                        else { $0.add("lost", string: route == nil ? "unroutable" : "lost") }
                    })
                    renewals.append(Renewal(node: name, sent: now, arrival: delay.map { now + $0 }))
                    nextLease[index] = now + settings.leaseRenewInterval
                }
            }
            // The next instant: a fault's, or the earliest renewal due.
            while cursor < instants.count && instants[cursor] <= now { cursor += 1 }
            var next = cursor < instants.count ? instants[cursor] : compiled.duration + .microseconds(1)
            for index in 0..<count { if let due = nextLease[index], due > now, due < next { next = due } }
            if next > compiled.duration { break }
            now = next
        }
        for change in world.powerChanges {
            lines.append(event("power", change.time) {
                $0.add("node", string: compiled.nodes[change.node.index].name)
                $0.add("on", raw: String(change.powered))
            })
        }
        for fault in compiled.faults {
            for (phase, time) in [("start", fault.at), ("end", fault.until)] {
                guard let time, time <= compiled.duration else { continue }
                lines.append(event("fault", time) {
                    $0.add("fault", string: fault.text)
                    $0.add("phase", string: phase)
                    $0.add("subject", string: fault.subject)
                })
            }
        }
        return (lines, renewals)
    }

    /// Every instant at which a fault can change a route, a life or the API server: starts and
    /// ends, the power-on that ends a power-off, and a flap's samples while it lasts.
    private static func faultInstants(_ compiled: CompiledScenario) -> [SimTime] {
        var instants: [SimTime] = []
        for fault in compiled.faults {
            instants.append(fault.at)
            if let until = fault.until { instants.append(until) }
            if case .flap = fault.action {
                var time = fault.at
                let end = min(fault.until ?? compiled.duration, compiled.duration)
                while time < end {
                    instants.append(time)
                    time += flapSampling
                }
            }
        }
        return instants.filter { $0 <= compiled.duration }.sorted()
    }

    private static func event(_ kind: String, _ time: SimTime, _ fill: (inout JSONObject) -> Void) -> String {
        var line = JSONObject()
        line.add("plan", string: kind)
        line.add("at_us", int: time.microseconds)
        fill(&line)
        return line.text
    }
}
