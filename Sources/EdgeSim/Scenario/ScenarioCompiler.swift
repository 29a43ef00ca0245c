/// Checks a parsed scenario and resolves its names: unknown nodes, sites, zones, services and
/// settings are errors that point at the source (`file:line:col` or the JSON path), with a
/// "did you mean" for near misses.
///
/// Every semantic rule lives here, on the Codable `Scenario`, so a `.scenario` file and a
/// `.json` file are held to the same rules with the same messages; the parser only refuses
/// what it cannot read. One section per extension, in the order they run: names and settings,
/// topology (zones, sites, nodes, coordinators, pools), links and routes, workloads, faults,
/// expectations. Each section resolves names against what the sections before it declared.
public struct ScenarioCompiler {
    var scenario: Scenario
    let map: SourceMap
    /// Link declarations by the link they name (either spelling of a site pair), in order.
    let linkDecls: [String: [LinkDecl]]

    // What the sections have built so far.
    var topology = Topology()
    /// Each zone's region, "" for none.
    var zoneRegion: [String: String] = [:]
    var siteIDs: [String: SiteID] = [:]
    var nodeIDs: [String: NodeID] = [:]
    var nodes: [NodeObject] = []
    /// Dedicated hosts for pool coordinators, by name.
    var coordinatorIDs: [String: HostID] = [:]
    var pools: [CompiledScenario.Pool] = []
    var workloads: [Workload] = []
    var services: [ServiceObject] = []
    var faults: [CompiledScenario.Fault] = []

    public static let maxDuration = SimTime.seconds(30 * 86_400)
    /// The most replicas one workload may ask for.
    public static let maxReplicas = 100_000
    /// Pods the workloads may ask for in all (DaemonSets and static pods count one per node),
    /// so `daemonset` lines over 100,000 nodes cannot ask for millions of objects.
    public static let maxPods = 1_000_000
    /// The longest `tolerationSeconds`: ten years, the duration parser's own limit.
    public static let maxTolerationSeconds: Int64 = 10 * 365 * 86_400
    /// The longest latency or jitter of a link.
    public static let maxDelay = SimTime.seconds(3_600)
    /// Modes the engine runs today; the others are refused with a clear message.
    public static let implementedModes: [Mode] = [.kubernetes, .openshift, .superedge, .openyurt, .kubeedge]

    /// Compiles one run: the scenario's own settings, then the variant's, then `overrides`
    /// (the command line's `--set`). An override that names one of the scenario's params
    /// parses the file again with that value (the caller's seed and mode are kept).
    public static func compile(_ scenario: Scenario, sourceMap: SourceMap, variant: Variant? = nil,
                               overrides: [Setting] = [], mode: Mode? = nil) throws(ScenarioError) -> CompiledScenario {
        let params = Set(scenario.params.map(\.key))
        // Per-class tolerations rewrite workloads, not settings: applied to the AST here.
        let tolerations = overrides.filter { WorkloadTolerationOverride.isKey($0.key) }
        let overrides = overrides.filter { !WorkloadTolerationOverride.isKey($0.key) }
        var scenario = scenario
        // A variant's own values first, so the command line's win.
        let paramOverrides = ((variant?.settings ?? []) + overrides).filter { params.contains($0.key) }
        guard !paramOverrides.isEmpty else {
            try WorkloadTolerationOverride.apply(tolerations, to: &scenario)
            var compiler = ScenarioCompiler(scenario: scenario, map: sourceMap)
            return try compiler.compile(variant: variant, overrides: overrides, mode: mode)
        }
        guard let text = sourceMap.text else {
            throw ScenarioError(file: "--set", location: "", message: "params can be set only in .scenario files; "
                                + "\(sourceMap.file) is JSON, which holds their values already")
        }
        var (reparsed, map) = try ScenarioParser.parse(text, file: sourceMap.file, params: paramOverrides)
        reparsed.seed = scenario.seed
        reparsed.mode = scenario.mode
        try WorkloadTolerationOverride.apply(tolerations, to: &reparsed)
        var settingsOnly = variant
        settingsOnly?.settings.removeAll { params.contains($0.key) }
        var compiler = ScenarioCompiler(scenario: reparsed, map: map)
        return try compiler.compile(variant: settingsOnly, overrides: overrides.filter { !params.contains($0.key) }, mode: mode)
    }

    init(scenario: Scenario, map: SourceMap) {
        self.scenario = scenario
        self.map = map
        var decls: [String: [LinkDecl]] = [:]
        for decl in scenario.links { decls[Self.key(decl.link), default: []].append(decl) }
        linkDecls = decls
    }

    func fail(_ path: String, _ message: String) -> ScenarioError { map.error(path, message) }

    mutating func compile(variant: Variant?, overrides: [Setting], mode: Mode?) throws(ScenarioError) -> CompiledScenario {
        if let mode = mode ?? variant?.mode { scenario.mode = mode }
        let settings = try compileHeader(variant: variant, overrides: overrides)
        try compileZonesAndSites()
        try compileNodes()
        try compileCoordinators()
        try compilePools()
        try compileLinks()
        try compileRoutes()
        try compileWorkloads()
        try compileFaults()
        markNodesAddedLater()
        let expectations = try compileExpectations(variant: variant)
        var compiled = CompiledScenario(scenario: scenario, variant: variant?.name, settings: settings, topology: topology, nodes: nodes,
                                        workloads: workloads, services: services, faults: faults, expectations: expectations)
        compiled.pools = pools
        compiled.nodeIDsByName = nodeIDs
        compiled.sourceFile = map.file
        compiled.durationLocation = map.wrote("duration") ? map.location("duration") : ""
        return compiled
    }

    /// "too many nodes", said alike by the parser (which refuses a range before expanding it)
    /// and here (for JSON).
    static let tooManyNodes = "too many nodes: at most \(ScenarioParser.maxNodes) in one scenario"
}
