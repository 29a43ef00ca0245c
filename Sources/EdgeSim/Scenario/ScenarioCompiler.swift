/// Checks a parsed scenario and resolves its names: unknown nodes, sites, zones, services and
/// settings are errors that point at the source (`file:line:col` or the JSON path), with a
/// "did you mean" for near misses.
public struct ScenarioCompiler {
    let scenario: Scenario
    let map: SourceMap

    public static let maxDuration = SimTime.seconds(30 * 86_400)
    /// Pods the workloads may ask for in all (DaemonSets and static pods count one per node),
    /// so `daemonset` lines over 100,000 nodes cannot ask for millions of objects.
    public static let maxPods = 1_000_000
    /// The longest `tolerationSeconds`: ten years, the duration parser's own limit.
    public static let maxTolerationSeconds: Int64 = 10 * 365 * 86_400
    /// Modes the engine runs today; the others are refused with a clear message.
    public static let implementedModes: [Mode] = [.kubernetes, .openshift, .superedge, .openyurt]

    /// Compiles one run: the scenario's own settings, then the variant's, then `overrides`
    /// (the command line's `--set`).
    public static func compile(_ scenario: Scenario, sourceMap: SourceMap, variant: Variant? = nil,
                               overrides: [Setting] = [], mode: Mode? = nil) throws(ScenarioError) -> CompiledScenario {
        try ScenarioCompiler(scenario: scenario, map: sourceMap).compile(variant: variant, overrides: overrides, mode: mode)
    }

    func fail(_ path: String, _ message: String) -> ScenarioError { map.error(path, message) }

