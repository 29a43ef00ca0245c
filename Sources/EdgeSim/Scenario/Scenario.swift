/// A scenario as data: what `.scenario` files are parsed into, what `.json` files decode to,
/// and what `edgesim validate --json` prints. Names are kept as written; resolving them
/// (unknown node, unknown site) is the validator's job, so errors can point at the source.
public struct Scenario: Codable, Equatable, Sendable {
    public var name: String
    public var description: String = ""
    public var seed: UInt64 = 1
    public var duration: Duration = Duration(.minutes(30))
    public var mode: Mode = .kubernetes
    /// `set KEY VALUE` lines, in order; later ones win.
    public var settings: [Setting] = []
    public var zones: [ZoneDecl] = []
    public var sites: [SiteDecl] = []
    public var nodes: [NodeDecl] = []
    public var links: [LinkDecl] = []
    public var workloads: [WorkloadDecl] = []
    public var faults: [FaultDecl] = []
    /// `param NAME VALUE` statements, with their declared values (the rest of the scenario holds
    /// what they stood for).
    public var params: [Setting] = []
    /// `random` statements: faults drawn from distributions, realised by the compiler.
    public var processes: [FaultProcessDecl] = []
    public var variants: [Variant] = []
    public var expectations: [Expectation] = []
    /// OpenYurt NodePools; a site in none of them is a pool of its own.
    public var pools: [PoolDecl] = []
    /// Dedicated hosts for pool coordinators.
    public var coordinators: [CoordinatorDecl] = []

    public init(name: String) { self.name = name }

    enum CodingKeys: String, CodingKey {
        case name, description, seed, duration, mode, settings, zones, sites, nodes, links, workloads, faults, variants, expectations
        case pools, coordinators, processes, params
    }

    /// Pools and coordinators are written only when present, so scenarios without them keep
    /// their canonical JSON.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(seed, forKey: .seed)
        try c.encode(duration, forKey: .duration)
        try c.encode(mode, forKey: .mode)
        try c.encode(settings, forKey: .settings)
        try c.encode(zones, forKey: .zones)
        try c.encode(sites, forKey: .sites)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(links, forKey: .links)
        try c.encode(workloads, forKey: .workloads)
        try c.encode(faults, forKey: .faults)
        if !params.isEmpty { try c.encode(params, forKey: .params) }
        if !processes.isEmpty { try c.encode(processes, forKey: .processes) }
        try c.encode(variants, forKey: .variants)
        try c.encode(expectations, forKey: .expectations)
        if !pools.isEmpty { try c.encode(pools, forKey: .pools) }
        if !coordinators.isEmpty { try c.encode(coordinators, forKey: .coordinators) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        do {
            seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        } catch {
            // Foundation calls a negative seed "not valid JSON" with no path; say what fits.
            throw DecodingError.dataCorruptedError(forKey: .seed, in: c,
                debugDescription: "expected a seed, a whole number from 0 to \(UInt64.max)")
        }
        duration = try c.decodeIfPresent(Duration.self, forKey: .duration) ?? Duration(.minutes(30))
        mode = try c.decodeIfPresent(Mode.self, forKey: .mode) ?? .kubernetes
        settings = try c.decodeIfPresent([Setting].self, forKey: .settings) ?? []
        zones = try c.decodeIfPresent([ZoneDecl].self, forKey: .zones) ?? []
        sites = try c.decodeIfPresent([SiteDecl].self, forKey: .sites) ?? []
        nodes = try c.decodeIfPresent([NodeDecl].self, forKey: .nodes) ?? []
        links = try c.decodeIfPresent([LinkDecl].self, forKey: .links) ?? []
        workloads = try c.decodeIfPresent([WorkloadDecl].self, forKey: .workloads) ?? []
        faults = try c.decodeIfPresent([FaultDecl].self, forKey: .faults) ?? []
        processes = try c.decodeIfPresent([FaultProcessDecl].self, forKey: .processes) ?? []
        params = try c.decodeIfPresent([Setting].self, forKey: .params) ?? []
        variants = try c.decodeIfPresent([Variant].self, forKey: .variants) ?? []
        expectations = try c.decodeIfPresent([Expectation].self, forKey: .expectations) ?? []
        pools = try c.decodeIfPresent([PoolDecl].self, forKey: .pools) ?? []
        coordinators = try c.decodeIfPresent([CoordinatorDecl].self, forKey: .coordinators) ?? []
    }
}

