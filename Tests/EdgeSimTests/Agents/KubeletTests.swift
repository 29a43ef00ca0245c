@testable import EdgeSim
import EdgeSimTestSupport
import Testing

@Suite("Kubelet")
struct KubeletTests {
    /// One node, not yet Ready, with two Deployment pods and a static pod bound to it, and its
    /// kubelet, which runs nothing yet.
    struct OneNode {
        var api = APIServer()
        var kubelet = Kubelet(node: NodeID(0), host: HostID(1), random: SeededRandom(seed: 1), statusRandom: SeededRandom(seed: 2),
                              leaseRandom: CounterRandom(seed: 3, stream: "lease"))
        let settings = KubeletSettings()
        var web: [PodID] = []
        var mirror: PodID

        init() {
            api.register(HandBuilt.node(0, ready: nil))
            api.addWorkload(Workload(id: WorkloadID(0), name: "web", kind: .deployment, replicas: 2, eligibleNodes: nil,
                                     tolerations: [], service: nil))
            api.addWorkload(Workload(id: WorkloadID(1), name: "mirror", kind: .staticPod, replicas: 1, eligibleNodes: [NodeID(0)],
                                     tolerations: [], service: nil))
            for index in 0..<2 {
                let pod = api.createPod(name: "web-\(index)", workload: WorkloadID(0), tolerations: [], now: .zero)
                api.bind(pod, to: NodeID(0), now: .zero)
                web.append(pod)
            }
            mirror = api.createPod(name: "mirror-n-0", workload: WorkloadID(1), tolerations: [], now: .zero)
            api.bind(mirror, to: NodeID(0), now: .zero)
        }

        /// A status sync that reached the API server at `now`; the pods it restarted.
        @discardableResult
        mutating func sync(at now: SimTime) -> [PodID] {
            kubelet.completeStatusSync(now: now, settings: settings, api: &api)
        }

        func needsSync(at now: SimTime) -> Bool {
            kubelet.needsStatusSync(now: now, settings: settings, nodeReady: api.nodes[0].ready, podsBoundHere: api.podsOnNode[0],
                                    pods: api.pods)
        }
    }

    @Test("a status sync posts Ready=True, starts the pods bound to the node and marks them Ready")
    func statusSyncStartsPods() {
        var node = OneNode()
        #expect(node.kubelet.running.isEmpty)
        node.sync(at: .seconds(10))
        #expect(node.api.nodes[0].ready == .true)
        #expect(node.api.nodes[0].readyHeartbeat == .seconds(10))
        #expect(node.kubelet.running == (node.web + [node.mirror]).sorted())
        #expect(node.api.pods.allSatisfy { $0.ready })
        #expect(node.kubelet.lastStatusReport == .seconds(10))
    }

    @Test("pods evicted by the cloud keep running while the kubelet does not hear of it, and stop at its next sync")
    func evictedPodsRunUntilTheKubeletHears() {
        var node = OneNode()
        node.sync(at: .seconds(10))
        #expect(!node.needsSync(at: .minutes(2)))
        node.api.evict(node.web[0], now: .minutes(2))
        #expect(node.kubelet.isRunning(node.web[0]), "nothing reaches a kubelet but its own syncs")
        #expect(node.needsSync(at: .minutes(2)), "a Terminating pod is work for the next sync")
        node.sync(at: .minutes(20))
        #expect(!node.kubelet.isRunning(node.web[0]))
        #expect(node.api.pods[node.web[0].index].deleted, "the kubelet confirms the containers are gone")
        #expect(node.kubelet.isRunning(node.web[1]))
    }

