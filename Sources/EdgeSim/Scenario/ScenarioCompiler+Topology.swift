// MARK: - Topology: zones, sites, nodes, coordinator hosts, pools

extension ScenarioCompiler {
    mutating func compileZonesAndSites() throws(ScenarioError) {
        for (i, zone) in scenario.zones.enumerated() {
            guard zoneRegion[zone.name] == nil else { throw fail("zones[\(i)]", "zone \(quoted(zone.name)) is declared twice") }
            zoneRegion[zone.name] = zone.region ?? ""
        }
        for (i, site) in scenario.sites.enumerated() {
            guard siteIDs[site.name] == nil else { throw fail("sites[\(i)]", "site \(quoted(site.name)) is declared twice") }
            if let zone = site.zone { try checkZone(zone, "sites[\(i)].zone") }
            siteIDs[site.name] = topology.addSite(site.name, uplink: profile(for: .uplink(site: site.name), default: .defaultUplink))
        }
    }

    mutating func compileNodes() throws(ScenarioError) {
        guard !scenario.nodes.isEmpty else { throw fail("nodes", "a scenario needs at least one node") }
        nodes.reserveCapacity(scenario.nodes.count)
        // Nodes of one zone with no labels of their own share one dictionary (copy on write):
        // 10,000 equal copies were a tenth of a large run's memory.
        var zoneLabels: [String: [String: String]] = [:]
        for (i, decl) in scenario.nodes.enumerated() {
            let path = "nodes[\(i)]"
            guard nodeIDs[decl.name] == nil, !Self.reservedNames.contains(decl.name) else {
                throw fail(path, "node \(quoted(decl.name)) is declared twice (or uses a reserved name)")
            }
            let siteID = try site(decl.site, path + ".site")
            let zone = decl.zone ?? scenario.sites[siteID.index].zone
            if let zone, decl.zone != nil { try checkZone(zone, path + ".zone") }
            var labels = zone.flatMap { zoneLabels[$0] } ?? [:]
            if let zone, labels.isEmpty {
                labels[ZoneLabels.zone] = zone
                if let region = zoneRegion[zone], !region.isEmpty { labels[ZoneLabels.region] = region }
                zoneLabels[zone] = labels
            }
            for label in decl.labels { labels[label.key] = label.value }
            let host = topology.addHost(decl.name, site: siteID, access: profile(for: .access(node: decl.name), default: .defaultAccess))
            let id = NodeID(nodes.count)
            nodeIDs[decl.name] = id
            nodes.append(NodeObject(id: id, name: decl.name, host: host, labels: labels, zoneKey: ZoneLabels.zoneKey(labels),
                                    ready: .true, taints: [], creation: .zero,
                                    excludedFromDisruption: labels[ZoneLabels.excludeDisruption] != nil))
        }
    }

    /// Coordinator hosts, after the nodes so node hosts keep their indices.
    mutating func compileCoordinators() throws(ScenarioError) {
        for (i, decl) in scenario.coordinators.enumerated() {
            let path = "coordinators[\(i)]"
            guard nodeIDs[decl.name] == nil, coordinatorIDs[decl.name] == nil, !Self.reservedNames.contains(decl.name) else {
                throw fail(path, "host \(quoted(decl.name)) is declared twice (or uses a reserved name)")
            }
            let siteID = try site(decl.site, path + ".site")
            coordinatorIDs[decl.name] = topology.addHost(decl.name, site: siteID, access: profile(for: .access(node: decl.name), default: .defaultAccess))
        }
    }

    /// OpenYurt NodePools: the declared ones, then one per remaining site that has nodes. A
    /// coordinator runs on the named node or host, else on the pool's first node.
    mutating func compilePools() throws(ScenarioError) {
        var poolOfSite: [Int?] = Array(repeating: nil, count: topology.sites.count)
        var names = Set<String>()
        for (i, decl) in scenario.pools.enumerated() {
            let path = "pools[\(i)]"
            guard names.insert(decl.name).inserted else { throw fail(path, "pool \(quoted(decl.name)) is declared twice") }
            var sites: [SiteID] = []
            for name in decl.sites {
                let id = try site(name, path + ".sites")
                if let other = poolOfSite[id.index] {
                    let owner = other < pools.count ? "pool \(quoted(pools[other].name))" : "this pool"
                    throw fail(path + ".sites", "site \(quoted(name)) is already in \(owner)")
                }
                poolOfSite[id.index] = pools.count
                sites.append(id)
            }
            let members = nodes.filter { topology.hosts[$0.host.index].site.map(sites.contains) ?? false }.map(\.id)
            guard !members.isEmpty else { throw fail(path + ".sites", "pool \(quoted(decl.name)) has no nodes") }
            let host = try coordinatorHost(decl, members: members, path: path)
            pools.append(CompiledScenario.Pool(name: decl.name, members: members, coordinatorHost: host))
        }
        for index in topology.sites.indices where poolOfSite[index] == nil {
            let members = nodes.filter { topology.hosts[$0.host.index].site == SiteID(index) }.map(\.id)
            guard !members.isEmpty else { continue }
            guard names.insert(topology.sites[index].name).inserted else {
                throw fail("pools", "site \(quoted(topology.sites[index].name)) is in no pool and a pool already has its name")
            }
            pools.append(CompiledScenario.Pool(name: topology.sites[index].name, members: members, coordinatorHost: nodes[members[0].index].host))
        }
    }

    /// Where a declared pool's coordinator runs: `coordinator-on` a host or a member node, else
    /// the first member.
    func coordinatorHost(_ decl: PoolDecl, members: [NodeID], path: String) throws(ScenarioError) -> HostID {
        guard let on = decl.coordinatorOn else { return nodes[members[0].index].host }
        if let coordinator = coordinatorIDs[on] { return coordinator }
        if let node = nodeIDs[on], members.contains(node) { return nodes[node.index].host }
        throw fail(path + ".coordinatorOn", "expected a node of pool \(quoted(decl.name)) or a coordinator host, got \(quoted(on))"
                   + NearMiss.hint(for: on, among: members.map { nodes[$0.index].name } + coordinatorIDs.keys.sorted()))
    }

    // MARK: Resolving names

    /// Names no node or host may take: they mean the control plane.
    static let reservedNames: Set<String> = ["apiserver", "cloud"]

    func checkZone(_ name: String, _ path: String) throws(ScenarioError) {
        guard zoneRegion[name] != nil else {
            throw fail(path, "unknown zone \(quoted(name))" + NearMiss.hint(for: name, among: scenario.zones.map(\.name))
                       + "; declare it with \"zone \(name)\"")
        }
    }

    func site(_ name: String, _ path: String) throws(ScenarioError) -> SiteID {
        guard let id = siteIDs[name] else {
            throw fail(path, "unknown site \(quoted(name))" + NearMiss.hint(for: name, among: scenario.sites.map(\.name))
                       + "; declare it with \"site \(name)\"")
        }
        return id
    }

    func node(_ name: String, _ path: String) throws(ScenarioError) -> NodeID {
        guard let id = nodeIDs[name] else { throw fail(path, "unknown node \(quoted(name))" + NearMiss.hint(for: name, among: scenario.nodes.map(\.name))) }
        return id
    }
}
