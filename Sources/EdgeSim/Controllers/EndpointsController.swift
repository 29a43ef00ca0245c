/// Upstream's endpoints controller, legacy `v1.Endpoints` flavour: a Service's ready
/// addresses are its pods that are bound, not Terminating and PodReady; the rest of the bound
/// ones are `notReadyAddresses`. A node going Unknown reaches here through the node lifecycle
/// controller's MarkPodsNotReady, as upstream.
/// (k8s: pkg/controller/endpoint/endpoints_controller.go syncService)
public struct EndpointsController: Sendable {
    public init() {}

    public func podChanged(_ id: PodID, now: SimTime, api: inout APIServer) {
        guard let service = api.workloads[api.pods[id.index].workload.index].service else { return }
        sync(service, now: now, api: &api)
    }

    public func sync(_ id: ServiceID, now: SimTime, api: inout APIServer) {
        let workload = api.services[id.index].workload
        var ready: [PodID] = [], notReady: [PodID] = []
        for id in api.podsOfWorkload[workload.index] {
            let pod = api.pods[id.index]
            guard pod.isActive, pod.node != nil else { continue }
            if pod.ready { ready.append(pod.id) } else { notReady.append(pod.id) }
        }
        api.setEndpoints(id, ready: ready, notReady: notReady, now: now)
    }
}
