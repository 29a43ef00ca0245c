/// A mutating admission webhook in the API server: it may change a node or Endpoints update
/// before it is stored. A control plane installs its own (`APIServer.admissionPlugins`); vanilla
/// Kubernetes has none that matter here.
public protocol AdmissionPlugin: Sendable {
    /// Whether the webhook patches `node.kubernetes.io/unreachable:NoExecute` out of an update
    /// of `node` (the taint is not stored, or is removed if already there).
    func stripsUnreachableNoExecute(_ node: NodeObject) -> Bool
    /// Whether the webhook moves a not-ready Endpoints address of a pod on `node` back to the
    /// ready addresses.
    func keepsAddressReady(on node: NodeObject) -> Bool
}

extension AdmissionPlugin {
    public func stripsUnreachableNoExecute(_ node: NodeObject) -> Bool { false }
    public func keepsAddressReady(on node: NodeObject) -> Bool { false }
}

extension [any AdmissionPlugin] {
    func stripUnreachableNoExecute(_ node: NodeObject) -> Bool { contains { $0.stripsUnreachableNoExecute(node) } }
    func keepAddressReady(on node: NodeObject) -> Bool { contains { $0.keepsAddressReady(on: node) } }
}
