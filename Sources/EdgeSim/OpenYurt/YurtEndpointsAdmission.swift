/// OpenYurt's v1.6 mutating webhooks on Endpoints and EndpointSlices: the not-ready addresses of
/// pods on autonomous nodes are moved back to ready, so Services keep routing to a node the
/// cloud cannot hear. They work with the stock node lifecycle controller, which still marks the
/// pods not ready. (openyurt pkg/yurtmanager/webhook/endpoints, endpointslice: remapAutonomyEndpoints)
public struct YurtEndpointsAdmission: AdmissionPlugin, Equatable {
    /// The `autonomy-duration` setting, as if every node carried the annotation.
    public var defaultAutonomy: SimTime?

    public init(defaultAutonomy: SimTime?) { self.defaultAutonomy = defaultAutonomy }

    // openyurt: remapAutonomyEndpoints — any not-ready address whose node IsPodBoundenToNode
    // moves to ready unless the pod is in CrashLoopBackOff (edgesim has no crash loops). So a
    // really dead autonomous node keeps its addresses for good: the price of autonomy.
    public func keepsAddressReady(on node: NodeObject) -> Bool {
        NodeAutonomy.of(node, defaultDuration: defaultAutonomy) != nil
    }
}
