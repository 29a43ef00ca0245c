// MARK: - Workloads and services

extension ScenarioCompiler {
    mutating func compileWorkloads() throws(ScenarioError) {
        var names = Set<String>()
        var totalPods = 0
        for (i, decl) in scenario.workloads.enumerated() {
            let path = "workloads[\(i)]"
            guard names.insert(decl.name).inserted else { throw fail(path, "workload \(quoted(decl.name)) is declared twice") }
            try checkShape(decl, path)
            var eligible: [NodeID]?
            if let placement = decl.placement { eligible = try nodes(on: placement, path + ".placement") }
            let serviceID = try addService(decl.service, workload: WorkloadID(i), path + ".service")
            let tolerations = decl.tolerations.map { Toleration(key: $0.key, effect: $0.effect, seconds: $0.seconds) }
            let replicas = decl.replicas ?? (eligible?.count ?? nodes.count)
            totalPods += decl.kind == .deployment || decl.kind == .statefulSet ? replicas : (eligible?.count ?? nodes.count)
            guard totalPods <= Self.maxPods else {
                throw fail(path, "too many pods: \(decl.name) brings the total to \(totalPods), at most \(Self.maxPods) in one scenario")
            }
            workloads.append(Workload(id: WorkloadID(i), name: decl.name, kind: decl.kind, replicas: replicas,
                                      eligibleNodes: eligible, tolerations: tolerations, service: serviceID))
        }
    }

    /// What each kind needs: replicas for a Deployment or StatefulSet and none for the kinds
    /// that run one pod per node, a placement for a static pod; and every number in range.
    func checkShape(_ decl: WorkloadDecl, _ path: String) throws(ScenarioError) {
        let kind = decl.kind.rawValue
        switch decl.kind {
        case .deployment, .statefulSet:
            guard let replicas = decl.replicas else { throw fail(path, "expected \"replicas N\" for a \(kind)") }
            guard (0...Self.maxReplicas).contains(replicas) else {
                throw fail(path + ".replicas", "expected replicas from 0 to \(Self.maxReplicas), got \(replicas)")
            }
        case .daemonSet, .staticPod:
            guard decl.replicas == nil else {
                throw fail(path + ".replicas", "a \(kind) runs one pod per eligible node and takes no replicas")
            }
        }
        if decl.kind == .staticPod && decl.placement == nil {
            throw fail(path, "expected \"on nodes a,b\" (or another placement) for a static-pod")
        }
        for (t, toleration) in decl.tolerations.enumerated() {
            if let seconds = toleration.seconds, !(0...Self.maxTolerationSeconds).contains(seconds) {
                throw fail(path + ".tolerations[\(t)].seconds", "expected tolerationSeconds from 0 to \(Self.maxTolerationSeconds), got \(seconds)")
            }
        }
    }

    /// The nodes a placement selects; at least one.
    func nodes(on placement: Placement, _ path: String) throws(ScenarioError) -> [NodeID] {
        let selected: [NodeID]
        switch placement {
        case .zone(let zone):
            try checkZone(zone, path)
            selected = nodes.filter { $0.labels[ZoneLabels.zone] == zone }.map(\.id)
        case .site(let name):
            let siteID = try site(name, path)
            selected = nodes.filter { topology.hosts[$0.host.index].site == siteID }.map(\.id)
        case .nodes(let names):
            var ids: [NodeID] = []
            for name in names { ids.append(try node(name, path)) }
            selected = ids
        case .label(let label):
            selected = nodes.filter { $0.labels[label.key] == label.value }.map(\.id)
        }
        guard !selected.isEmpty else { throw fail(path, "\"on \(placement)\" selects no node") }
        return selected
    }

    /// A service fronts one workload.
    mutating func addService(_ name: String?, workload: WorkloadID, _ path: String) throws(ScenarioError) -> ServiceID? {
        guard let name else { return nil }
        guard !services.contains(where: { $0.name == name }) else { throw fail(path, "service \(quoted(name)) already fronts another workload") }
        let id = ServiceID(services.count)
        services.append(ServiceObject(id: id, name: name, workload: workload))
        return id
    }
}
