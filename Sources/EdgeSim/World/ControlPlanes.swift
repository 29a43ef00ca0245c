/// The registry of control planes: which extension runs each mode. Adding a control plane is
/// one folder with its `ControlPlane` type and one line here (plus its `Mode` case).
enum ControlPlanes {
    static func run(_ compiled: CompiledScenario, options: World.Options) -> any ClusterRunning {
        switch compiled.scenario.mode {
        case .kubernetes, .openshift: ClusterRun<VanillaKubernetes>(compiled, options: options)
        case .superedge: ClusterRun<SuperEdge>(compiled, options: options)
        case .openyurt: ClusterRun<OpenYurt>(compiled, options: options)
        }
    }

    /// Which pods a Service may list under a mode (its control plane's endpoint webhooks).
    static func endpointRule(of mode: Mode) -> EndpointRule {
        switch mode {
        case .kubernetes, .openshift: VanillaKubernetes.endpointRule
        case .superedge: SuperEdge.endpointRule
        case .openyurt: OpenYurt.endpointRule
        }
    }
}
