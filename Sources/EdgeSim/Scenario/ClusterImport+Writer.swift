extension ClusterImport {
    /// Writes the scenario: the topology, then each workload with its placement, tolerations
    /// and Service, collecting a warning for everything it changes or drops.
    struct Writer {
        let input: Input
        let nodes: [ImportedNode]
        let pods: [ImportedPod]
        let services: [ImportedService]
        var warnings: [String] = []
        /// Each node's site, by node index, and the sites in order of first appearance.
        var siteOfNode: [String] = []
        var sites: [(name: String, zone: String?, ownUplink: Bool)] = []

        init(input: Input, nodes: [ImportedNode], pods: [ImportedPod], services: [ImportedService]) {
            self.input = input; self.nodes = nodes; self.pods = pods; self.services = services
        }

        mutating func render() -> Output {
            var header = "# Imported by `edgesim import` from \(input.nodesFile) (\(nodes.count) node\(nodes.count == 1 ? "" : "s"))"
            if input.pods != nil { header += " and \(input.podsFile) (\(pods.count) pod\(pods.count == 1 ? "" : "s"))" }
            if input.services != nil { header += " and \(input.servicesFile) (\(services.count) service\(services.count == 1 ? "" : "s"))" }
            header += ".\n# A skeleton: add faults (`at 5m..20m cut uplink SITE`) and `expect` lines.\n"
            var body = "name imported\nseed 1\nduration 30m\nmode kubernetes\n\n" + renderTopology()
            if !pods.isEmpty { body += "\n" + renderWorkloads() }
            let warningLines = warnings.map { "# warning: \($0)\n" }.joined()
            return Output(text: header + warningLines + body, warnings: warnings)
        }

        // MARK: Topology

        /// Zones (in order of first appearance, each with the region its first node gave); one
        /// site per zone, or per value of the site label (a store), each with its own uplink.
        mutating func renderTopology() -> String {
            var out = ""
            var zones: [(name: String, region: String?)] = []
            for node in nodes {
                guard let zone = node.zone else { continue }
                if let existing = zones.first(where: { $0.name == zone }) {
                    if existing.region != node.region {
                        warnings.append("node \(node.name): zone \(zone) in region \(node.region ?? "(none)"); the scenario keeps \(existing.region ?? "(none)")")
                    }
                } else {
                    zones.append((zone, node.region))
                }
            }
            assignSites(zoneNames: zones.map(\.name))
            for zone in zones { out += "zone \(zone.name)" + (zone.region.map { " region \($0)" } ?? "") + "\n" }
            for site in sites {
                out += "site \(site.name)" + (site.zone.map { " zone \($0)" } ?? "") + (site.zone == nil ? "    # nodes without a zone label" : "") + "\n"
            }
            for site in sites where site.ownUplink { out += "uplink \(site.name)\n" }
            out += "\n"
            let tainted = nodes.filter { !$0.taints.isEmpty }.count
            if tainted > 0 {
                warnings.append("\(tainted) node\(tainted == 1 ? "" : "s") carry taints, kept as comments: the scenario language has no node "
                                + "taints, so pods are placed there whatever they tolerate")
            }
            for (index, node) in nodes.enumerated() {
                if !node.taints.isEmpty { out += "# \(node.name) taints: " + node.taints.joined(separator: ", ") + "\n" }
                let site = sites.first { $0.name == siteOfNode[index] }!
                out += "node \(node.name) site \(site.name)"
                if let zone = node.zone, zone != site.zone { out += " zone \(zone)" }
                for (key, value) in node.labels where ScenarioParser.isName(key) && (value.isEmpty || ScenarioParser.isName(value)) {
                    out += " label \(key)=\(value)"
                }
                if let key = input.siteLabel, let value = node.allLabels[key], ScenarioParser.isName(key), ScenarioParser.isName(value),
                   !node.labels.contains(where: { $0.0 == key }) {
                    out += " label \(key)=\(value)"
                }
                out += "\n"
            }
            return out
        }

        /// A node's site: the value of the site label when it has one, else its zone's site.
        mutating func assignSites(zoneNames: [String]) {
            let noZoneSite = zoneNames.contains(unzonedSite) ? unzonedSite + "-site" : unzonedSite
            for node in nodes {
                var name = node.zone ?? noZoneSite
                var ownUplink = false
                if let key = input.siteLabel {
                    if let value = node.allLabels[key], ScenarioParser.isName(value) {
                        name = value
                        ownUplink = true
                    } else if let value = node.allLabels[key] {
                        warnings.append("node \(node.name): site label \(key)=\(quoted(value)) is not a scenario name; the node stays in its zone's site")
                    } else {
                        warnings.append("node \(node.name) has no \(key) label: it stays in its zone's site \(name)")
                    }
                }
                // A store named like a zone's site keeps its name; the zone's site gives way.
                if let existing = sites.first(where: { $0.name == name }), existing.ownUplink != ownUplink {
                    name = ownUplink ? name : name + "-zone"
                }
                if !sites.contains(where: { $0.name == name }) { sites.append((name, node.zone, ownUplink)) }
                siteOfNode.append(name)
            }
        }

        // MARK: Workloads

        struct ImportedWorkload {
            var kind: WorkloadKind
            var namespace: String
            var baseName: String
            var pods: [ImportedPod] = []
            var terminating = 0
        }

        /// Running pods grouped by the workload they belong to, in order of first appearance;
        /// the pods left out with why, and finished ones.
        mutating func group() -> (workloads: [ImportedWorkload], skipped: [String], finished: [String]) {
            var workloads: [ImportedWorkload] = []
            var skipped: [String] = [], finished: [String] = []
            for pod in pods {
                if pod.finished {
                    finished.append("\(pod.namespace)/\(pod.name)" + (pod.ownerKind.map { " (\($0) \(pod.ownerName ?? ""))" } ?? ""))
                    continue
                }
                switch workload(of: pod) {
                case .success(let (kind, base)):
                    let index = workloads.firstIndex { $0.kind == kind && $0.namespace == pod.namespace && $0.baseName == base }
                        ?? { workloads.append(ImportedWorkload(kind: kind, namespace: pod.namespace, baseName: base)); return workloads.count - 1 }()
                    // k8s: ReplicaSetController counts only active pods: a rollout's Terminating pods are not replicas.
                    if pod.terminating { workloads[index].terminating += 1 } else { workloads[index].pods.append(pod) }
                case .failure(let reason):
                    skipped.append("\(pod.namespace)/\(pod.name) \(reason.text)")
                }
            }
            return (workloads, skipped, finished)
        }

        mutating func renderWorkloads() -> String {
            var out = ""
            let (workloads, skippedPods, finished) = group()
            for pod in skippedPods { warnings.append("pod \(pod): left out") }
            var skipped = skippedPods
            var claimed = Set<Int>()
            // Names must be unique across kinds and namespaces: qualify the ones that collide.
            var baseCounts: [String: Int] = [:]
            for workload in workloads { baseCounts[workload.baseName, default: 0] += 1 }
            var droppedDefaults = false
            for workload in workloads {
                var name = baseCounts[workload.baseName]! > 1 ? "\(workload.namespace).\(workload.baseName)" : workload.baseName
                if workloads.filter({ $0.namespace == workload.namespace && $0.baseName == workload.baseName }).count > 1 {
                    name += "-" + workload.kind.rawValue
                }
                guard ScenarioParser.isName(name), !workload.pods.isEmpty else {
                    skipped.append("\(workload.namespace)/\(workload.baseName): " + (workload.pods.isEmpty ? "only Terminating pods" : "not a name the scenario language accepts"))
                    continue
                }
                if workload.terminating > 0 {
                    warnings.append("\(name): \(workload.terminating) Terminating pod\(workload.terminating == 1 ? "" : "s") (a rollout in progress) not counted as replicas")
                }
                var line = "\(workload.kind.rawValue) \(name)"
                    + (workload.kind == .deployment || workload.kind == .statefulSet ? " replicas \(workload.pods.count)" : "")
                switch placement(workload, name: name) {
                case .success(let phrase): line += phrase
                case .failure(let reason): skipped.append(reason.text); continue
                }
                if let service = service(for: workload, name: name, claimed: &claimed) { line += " service \(service)" }
                let (tolerations, dropped) = renderTolerations(workload, name: name)
                line += tolerations
                droppedDefaults = droppedDefaults || dropped
                if line.utf8.count > ScenarioParser.maxLineBytes - 100 {
                    line = "\(workload.kind.rawValue) \(name)" + (workload.kind == .deployment || workload.kind == .statefulSet ? " replicas \(workload.pods.count)" : "")
                    warnings.append("\(name): placement, service and tolerations left out: the line would be too long")
                }
                out += line + "\n"
            }
            if droppedDefaults {
                out = "# The default 300s not-ready/unreachable NoExecute tolerations (DefaultTolerationSeconds admission) are left\n"
                    + "# to edgesim's own default, so `--set default-toleration-seconds=...` still applies to them.\n" + out
            }
            for (index, service) in services.enumerated() where !claimed.contains(index) {
                warnings.append("service \(service.namespace)/\(service.name): " + (service.selector.isEmpty ? "no selector" : "selects no imported workload") + ": left out")
            }
            for reason in skipped { out += "# skipped pod \(reason)\n" }
            for pod in finished { out += "# finished pod \(pod): left out\n" }
            return out
        }

        /// ` on site S`, ` on zone Z`, ` on nodes a,b` or nothing: where the workload's pods may
        /// run, from their selector when they have one, else (DaemonSet and static pods) from
        /// the nodes they run on.
        mutating func placement(_ workload: ImportedWorkload, name: String) -> Result<String, SkipReason> {
            let known = Set(nodes.map(\.name))
            if workload.pods.contains(where: { $0.node.map { !known.contains($0) } ?? false }) {
                warnings.append("\(name): some of its pods run on nodes not in \(input.nodesFile)")
            }
            let selector = workload.pods[0].selector
            if !selector.unsupported.isEmpty {
                warnings.append("\(name): node affinity with \(selector.unsupported.joined(separator: ", ")) is not evaluated: those parts are ignored")
            }
            var eligible: [Int]
            if !selector.isEmpty {
                eligible = nodes.indices.filter { selector.matches(nodes[$0].allLabels) }
                guard !eligible.isEmpty else {
                    warnings.append("\(name): its node selector matches no node in \(input.nodesFile): placed anywhere")
                    return .success("")
                }
            } else {
                switch workload.kind {
                case .deployment, .statefulSet: return .success("")
                case .daemonSet, .staticPod:
                    eligible = nodes.indices.filter { index in workload.pods.contains { $0.node == nodes[index].name } }
                    if eligible.isEmpty && workload.kind == .staticPod {
                        return .failure(SkipReason(text: "\(workload.namespace)/\(workload.baseName): a static pod on no known node"))
                    }
                }
            }
            if eligible.count == nodes.count && workload.kind != .staticPod { return .success("") }
            let chosen = Set(eligible)
            if let site = sites.first(where: { site in Set(nodes.indices.filter { siteOfNode[$0] == site.name }) == chosen }) {
                return .success(" on site \(site.name)")
            }
            let zones = eligible.compactMap { nodes[$0].zone }
            if let zone = zones.first, zones.count == eligible.count, Set(nodes.indices.filter { nodes[$0].zone == zone }) == chosen {
                return .success(" on zone \(zone)")
            }
            return .success(" on nodes " + eligible.map { nodes[$0].name }.joined(separator: ","))
        }

        /// The Service whose selector the workload's pods match (same namespace), claimed once.
        mutating func service(for workload: ImportedWorkload, name: String, claimed: inout Set<Int>) -> String? {
            let labels = workload.pods[0].labels
            let matching = services.indices.filter { index in
                let service = services[index]
                return service.namespace == workload.namespace && !service.selector.isEmpty
                    && service.selector.allSatisfy { labels[$0.0] == $0.1 }
            }
            guard let first = matching.first(where: { !claimed.contains($0) }) else {
                if !matching.isEmpty { warnings.append("\(name): its Service \(services[matching[0]].name) already fronts another workload") }
                return nil
            }
            if matching.count > 1 {
                warnings.append("\(name): \(matching.count) Services select it; the scenario keeps \(services[first].name) (one Service per workload)")
            }
            let service = services[first]
            let collides = services.filter { $0.name == service.name }.count > 1
            let serviceName = collides ? "\(service.namespace).\(service.name)" : service.name
            guard ScenarioParser.isName(serviceName) else {
                warnings.append("service \(service.namespace)/\(service.name) is not a scenario name: left out")
                return nil
            }
            claimed.insert(first)
            return serviceName
        }

        /// The first pod's tolerations as `tolerate` options, the admission's default ones left
        /// out (says whether any was), and a warning for each one the language cannot say.
        mutating func renderTolerations(_ workload: ImportedWorkload, name: String) -> (text: String, droppedDefaults: Bool) {
            var seen: [String] = []
            var dropped = false
            // A static pod tolerates everything (its kubelet runs it whatever the taints).
            guard workload.kind != .staticPod else { return ("", false) }
            for toleration in workload.pods[0].tolerations {
                // Checked while reading, so a bad one has already been reported with its path.
                guard let converted = try? ClusterImport.toleration(toleration) else { continue }
                if let warning = converted.warning { warnings.append("\(name): \(warning)") }
                guard let text = converted.line, !seen.contains(text) else { continue }
                if workload.kind == .deployment || workload.kind == .statefulSet, Self.admissionDefaults.contains(text) {
                    dropped = true
                    continue
                }
                seen.append(text)
            }
            return (seen.map { " " + $0 }.joined(), dropped)
        }

        // k8s: plugin/pkg/admission/defaulttolerationseconds (300 s, the flag's default).
        static let admissionDefaults = ["tolerate \(Taint.notReadyKey):NoExecute 300s", "tolerate \(Taint.unreachableKey):NoExecute 300s"]
    }
}