/// A duration in a scenario, written `40s`, `5m`, `1h30m`, `250ms` in both formats.
public struct Duration: Codable, Equatable, Sendable, CustomStringConvertible {
    public var time: SimTime
    public init(_ time: SimTime) { self.time = time }
    public var description: String { time.description }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = SimTime.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected a duration such as 40s, 5m, 1h30m or 250ms, got \(quoted(text))" + ScenarioParser.tooLarge(text)))
        }
        self.time = time
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(time.description)
    }
}

/// Which control plane runs: modes are compositions of the same parts, not copies.
public enum Mode: String, Codable, Equatable, Sendable, CaseIterable {
    /// Kubernetes as it is.
    case kubernetes
    /// Kubernetes plus an OpenShift worker latency profile (`latency-profile`).
    case openshift
    /// SuperEdge edge-health and its admission webhook on top of Kubernetes.
    case superedge
    /// OpenYurt YurtHub, autonomy and the pool coordinator on top of Kubernetes.
    case openyurt
    /// KubeEdge: edged's lease and status through EdgeHub and CloudHub (port 10000), not 6443.
    case kubeedge
}

public struct Setting: Codable, Equatable, Sendable {
    public var key: String
    public var value: String
    public init(key: String, value: String) { self.key = key; self.value = value }
}

public struct ZoneDecl: Codable, Equatable, Sendable {
    public var name: String
    public var region: String?
}

/// A place with a LAN and one uplink to the cloud.
public struct SiteDecl: Codable, Equatable, Sendable {
    public var name: String
    /// The zone its nodes get unless a node says otherwise.
    public var zone: String?
    /// A site with no uplink of its own reaches the cloud through this one (`via plant`).
    public var via: String?
}

public struct NodeDecl: Codable, Equatable, Sendable {
    public var name: String
    public var site: String
    public var zone: String?
    /// Extra labels, `key=value`, in the order written.
    public var labels: [Label] = []
}

/// `pool NAME sites a,b [coordinator-on HOST]`: an OpenYurt NodePool made of whole sites, and
/// where its coordinator runs (a node of the pool, or a `coordinator` host; the pool's first
/// node by default).
public struct PoolDecl: Codable, Equatable, Sendable {
    public var name: String
    public var sites: [String]
    public var coordinatorOn: String?
}

/// `coordinator NAME site S`: a host of its own for a pool coordinator, which can lose power or
/// its access link like a node.
public struct CoordinatorDecl: Codable, Equatable, Sendable {
    public var name: String
    public var site: String
}

extension NodeDecl {
    enum CodingKeys: String, CodingKey { case name, site, zone, labels }

    /// `labels` may be left out of JSON, as it may be left off a `node` line.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        site = try c.decode(String.self, forKey: .site)
        zone = try c.decodeIfPresent(String.self, forKey: .zone)
        labels = try c.decodeIfPresent([Label].self, forKey: .labels) ?? []
    }
}

public struct Label: Codable, Equatable, Sendable {
    public var key: String
    public var value: String
}

/// A link's profile: `link factory <-> cloud latency 30ms jitter 10ms loss 1%`.
public struct LinkDecl: Codable, Equatable, Sendable {
    public var link: LinkRef
    public var latency: Duration?
    public var jitter: Duration?
    /// Loss in parts per million (`1%` is 10000).
    public var lossPPM: Int?
}

/// A link by what it connects: a site's uplink, a node's access link, or two sites.
public enum LinkRef: Equatable, Sendable, Codable, CustomStringConvertible {
    case uplink(site: String)
    case access(node: String)
    case between(String, String)

    public var description: String {
        switch self {
        case .uplink(let site): "uplink \(site)"
        case .access(let node): "access \(node)"
        case .between(let a, let b): "link \(a) <-> \(b)"
        }
    }

    /// The same link named from its other end.
    public var reversed: LinkRef {
        if case .between(let a, let b) = self { return .between(b, a) }
        return self
    }