    func compile(variant: Variant?, overrides: [Setting], mode: Mode?) throws(ScenarioError) -> CompiledScenario {
        var scenario = self.scenario
        if let mode = mode ?? variant?.mode { scenario.mode = mode }
        guard Self.implementedModes.contains(scenario.mode) else {
            throw fail("mode", "mode \"\(scenario.mode.rawValue)\" is not implemented yet; expected one of "
                       + Self.implementedModes.map(\.rawValue).joined(separator: ", "))
        }
        guard scenario.duration.time > .zero, scenario.duration.time <= Self.maxDuration else {
            throw fail("duration", "expected a duration above 0 and at most 30 days, got \(scenario.duration)")
        }
        let settings = try compileSettings(scenario, variant: variant, overrides: overrides)
        try checkNames(scenario)
        // The line language refuses these as it reads; JSON can say anything.
        guard scenario.nodes.count <= ScenarioParser.maxNodes else {
            throw fail("nodes[\(ScenarioParser.maxNodes)]", "too many nodes: at most \(ScenarioParser.maxNodes) in one scenario")
        }

        // Zones and sites.
        var zoneRegion: [String: String] = [:]
        for (i, zone) in scenario.zones.enumerated() {
            guard zoneRegion[zone.name] == nil else { throw fail("zones[\(i)]", "zone \"\(zone.name)\" is declared twice") }
            zoneRegion[zone.name] = zone.region ?? ""
        }
        let zoneNames = scenario.zones.map(\.name)
        func checkZone(_ name: String, _ path: String) throws(ScenarioError) {
            guard zoneRegion[name] != nil else {
                throw fail(path, "unknown zone \"\(name)\"" + NearMiss.hint(for: name, among: zoneNames) + "; declare it with \"zone \(name)\"")
            }
        }
        var topology = Topology()
        var siteIDs: [String: SiteID] = [:]
        for (i, site) in scenario.sites.enumerated() {
            guard siteIDs[site.name] == nil else { throw fail("sites[\(i)]", "site \"\(site.name)\" is declared twice") }
            if let zone = site.zone { try checkZone(zone, "sites[\(i)].zone") }
            siteIDs[site.name] = topology.addSite(site.name, uplink: profile(for: .uplink(site: site.name), default: .defaultUplink))
        }
        let siteNames = scenario.sites.map(\.name)
        func site(_ name: String, _ path: String) throws(ScenarioError) -> SiteID {
            guard let id = siteIDs[name] else {
                throw fail(path, "unknown site \"\(name)\"" + NearMiss.hint(for: name, among: siteNames) + "; declare it with \"site \(name)\"")
            }
            return id
        }

        // Nodes.
        guard !scenario.nodes.isEmpty else { throw fail("nodes", "a scenario needs at least one node") }
        var nodeIDs: [String: NodeID] = [:]
        var nodes: [NodeObject] = []
        nodes.reserveCapacity(scenario.nodes.count)
        // Nodes of one zone with no labels of their own share one dictionary (copy on write):
        // 10,000 equal copies were a tenth of a large run's memory.
        var zoneLabels: [String: [String: String]] = [:]
        for (i, decl) in scenario.nodes.enumerated() {
            let path = "nodes[\(i)]"
            guard ScenarioParser.isName(decl.name) else { throw fail(path + ".name", "expected a node name: letters, digits, '-', '_', '.' or '/'") }
            guard nodeIDs[decl.name] == nil, decl.name != "apiserver", decl.name != "cloud" else {
                throw fail(path, "node \"\(decl.name)\" is declared twice (or uses a reserved name)")
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
        let nodeNames = scenario.nodes.map(\.name)
        func node(_ name: String, _ path: String) throws(ScenarioError) -> NodeID {
            guard let id = nodeIDs[name] else { throw fail(path, "unknown node \"\(name)\"" + NearMiss.hint(for: name, among: nodeNames)) }
            return id
        }

        // Coordinator hosts, after the nodes so node hosts keep their indices.
        var coordinatorIDs: [String: HostID] = [:]
        for (i, decl) in scenario.coordinators.enumerated() {
            let path = "coordinators[\(i)]"
            guard nodeIDs[decl.name] == nil, coordinatorIDs[decl.name] == nil, decl.name != "apiserver", decl.name != "cloud" else {
                throw fail(path, "host \"\(decl.name)\" is declared twice (or uses a reserved name)")
            }
            let siteID = try site(decl.site, path + ".site")
            coordinatorIDs[decl.name] = topology.addHost(decl.name, site: siteID, access: profile(for: .access(node: decl.name), default: .defaultAccess))
        }
        let pools = try compilePools(nodes: nodes, nodeIDs: nodeIDs, coordinatorIDs: coordinatorIDs, topology: topology, site: site)

        // Links.
        func link(_ ref: LinkRef, _ path: String) throws(ScenarioError) -> LinkID {
            switch ref {
            case .uplink(let name): return topology.sites[try site(name, path).index].uplink
            case .access(let name):
                if let coordinator = coordinatorIDs[name] { return topology.hosts[coordinator.index].access! }
                return topology.hosts[nodes[try node(name, path).index].host.index].access!
            case .between(let a, let b):
                let sa = try site(a, path), sb = try site(b, path)
                guard sa != sb else { throw fail(path, "a link joins two different sites, got \(a) twice") }
                guard let id = topology.directLink(sa, sb) else {
                    throw fail(path, "no link between \(a) and \(b); declare it with \"link \(a) <-> \(b) latency 5ms\"")
                }
                return id
            }
        }
        for (i, decl) in scenario.links.enumerated() {
            let path = "links[\(i)]"
            if let loss = decl.lossPPM, !(0...1_000_000).contains(loss) {
                throw fail(path + ".lossPPM", "expected a loss from 0 to 1000000 parts per million (0% to 100%), got \(loss)")
            }
            for (field, value) in [("latency", decl.latency), ("jitter", decl.jitter)] where (value?.time ?? .zero) > .seconds(3_600) {
                throw fail(path + "." + field, "expected a \(field) of at most 1h, got \(value!)")
            }
            if case .between(let a, let b) = decl.link {
                let sa = try site(a, path), sb = try site(b, path)
                guard sa != sb else { throw fail(path, "a link joins two different sites, got \(a) twice") }
                topology.connectSites(sa, sb, profile: profile(for: decl.link, default: .defaultSiteLink))
            } else {
                _ = try link(decl.link, path)
            }
        }

        for (i, decl) in scenario.sites.enumerated() {
            guard let via = decl.via else { continue }
            let parent = try site(via, "sites[\(i)].via")
            let me = SiteID(i)
            guard parent != me else { throw fail("sites[\(i)].via", "a site cannot reach the cloud via itself") }
            guard topology.directLink(me, parent) != nil else {
                throw fail("sites[\(i)].via", "\(decl.name) reaches the cloud via \(via) but no link joins them; add \"link \(decl.name) <-> \(via)\"")
            }
            guard !topology.chain(parent).contains(me) else {
                throw fail("sites[\(i)].via", "\"via\" makes a cycle: \(via) already reaches the cloud through \(decl.name)")
            }
            topology.route(me, via: parent)
        }

        // Workloads and services.
        var workloads: [Workload] = []
        var services: [ServiceObject] = []
        var workloadNames: [String: Int] = [:]
        var totalPods = 0
        for (i, decl) in scenario.workloads.enumerated() {
            let path = "workloads[\(i)]"
            guard workloadNames[decl.name] == nil else { throw fail(path, "workload \"\(decl.name)\" is declared twice") }
            workloadNames[decl.name] = i
            guard ScenarioParser.isName(decl.name) else { throw fail(path + ".name", "expected a workload name: letters, digits, '-', '_', '.' or '/'") }
            if decl.replicas == nil && (decl.kind == .deployment || decl.kind == .statefulSet) {
                throw fail(path, "expected replicas for a \(decl.kind.rawValue)")
            }
            if decl.replicas != nil && (decl.kind == .daemonSet || decl.kind == .staticPod) {
                throw fail(path + ".replicas", "a \(decl.kind.rawValue) runs one pod per eligible node and takes no replicas")
            }
            if decl.kind == .staticPod && decl.placement == nil {
                throw fail(path, "expected a placement (on nodes a,b) for a static-pod")
            }
            for (t, toleration) in decl.tolerations.enumerated() where (toleration.seconds ?? 0) < 0 {
                throw fail(path + ".tolerations[\(t)].seconds", "expected tolerationSeconds of 0 or more, got \(toleration.seconds!)")
            }
            if let replicas = decl.replicas, !(0...ScenarioParser.maxReplicas).contains(replicas) {
                throw fail(path + ".replicas", "expected replicas from 0 to \(ScenarioParser.maxReplicas), got \(replicas)")
            }
            var eligible: [NodeID]?
            if let placement = decl.placement {
                let selected: [NodeID]
                switch placement {
                case .zone(let zone):
                    try checkZone(zone, path + ".placement")
                    selected = nodes.filter { $0.labels[ZoneLabels.zone] == zone }.map(\.id)
                case .site(let name):
                    let siteID = try site(name, path + ".placement")
                    selected = nodes.filter { topology.hosts[$0.host.index].site == siteID }.map(\.id)
                case .nodes(let names):
                    var ids: [NodeID] = []
                    for name in names { ids.append(try node(name, path + ".placement")) }
                    selected = ids
                case .label(let label):
                    selected = nodes.filter { $0.labels[label.key] == label.value }.map(\.id)
                }
                guard !selected.isEmpty else { throw fail(path + ".placement", "\"on \(placement)\" selects no node") }
                eligible = selected
            }
            var serviceID: ServiceID?
            if let service = decl.service {
                guard !services.contains(where: { $0.name == service }) else {
                    throw fail(path + ".service", "service \"\(service)\" already fronts another workload")
                }
                serviceID = ServiceID(services.count)
                services.append(ServiceObject(id: serviceID!, name: service, workload: WorkloadID(i)))
            }
            for (j, toleration) in decl.tolerations.enumerated() {
                if let seconds = toleration.seconds, !(0...Self.maxTolerationSeconds).contains(seconds) {
                    throw fail(path + ".tolerations[\(j)].seconds", "expected tolerationSeconds from 0 to \(Self.maxTolerationSeconds), got \(seconds)")
                }
            }
            let tolerations = decl.tolerations.map { Toleration(key: $0.key, effect: $0.effect, seconds: $0.seconds) }
            let replicas = decl.replicas ?? (eligible?.count ?? nodes.count)
            totalPods += decl.kind == .deployment || decl.kind == .statefulSet ? replicas : (eligible?.count ?? nodes.count)
            guard totalPods <= Self.maxPods else {
                throw fail(path, "too many pods: \(decl.name) brings the total to \(totalPods), at most \(Self.maxPods) in one scenario")
            }
            workloads.append(Workload(id: WorkloadID(i), name: decl.name, kind: decl.kind, replicas: replicas,
                                      eligibleNodes: eligible, tolerations: tolerations, service: serviceID))
        }

        // Faults.
        func host(_ name: String, _ path: String) throws(ScenarioError) -> HostID {
            if name == "apiserver" || name == "cloud" { return .cloud }
            if let coordinator = coordinatorIDs[name] { return coordinator }
            return nodes[try node(name, path).index].host
        }
        var faults: [CompiledScenario.Fault] = []
        for (i, decl) in scenario.faults.enumerated() {
            let path = "faults[\(i)]"
            guard decl.at.time <= scenario.duration.time else {
                throw fail(path + ".at", "fault at \(decl.at) is after the scenario ends (duration \(scenario.duration))")
            }
            if let until = decl.until, until.time <= decl.at.time {
                throw fail(path + ".at", "expected the range's end after its start")
            }
            if let until = decl.until, until.time > scenario.duration.time {
                throw fail(path + ".at", "fault range ends at \(until), after the scenario ends (duration \(scenario.duration))")
            }
            let action: CompiledScenario.Action
            let subject: String
            switch decl.action {
            case .cut(let ref): action = .cut(try link(ref, path + ".action")); subject = ref.subject
            case .heal(let ref): action = .heal(try link(ref, path + ".action")); subject = ref.subject
            case .drop(let s, let t, let port), .undrop(let s, let t, let port):
                if let port, !(1...65_535).contains(port) {
                    throw fail(path + ".action.port", "expected a port from 1 to 65535, got \(port)")
                }
                let rule = DropRule(source: try host(s, path + ".action.source"), target: try host(t, path + ".action.target"), port: port)
                guard rule.source != rule.target else { throw fail(path + ".action", "a DROP rule needs two different hosts") }
                if case .drop = decl.action { action = .drop(rule) } else { action = .undrop(rule) }
                subject = s
            case .loss(let ref, let ppm):
                guard (0...1_000_000).contains(ppm) else { throw fail(path + ".action", "expected a loss from 0% to 100%") }
                action = .loss(try link(ref, path + ".action"), ppm: ppm); subject = ref.subject
            case .latency(let ref, let latency, let jitter):
                guard latency.time <= .seconds(3_600), jitter.time <= .seconds(3_600) else {
                    throw fail(path + ".action", "expected a latency and jitter of at most 1h")
                }
                action = .latency(try link(ref, path + ".action"), latency: latency.time, jitter: jitter.time); subject = ref.subject
            case .flap(let ref, let period, let up):
                guard period.time >= .milliseconds(100), (1...99).contains(up) else {
                    throw fail(path + ".action", "expected a flap period of at least 100ms and a duty from 1% to 99%")
                }
                action = .flap(try link(ref, path + ".action"), period: period.time, upPercent: up); subject = ref.subject
            case .partition(let a, let b):
                func side(_ name: String, _ field: String) throws(ScenarioError) -> Partition.Side {
                    if name == "cloud" || name == "apiserver" { return .cloud }
                    if let siteID = siteIDs[name] { return .site(siteID) }
                    if let nodeID = nodeIDs[name] { return .host(nodes[nodeID.index].host) }
                    if let coordinator = coordinatorIDs[name] { return .host(coordinator) }
                    throw fail(path + field, "unknown site or node \"\(name)\"" + NearMiss.hint(for: name, among: siteNames + nodeNames + ["cloud"]))
                }
                let partition = Partition(try side(a, ".action.a"), try side(b, ".action.b"))
                guard partition.a != partition.b else { throw fail(path + ".action", "a partition needs two different sides") }
                action = .partition(partition); subject = "\(a)|\(b)"
            case .label(let name, let key, let value):
                action = .label(try node(name, path + ".action.node"), key: key, value: value); subject = name
            case .powerOff(let name):
                if let host = coordinatorIDs[name] { action = .coordinatorPower(host, on: false) } else { action = .powerOff(try node(name, path + ".action.node")) }
                subject = name
            case .powerOn(let name):
                if let host = coordinatorIDs[name] { action = .coordinatorPower(host, on: true) } else { action = .powerOn(try node(name, path + ".action.node")) }
                subject = name
            case .restartEdge(let names):
                var ids: [NodeID] = []
                for name in names { ids.append(try node(name, path + ".action.nodes")) }
                action = .restartEdge(ids); subject = names.count == 1 ? names[0] : "edge"
            case .apiServerDown: action = .apiServerDown; subject = "apiserver"
            case .apiServerUp: action = .apiServerUp; subject = "apiserver"
            }
            faults.append(CompiledScenario.Fault(at: decl.at.time, until: decl.until?.time, action: action, subject: subject,
                                                 text: FaultText.describe(decl.action)))
        }

        // Expectations.
        let variantNames = scenario.variants.map(\.name)
        for (i, expectation) in scenario.expectations.enumerated() {
            try ExpectationChecker.validate(expectation, path: "expectations[\(i)]", variants: variantNames,
                                            nodes: nodeNames, zones: zoneNames, services: services.map(\.name),
                                            workloads: scenario.workloads.map(\.name), duration: scenario.duration.time, map: map)
        }
        let expectations = scenario.expectations.filter { $0.variant == nil || $0.variant == variant?.name }

        var compiled = CompiledScenario(scenario: scenario, variant: variant?.name, settings: settings, topology: topology, nodes: nodes,
                                        workloads: workloads, services: services, faults: faults, expectations: expectations)
        compiled.pools = pools
        return compiled
    }

    /// OpenYurt NodePools: the declared ones, then one per remaining site that has nodes. A
    /// coordinator runs on the named node or host, else on the pool's first node.
    func compilePools(nodes: [NodeObject], nodeIDs: [String: NodeID], coordinatorIDs: [String: HostID], topology: Topology,
                      site: (String, String) throws(ScenarioError) -> SiteID) throws(ScenarioError) -> [CompiledScenario.Pool] {
        var poolOfSite: [Int?] = Array(repeating: nil, count: topology.sites.count)
        var pools: [CompiledScenario.Pool] = []
        var names = Set<String>()
        for (i, decl) in scenario.pools.enumerated() {
            let path = "pools[\(i)]"
            guard names.insert(decl.name).inserted else { throw fail(path, "pool \"\(decl.name)\" is declared twice") }
            var sites: [SiteID] = []
            for name in decl.sites {
                let id = try site(name, path + ".sites")
                if let other = poolOfSite[id.index] {
                    let owner = other < pools.count ? "pool \"\(pools[other].name)\"" : "this pool"
                    throw fail(path + ".sites", "site \"\(name)\" is already in \(owner)")
                }
                poolOfSite[id.index] = pools.count
                sites.append(id)
            }
            let members = nodes.filter { topology.hosts[$0.host.index].site.map(sites.contains) ?? false }.map(\.id)
            guard !members.isEmpty else { throw fail(path + ".sites", "pool \"\(decl.name)\" has no nodes") }
            var host = nodes[members[0].index].host
            if let on = decl.coordinatorOn {
                if let coordinator = coordinatorIDs[on] {
                    host = coordinator
                } else if let node = nodeIDs[on], members.contains(node) {
                    host = nodes[node.index].host
                } else {
                    throw fail(path + ".coordinatorOn", "expected a node of pool \"\(decl.name)\" or a coordinator host, got \"\(on)\""
                               + NearMiss.hint(for: on, among: members.map { nodes[$0.index].name } + coordinatorIDs.keys.sorted()))
                }
            }
            pools.append(CompiledScenario.Pool(name: decl.name, members: members, coordinatorHost: host))
        }
        for index in topology.sites.indices where poolOfSite[index] == nil {
            let members = nodes.filter { topology.hosts[$0.host.index].site == SiteID(index) }.map(\.id)
            guard !members.isEmpty else { continue }
            guard names.insert(topology.sites[index].name).inserted else {
                throw fail("pools", "site \"\(topology.sites[index].name)\" is in no pool and a pool already has its name")
            }
            pools.append(CompiledScenario.Pool(name: topology.sites[index].name, members: members, coordinatorHost: nodes[members[0].index].host))
        }
        return pools
    }

    /// Names become timeline columns and file names (`Reports/<name>.timeline`): JSON must
    /// keep to what the line language allows, and a scenario's name may not leave the folder.
    func checkNames(_ scenario: Scenario) throws(ScenarioError) {
        func check(_ name: String, _ path: String, _ what: String) throws(ScenarioError) {
            guard ScenarioParser.isName(name) else {
                throw fail(path, "expected \(what): letters, digits, '-', '_', '.' or '/', at most 253, got \"\(name)\"")
            }
        }
        try check(scenario.name, "name", "a scenario name")
        guard !scenario.name.contains("/"), !scenario.name.hasPrefix(".") else {
            throw fail("name", "expected a scenario name without '/' or a leading '.', got \"\(scenario.name)\" (it names the golden report file)")
        }
        for (i, zone) in scenario.zones.enumerated() {
            try check(zone.name, "zones[\(i)].name", "a zone name")
            if let region = zone.region { try check(region, "zones[\(i)].region", "a region name") }
        }
        for (i, site) in scenario.sites.enumerated() { try check(site.name, "sites[\(i)].name", "a site name") }
        for (i, node) in scenario.nodes.enumerated() { try check(node.name, "nodes[\(i)].name", "a node name") }
        for (i, workload) in scenario.workloads.enumerated() {
            try check(workload.name, "workloads[\(i)].name", "a workload name")
            if let service = workload.service { try check(service, "workloads[\(i)].service", "a service name") }
        }
        for (i, variant) in scenario.variants.enumerated() { try check(variant.name, "variants[\(i)].name", "a variant name") }
    }

    func compileSettings(_ scenario: Scenario, variant: Variant?, overrides: [Setting]) throws(ScenarioError) -> SimulationSettings {
        var names = Set<String>()
        for (i, v) in scenario.variants.enumerated() {
            guard names.insert(v.name).inserted else { throw fail("variants[\(i)]", "variant \"\(v.name)\" is declared twice") }
            var probe = SimulationSettings()
            if let bad = probe.apply(v.settings) { throw fail("variants[\(i)].settings[\(bad.index)].\(bad.field)", bad.message) }
        }
        // Each layer is checked on its own so an error points at its line; then all layers are
        // applied as one list, so a latency profile (applied first) never beats an explicit key.
        var probe = SimulationSettings()
        if let bad = probe.apply(scenario.settings) { throw fail("settings[\(bad.index)].\(bad.field)", bad.message) }
        if let bad = probe.apply(overrides) { throw ScenarioError(file: "--set", location: "", message: bad.message) }
        var settings = SimulationSettings()
        if scenario.mode == .openshift { LatencyProfile.default.apply(to: &settings) }
        _ = settings.apply(scenario.settings + (variant?.settings ?? []) + overrides)
        return settings
    }

    /// Link declarations by the link they name (either spelling of a site pair), in order.
    private let linkDecls: [String: [LinkDecl]]

    init(scenario: Scenario, map: SourceMap) {
        self.scenario = scenario
        self.map = map
        var decls: [String: [LinkDecl]] = [:]
        for decl in scenario.links { decls[Self.key(decl.link), default: []].append(decl) }
        linkDecls = decls
    }

    static func key(_ ref: LinkRef) -> String {
        if case .between(let a, let b) = ref { return LinkRef.between(min(a, b), max(a, b)).description }
        return ref.description
    }

    func profile(for ref: LinkRef, default base: LinkProfile) -> LinkProfile {
        var profile = base
        for decl in linkDecls[Self.key(ref)] ?? [] {
            if let latency = decl.latency { profile.latency = latency.time }
            if let jitter = decl.jitter { profile.jitter = jitter.time }
            if let loss = decl.lossPPM { profile.lossPPM = loss }
        }
        return profile
    }
}
