/// SuperEdge edge-health-admission: a mutating webhook on node and endpoints updates that lets
/// the peers' verdict overrule the cloud's. A node the cloud cannot hear (Ready=Unknown) but
/// that no majority of peers annotated `nodeunhealth` keeps its pods and its endpoints.
/// (superedge pkg/edge-health-admission/admission/{nodetaint,endpoint}.go)
public struct EdgeHealthAdmission: AdmissionPlugin, Equatable {
    /// failurePolicy Ignore: a webhook that does not answer changes nothing.
    public var available: Bool
    /// `--always-reachable`: strip the taint even from annotated nodes (endpoints ignore it).
    public var alwaysReachable: Bool

    public init(available: Bool = true, alwaysReachable: Bool = false) {
        self.available = available; self.alwaysReachable = alwaysReachable
    }

    // superedge: admission.nodeTaint — Ready Unknown and not judged dead by the peers: the
    // unreachable:NoExecute taint is patched away, newly added or already there.
    public func stripsUnreachableNoExecute(_ node: NodeObject) -> Bool {
        available && node.ready == .unknown && (node.annotations[EdgeHealthSettings.annotation] == nil || alwaysReachable)
    }

    // superedge: admission.endpoint — notReadyAddresses on such a node move back to addresses
    // (legacy Endpoints only: EndpointSlices, which kube-proxy reads since 1.19, are untouched).
    public func keepsAddressReady(on node: NodeObject) -> Bool {
        available && node.ready == .unknown && node.annotations[EdgeHealthSettings.annotation] == nil
    }
}
