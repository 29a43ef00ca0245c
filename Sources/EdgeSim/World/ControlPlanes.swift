/// The registry of control planes: which extension runs each mode. Adding a control plane is
/// one folder with its `ControlPlane` type and one case here, in the enum and in its two
/// switches (plus its `Mode` case).
///
/// A closed enum rather than an existential: a call through `any` reaches unspecialised generic
/// code, which looks up type metadata on every access (a 24 h run took 5.7 times the
/// instructions). Opening the enum hands each concrete `ClusterRun<Plane>` to a visitor, so the
/// compiler specialises the whole run for each plane.
enum RegisteredRun {
    case kubernetes(ClusterRun<VanillaKubernetes>)
    case superedge(ClusterRun<SuperEdge>)
    case openyurt(ClusterRun<OpenYurt>)
    case kubeedge(ClusterRun<KubeEdge>)
    /// Only while a visitor holds the run (so its arrays stay uniquely referenced).
    case lent

    init(_ compiled: CompiledScenario, options: World.Options, stream: (any TimelineStream)?) {
        switch compiled.scenario.mode {
        case .kubernetes, .openshift: self = .kubernetes(ClusterRun(compiled, options: options, stream: stream))
        case .superedge: self = .superedge(ClusterRun(compiled, options: options, stream: stream))
        case .openyurt: self = .openyurt(ClusterRun(compiled, options: options, stream: stream))
        case .kubeedge: self = .kubeedge(ClusterRun(compiled, options: options, stream: stream))
        }
    }

    /// Hands the concrete run to `visitor`, in place.
    mutating func accept<Visitor: ClusterRunVisitor>(_ visitor: inout Visitor) -> Visitor.Result {
        switch self {
        case .kubernetes(var run):
            self = .lent
            defer { self = .kubernetes(run) }
            return visitor.visit(&run)
        case .superedge(var run):
            self = .lent
            defer { self = .superedge(run) }
            return visitor.visit(&run)
        case .openyurt(var run):
            self = .lent
            defer { self = .openyurt(run) }
            return visitor.visit(&run)
        case .kubeedge(var run):
            self = .lent
            defer { self = .kubeedge(run) }
            return visitor.visit(&run)
        case .lent:
            preconditionFailure("a run is visited by one visitor at a time")
        }
    }

    /// What a mode's control plane adds to a run's estimate.
    static func planeCost(of compiled: CompiledScenario, seconds: Int64) -> [WorkEstimate.Part] {
        switch compiled.scenario.mode {
        case .kubernetes, .openshift: VanillaKubernetes.estimatedCost(of: compiled, seconds: seconds)
        case .superedge: SuperEdge.estimatedCost(of: compiled, seconds: seconds)
        case .openyurt: OpenYurt.estimatedCost(of: compiled, seconds: seconds)
        case .kubeedge: KubeEdge.estimatedCost(of: compiled, seconds: seconds)
        }
    }

    /// Which pods a Service may list under a mode (its control plane's endpoint webhooks).
    static func endpointRule(of mode: Mode) -> EndpointRule {
        switch mode {
        case .kubernetes, .openshift: VanillaKubernetes.endpointRule
        case .superedge: SuperEdge.endpointRule
        case .openyurt: OpenYurt.endpointRule
        case .kubeedge: KubeEdge.endpointRule
        }
    }
}

/// Something done to a run whatever its control plane, specialised for each.
protocol ClusterRunVisitor {
    associatedtype Result
    mutating func visit<Plane: ControlPlane>(_ run: inout ClusterRun<Plane>) -> Result
}
