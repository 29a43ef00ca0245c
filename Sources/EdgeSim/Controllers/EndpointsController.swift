/// Upstream's endpoints controller, legacy `v1.Endpoints` flavour: a Service's ready
/// addresses are its pods that are bound, not Terminating and PodReady; the rest of the bound
/// ones are `notReadyAddresses`. A node going Unknown reaches here through the node lifecycle
/// controller's MarkPodsNotReady, as upstream.
/// (k8s: pkg/controller/endpoint/endpoints_controller.go syncService)
public struct EndpointsController: Sendable {
    public init() {}

    public func podChanged(_ id: PodID, now: SimTime, api: inout APIServer) {
        let pod = api.pods[id.index]
        guard let service = api.workloads[pod.workload.index].service else { return }
        let membership: APIServer.EndpointMembership = !pod.isActive || pod.node == nil ? .absent : pod.ready ? .ready : .notReady
        api.setEndpoint(service, pod: id, membership, now: now)
    }
}