    @Test("a node cut off from the cloud keeps running the pods the cloud evicted, until the link is back")
    func cutOffNodeKeepsItsPods() throws {
        let text = """
        name cut-off
        duration 30m
        zone a
        site s zone a
        node n-1..3 site s
        deployment web replicas 3 service web
        at 1m..20m cut access n-1
        """
        let world = World(try #require(try ScenarioRun.compiled(text: text).first))
        world.run(until: .minutes(15))
        let evicted = world.api.pods.filter { $0.node == NodeID(0) && $0.isTerminating }.map(\.id)
        #expect(!evicted.isEmpty, "n-1's pods outlast their 300 s toleration and are evicted")
        #expect(evicted.allSatisfy { world.kubelets[0].isRunning($0) })
        world.run(until: .minutes(25))
        #expect(evicted.allSatisfy { !world.kubelets[0].isRunning($0) && world.api.pods[$0.index].deleted })
    }

    @Test("a power loss stops every pod; at power-on the static pods restart at once, the others at the first sync")
    func staticPodsRestartAtPowerOn() {
        var node = OneNode()
        node.sync(at: .seconds(10))
        node.kubelet.powerOff()
        #expect(!node.kubelet.powered)
        #expect(node.kubelet.running.isEmpty)
        #expect(node.kubelet.powerOn(staticPods: [node.mirror]) == [node.mirror])
        #expect(node.kubelet.powered)
        #expect(node.kubelet.running == [node.mirror], "no API server is needed for a manifest on disk")
        #expect(node.sync(at: .minutes(2)) == node.web, "the Deployment's pods come back as restarts")
        #expect(node.kubelet.running == (node.web + [node.mirror]).sorted())
    }

    @Test("power-on starts a static pod that was not running, and never restarts one twice")
    func powerOnStartsStaticPodsOnce() {
        var node = OneNode()
        #expect(node.kubelet.powerOn(staticPods: [node.mirror]) == [node.mirror])
        #expect(node.kubelet.powerOn(staticPods: [node.mirror]) == [])
        #expect(node.kubelet.running == [node.mirror])
    }

    @Test("every power change starts a new life, so timers of the old one are told apart")
    func powerChangesBumpTheLife() {
        var node = OneNode()
        let life = node.kubelet.life
        node.kubelet.powerOff()
        #expect(node.kubelet.life == life &+ 1)
        _ = node.kubelet.powerOn(staticPods: [])
        #expect(node.kubelet.life == life &+ 2)
    }

    @Test("a converged node needs no status sync until the report period has passed")
    func convergedNodeSyncsOnlyToReport() {
        var node = OneNode()
        #expect(node.needsSync(at: .zero), "not Ready yet")
        node.sync(at: .seconds(10))
        #expect(!node.needsSync(at: .seconds(20)))
        #expect(!node.needsSync(at: .seconds(10) + node.settings.statusReportFrequency - .seconds(1)))
        #expect(node.needsSync(at: .seconds(10) + node.settings.statusReportFrequency))
    }

    @Test("a node whose API copy is not Ready, or with a bound pod it does not run, needs a status sync")
    func differencesNeedASync() {
        var node = OneNode()
        node.sync(at: .seconds(10))
        node.api.setReady(NodeID(0), .unknown, heartbeat: nil, now: .seconds(60))
        #expect(node.needsSync(at: .seconds(61)))
        node.sync(at: .seconds(70))
        #expect(!node.needsSync(at: .seconds(71)))
        let extra = node.api.createPod(name: "web-2", workload: WorkloadID(0), tolerations: [], now: .zero)
        node.api.bind(extra, to: NodeID(0), now: .seconds(80))
        #expect(node.needsSync(at: .seconds(81)))
    }

    @Test("the lease is renewed every quarter of its duration")
    func leaseRenewInterval() {
        var settings = KubeletSettings()
        #expect(settings.leaseRenewInterval == .seconds(10))
        settings.leaseDuration = .seconds(60)
        #expect(settings.leaseRenewInterval == .seconds(15))
    }

    @Test("status ticks fall on the life's grid: the next one at or after a time, never before the origin")
    func statusTicksFallOnTheGrid() {
        var kubelet = OneNode().kubelet
        kubelet.statusOrigin = .seconds(3)
        let period = SimTime.seconds(10)
        #expect(kubelet.nextStatusTick(atOrAfter: .zero, period: period) == .seconds(3))
        #expect(kubelet.nextStatusTick(atOrAfter: .seconds(3), period: period) == .seconds(3))
        #expect(kubelet.nextStatusTick(atOrAfter: .seconds(4), period: period) == .seconds(13))
        #expect(kubelet.nextStatusTick(atOrAfter: .seconds(23), period: period) == .seconds(23))
    }
}
