@testable import EdgeSim
import Testing

@Suite("EndpointsController")
struct EndpointsControllerTests {
    /// Two Ready nodes; `web` behind Service `web` with two pods bound to node 0, not yet
    /// Ready; `batch`, with no Service, with one pod on node 1.
    struct Cluster {
        var api = APIServer()
        let controller = EndpointsController()
        var web: [PodID] = []
        var batch: PodID

        init() {
            api.register(HandBuilt.node(0))
            api.register(HandBuilt.node(1))
            api.addWorkload(Workload(id: WorkloadID(0), name: "web", kind: .deployment, replicas: 2, eligibleNodes: nil,
                                     tolerations: [], service: ServiceID(0)))
            api.addService(ServiceObject(id: ServiceID(0), name: "web", workload: WorkloadID(0)))
            api.addWorkload(Workload(id: WorkloadID(1), name: "batch", kind: .deployment, replicas: 1, eligibleNodes: nil,
                                     tolerations: [], service: nil))
            for index in 0..<2 {
                let pod = api.createPod(name: "web-\(index)", workload: WorkloadID(0), tolerations: [], now: .zero)
                api.bind(pod, to: NodeID(0), now: .zero)
                web.append(pod)
            }
            batch = api.createPod(name: "batch-0", workload: WorkloadID(1), tolerations: [], now: .zero)
            api.bind(batch, to: NodeID(1), now: .zero)
        }

        var ready: [PodID] { api.services[0].readyAddresses.items }
        var notReady: [PodID] { api.services[0].notReadyAddresses.items }

        mutating func changed(_ pod: PodID, at seconds: Int64) {
            controller.podChanged(pod, now: .seconds(seconds), api: &api)
        }

        /// The endpoint lines of the timeline, as `name pod`.
        var endpointLines: [String] {
            api.auditLog.filter { $0.name.hasPrefix("endpoint-") }.map { "\($0.name) \($0.pod!.index)" }
        }
    }

    @Test("a bound pod that is not Ready is a not-ready address, and no endpoint line")
    func notReadyPodIsANotReadyAddress() {
        var cluster = Cluster()
        cluster.changed(cluster.web[0], at: 1)
        #expect(cluster.notReady == [cluster.web[0]])
        #expect(cluster.ready.isEmpty)
        #expect(cluster.endpointLines.isEmpty)
    }

    @Test("a bound Ready pod is a ready address, with an endpoint-added line")
    func readyPodIsAReadyAddress() {
        var cluster = Cluster()
        cluster.api.setPodReady(cluster.web[1], true, now: .seconds(1))
        cluster.changed(cluster.web[1], at: 1)
        #expect(cluster.ready == [cluster.web[1]])
        #expect(cluster.notReady.isEmpty)
        #expect(cluster.endpointLines == ["endpoint-added \(cluster.web[1].index)"])
    }

    @Test("a pod that turns NotReady moves to the not-ready addresses, with an endpoint-removed line")
    func podTurningNotReadyMoves() {
        var cluster = Cluster()
        for pod in cluster.web {
            cluster.api.setPodReady(pod, true, now: .seconds(1))
            cluster.changed(pod, at: 1)
        }
        cluster.api.setPodReady(cluster.web[0], false, now: .seconds(2))
        cluster.changed(cluster.web[0], at: 2)
        #expect(cluster.ready == [cluster.web[1]])
        #expect(cluster.notReady == [cluster.web[0]])
        #expect(cluster.endpointLines.last == "endpoint-removed \(cluster.web[0].index)")
    }

    @Test("a Terminating pod leaves the Endpoints altogether, even while still Ready")
    func terminatingPodLeaves() {
        var cluster = Cluster()
        cluster.api.setPodReady(cluster.web[0], true, now: .seconds(1))
        cluster.changed(cluster.web[0], at: 1)
        cluster.api.evict(cluster.web[0], now: .seconds(2))
        cluster.changed(cluster.web[0], at: 2)
        #expect(cluster.api.pods[cluster.web[0].index].ready, "eviction leaves PodReady alone")
        #expect(cluster.ready.isEmpty && cluster.notReady.isEmpty)
        #expect(cluster.endpointLines == ["endpoint-added \(cluster.web[0].index)", "endpoint-removed \(cluster.web[0].index)"])
    }

    @Test("a pending pod is no address")
    func pendingPodIsNoAddress() {
        var cluster = Cluster()
        let pending = cluster.api.createPod(name: "web-2", workload: WorkloadID(0), tolerations: [], now: .zero)
        cluster.changed(pending, at: 1)
        #expect(cluster.ready.isEmpty && cluster.notReady.isEmpty)
    }

    @Test("a pod of a workload without a Service changes no Endpoints")
    func podWithoutServiceChangesNothing() {
        var cluster = Cluster()
        cluster.api.setPodReady(cluster.batch, true, now: .seconds(1))
        let timeline = cluster.api.auditLog.count
        cluster.changed(cluster.batch, at: 1)
        #expect(cluster.ready.isEmpty && cluster.notReady.isEmpty)
        #expect(cluster.api.auditLog.count == timeline)
    }
}