    /// The timeline's subject for a fault on this link.
    public var subject: String {
        switch self {
        case .uplink(let site): "uplink:\(site)"
        case .access(let node): node
        case .between(let a, let b): "link:\(a)<->\(b)"
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let words = text.split(separator: " ").map(String.init)
        switch (words.first, words.count) {
        case ("uplink", 2): self = .uplink(site: words[1])
        case ("access", 2): self = .access(node: words[1])
        case ("link", 4) where words[2] == "<->": self = .between(words[1], words[3])
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected \"uplink SITE\", \"access NODE\" or \"link SITE <-> SITE\", got \(quoted(text))"))
        }
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

public struct WorkloadDecl: Codable, Equatable, Sendable {
    public var kind: WorkloadKind
    public var name: String
    public var replicas: Int?
    /// Where it may run; everywhere when nil.
    public var placement: Placement?
    public var service: String?
    public var tolerations: [TolerationDecl] = []
}

extension WorkloadDecl {
    enum CodingKeys: String, CodingKey { case kind, name, replicas, placement, service, tolerations }

    /// `tolerations` may be left out of JSON, as `tolerate` may be left off a workload line.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(WorkloadKind.self, forKey: .kind)
        name = try c.decode(String.self, forKey: .name)
        replicas = try c.decodeIfPresent(Int.self, forKey: .replicas)
        placement = try c.decodeIfPresent(Placement.self, forKey: .placement)
        service = try c.decodeIfPresent(String.self, forKey: .service)
        tolerations = try c.decodeIfPresent([TolerationDecl].self, forKey: .tolerations) ?? []
    }
}

/// A node selector, resolved against the topology: `on zone guangzhou`, `on site plant`,
/// `on nodes gz-1,gz-2`, `on label key=value`.
public enum Placement: Equatable, Sendable, Codable, CustomStringConvertible {
    case zone(String)
    case site(String)
    case nodes([String])
    case label(Label)

    public var description: String {
        switch self {
        case .zone(let z): "zone \(z)"
        case .site(let s): "site \(s)"
        case .nodes(let n): "nodes \(n.joined(separator: ","))"
        case .label(let l): "label \(l.key)=\(l.value)"
        }
    }

    enum CodingKeys: String, CodingKey { case zone, site, nodes, label }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let z = try c.decodeIfPresent(String.self, forKey: .zone) { self = .zone(z) }
        else if let s = try c.decodeIfPresent(String.self, forKey: .site) { self = .site(s) }
        else if let n = try c.decodeIfPresent([String].self, forKey: .nodes) { self = .nodes(n) }
        else if let l = try c.decodeIfPresent(Label.self, forKey: .label) { self = .label(l) }
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected one of \"zone\", \"site\", \"nodes\" or \"label\""))
        }
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .zone(let z): try c.encode(z, forKey: .zone)
        case .site(let s): try c.encode(s, forKey: .site)
        case .nodes(let n): try c.encode(n, forKey: .nodes)
        case .label(let l): try c.encode(l, forKey: .label)
        }
    }
}

/// `tolerate KEY:EFFECT [SECONDSs]`, or `tolerate all` (every key and effect, forever).
public struct TolerationDecl: Codable, Equatable, Sendable {
    /// Nil tolerates every key.
    public var key: String?
    public var effect: TaintEffect?
    /// Nil tolerates forever.
    public var seconds: Int64?
}

/// A scripted fault: `at 5m ACTION` (from then on) or `at 5m..20m ACTION` (undone at 20m).
public struct FaultDecl: Codable, Equatable, Sendable {
    public var at: Duration
    public var until: Duration?
    public var action: FaultAction
}

public enum FaultAction: Equatable, Sendable, Codable {
    /// The link carries nothing, both ways.
    case cut(link: LinkRef)
    /// Undoes one earlier `cut` of the link.
    case heal(link: LinkRef)
    /// An iptables DROP on `source`'s OUTPUT chain for packets to `target` (optionally one port).
    case drop(source: String, target: String, port: Int?)
    /// Removes the matching DROP rule.
    case undrop(source: String, target: String, port: Int?)
    case loss(link: LinkRef, ppm: Int)
    case latency(link: LinkRef, latency: Duration, jitter: Duration)
    /// The link goes down for `(100 - upPercent)`% of every period, starting down, then up.
    case flap(link: LinkRef, period: Duration, upPercent: Int)
    /// Nothing passes between the two sides (a site, a node, or `cloud`), either way.
    case partition(a: String, b: String)
    /// Sets a node label (nil value removes it), as `kubectl label` would.
    case label(node: String, key: String, value: String?)
    case powerOff(node: String)
    case powerOn(node: String)
    case apiServerDown
    case apiServerUp
    /// The edge components of these nodes restart (a rollout): every list/watch starts over.
    case restartEdge(nodes: [String])
    /// Adds a node taint, as `kubectl taint nodes NODE key[=value]:Effect` would.
    case taint(node: String, taint: TaintSpec)
    /// Removes it (`kubectl taint nodes NODE key:Effect-`): key and effect match, as upstream.
    case untaint(node: String, taint: TaintSpec)
    /// `kubectl cordon`: the node is marked unschedulable.
    case cordon(node: String)
    /// `kubectl uncordon`.
    case uncordon(node: String)
    /// `kubectl drain`: cordons the node, then evicts every pod but DaemonSet and static pods.
    case drain(node: String)
    /// The kubelet process stops with the node powered: its containers keep running, nothing
    /// renews the lease or posts status.
    case kubeletStop(node: String)
    /// The kubelet process starts again.
    case kubeletStart(node: String)
    /// The kubelet reports `Ready=False` (container runtime down, PLEG unhealthy) while it still
    /// renews its lease.
    case notReady(node: String)
    /// The kubelet reports `Ready=True` again.
    case ready(node: String)
    /// The node's `NetworkUnavailable` condition turns True (the CNI's or route controller's word).
    case networkUnavailable(node: String)
    /// `NetworkUnavailable` turns False again.
    case networkAvailable(node: String)
    /// A node joins the cluster: its kubelet starts and registers its Node object. A node whose
    /// first `add-node`/`delete-node` is an `add-node` has no Node object until then.
    case addNode(node: String)
    /// `kubectl delete node`: the Node object goes; the machine and its kubelet run on.
    case deleteNode(node: String)
}

/// A taint as a scenario writes it: `key[=value]:Effect`.
public struct TaintSpec: Codable, Equatable, Sendable, CustomStringConvertible {
    public var key: String
    public var value: String?
    public var effect: TaintEffect

    public init(key: String, value: String? = nil, effect: TaintEffect) {
        self.key = key; self.value = value; self.effect = effect
    }

    public var description: String { key + (value.map { "=" + $0 } ?? "") + ":" + effect.rawValue }
}

/// `variant NAME set KEY VALUE ...`: the scenario runs once per variant with these settings on
/// top of its own.
public struct Variant: Codable, Equatable, Sendable {
    public var name: String
    /// Runs this variant in another mode than the scenario's.
    public var mode: Mode?
    public var settings: [Setting]
}

/// `expect [variant NAME] (by|at) TIME METRIC [DETAIL] SCOPE OP VALUE`, or an interval:
/// `expect [variant NAME] EVENT SCOPE [DETAIL] (within MAX | between MIN and MAX) after EVENT SCOPE [DETAIL]`.
public struct Expectation: Codable, Equatable, Sendable {
    public enum Timing: String, Codable, Sendable { case by, at, after }
    public var variant: String?
    public var timing: Timing
    /// `by`/`at`: the instant; `after`: the longest delay allowed.
    public var time: Duration
    /// A metric (`by`/`at`), or the event expected (`after`).
    public var metric: String
    public var scope: String
    /// `by`/`at`: an operator; `after`: `within` or `between`.
    public var op: String
    /// `by`/`at`: the value; `after`: the shortest delay allowed (`0s` with `within`).
    public var value: String
    /// Which taints or annotations `taints`, `untaints` and `annotations` count (nil: NoExecute
    /// taints, every annotation), or which of the expected events count (`after`).
    public var detail: String? = nil
    /// `after`: the event the delay runs from.
    public var anchor: Anchor? = nil

    /// The first event matching these, from which an `after` expectation measures.
    public struct Anchor: Codable, Equatable, Sendable {
        public var event: String
        public var scope: String
        public var detail: String?
        public init(event: String, scope: String, detail: String?) { self.event = event; self.scope = scope; self.detail = detail }
    }
}
