import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("OpenYurt 1.7 leader hubs: yurt-manager's HubLeaderController and the followers' TCP checks")
struct HubLeaderTests {
    static func settings(_ strategy: LeaderElectionStrategy = .random, replicas: Int = 1, selector: [Label] = []) -> OpenYurtSettings {
        var settings = OpenYurtSettings()
        settings.leaderElectionStrategy = strategy
        settings.leaderReplicas = replicas
        settings.leaderNodeLabelSelector = selector
        return settings
    }

    static let members = (0..<5).map(NodeID.init)

    // openyurt: hubleader reconcileHubLeader skips nodes that are not IsNodeReady; electNLeaders
    // takes leaderReplicas of the rest.
    @Test("leaderReplicas leaders are elected among Ready nodes only (Unknown and False never lead)")
    func electsAmongReadyNodes() {
        var controller = HubLeaderController(pools: ["p"], seed: 1, settings: Self.settings(replicas: 2))
        let nodes = [HandBuilt.node(0), HandBuilt.node(1, ready: .unknown), HandBuilt.node(2, ready: .false),
                     HandBuilt.node(3), HandBuilt.node(4)]
        let change = controller.reconcile(pool: 0, members: Self.members, nodes: nodes)
        #expect(change.elected.count == 2 && change.removed.isEmpty)
        #expect(Set(change.elected).isSubset(of: [NodeID(0), NodeID(3), NodeID(4)]))
        #expect(controller.leaders[0] == change.elected)
    }

    // openyurt: reconcileHubLeader deletes leaders missing from the Ready candidates, keeps the
    // rest, and tops the list up with electNLeaders.
    @Test("a leader whose node is no longer Ready is replaced; the other leader stays")
    func replacesNotReadyLeader() throws {
        var controller = HubLeaderController(pools: ["p"], seed: 3, settings: Self.settings(replicas: 2))
        var nodes = Self.members.map { HandBuilt.node($0.index) }
        let first = controller.reconcile(pool: 0, members: Self.members, nodes: nodes)
        let lost = try #require(first.elected.first), kept = first.elected[1]
        nodes[lost.index].ready = .unknown
        let second = controller.reconcile(pool: 0, members: Self.members, nodes: nodes)
        #expect(second.removed == [lost])
        #expect(second.elected.count == 1 && second.elected[0] != lost && second.elected[0] != kept)
        #expect(controller.leaders[0] == [kept] + second.elected)
    }

    @Test("a reconcile that finds the leaders still Ready changes nothing")
    func stableLeaders() {
        var controller = HubLeaderController(pools: ["p"], seed: 1, settings: Self.settings(replicas: 2))
        let nodes = Self.members.map { HandBuilt.node($0.index) }
        let first = controller.reconcile(pool: 0, members: Self.members, nodes: nodes)
        #expect(controller.reconcile(pool: 0, members: Self.members, nodes: nodes).isEmpty)
        #expect(controller.leaders[0] == first.elected)
    }

    // openyurt: reconcileHubLeader with the mark strategy lists nodes MatchingLabels(leaderNodeLabelSelector).
    @Test("mark elects only nodes matching the selector, and none when no marked node is Ready")
    func markStrategy() {
        let selector = [Label(key: "leader", value: "yes")]
        var controller = HubLeaderController(pools: ["p"], seed: 1, settings: Self.settings(.mark, replicas: 3, selector: selector))
        var nodes = Self.members.map { HandBuilt.node($0.index) }
        nodes[2] = HandBuilt.node(2, labels: ["leader": "yes"])
        nodes[4] = HandBuilt.node(4, labels: ["leader": "no"])
        #expect(controller.reconcile(pool: 0, members: Self.members, nodes: nodes).elected == [NodeID(2)])
        nodes[2].ready = .false
        let change = controller.reconcile(pool: 0, members: Self.members, nodes: nodes)
        #expect(change.removed == [NodeID(2)] && change.elected.isEmpty && controller.leaders[0].isEmpty)
    }

    @Test("random draws come from a stream per pool: one pool's elections never shift another's")
    func streamPerPool() {
        let nodes = Self.members.map { HandBuilt.node($0.index) }
        var two = HubLeaderController(pools: ["a", "b"], seed: 9, settings: Self.settings(replicas: 2))
        var one = HubLeaderController(pools: ["b"], seed: 9, settings: Self.settings(replicas: 2))
        _ = two.reconcile(pool: 0, members: Self.members, nodes: nodes)
        #expect(two.reconcile(pool: 1, members: Self.members, nodes: nodes) == one.reconcile(pool: 0, members: Self.members, nodes: nodes))
    }

    // openyurt v1.7 proxy.go / multiplexer: a healthy leader, else the cloud, else the cache.
    @Test("followers read pool-scope data from a healthy leader, else a healthy cloud, else the local cache")
    func routing() {
        #expect(PoolScopeRoute.decide(leaderHealthy: true, cloudHealthy: false) == .leaderHub)
        #expect(PoolScopeRoute.decide(leaderHealthy: false, cloudHealthy: true) == .cloud)
        #expect(PoolScopeRoute.decide(leaderHealthy: false, cloudHealthy: false) == .local)
    }

    @Test("the 1.7 settings parse as the NodePool fields do and refuse what they cannot be")
    func settingsParse() {
        var settings = SimulationSettings()
        #expect(settings.openYurt.version == .v1_7 && !settings.openYurt.enableLeaderElection && settings.openYurt.leaderReplicas == 1)
        #expect(settings.apply([Setting(key: "openyurt-version", value: "1.6"), Setting(key: "leader-election-strategy", value: "mark"),
                                Setting(key: "leader-replicas", value: "2"), Setting(key: "enable-leader-election", value: "true"),
                                Setting(key: "leader-node-label-selector", value: "a=1,b=2")]) == nil)
        #expect(settings.openYurt.version == .v1_6 && settings.openYurt.leaderElectionStrategy == .mark)
        #expect(settings.openYurt.leaderReplicas == 2 && settings.openYurt.enableLeaderElection)
        #expect(settings.openYurt.leaderNodeLabelSelector == [Label(key: "a", value: "1"), Label(key: "b", value: "2")])
        for (key, value) in [("openyurt-version", "1.8"), ("leader-replicas", "0"), ("leader-election-strategy", "vote"),
                             ("leader-node-label-selector", "a"), ("leader-node-label-selector", "a=1,")] {
            #expect(SimulationSettings().applying(key, value) != nil, "\(key) \(value)")
        }
    }

    /// A pool over two sites; the east uplink is cut from 1m to 5m while east still reaches
    /// the west, where the only marked node leads (1.7) or the coordinator runs and the first
    /// node leads (1.6).
    static let cutFromCloud = """
        name cut-from-cloud
        seed 4
        duration 6m
        mode openyurt
        set kubernetes-version 1.29
        set enable-leader-election true
        set leader-election-strategy mark
        set leader-node-label-selector leader=yes
        zone campus
        site east zone campus
        site west zone campus
        link east <-> west latency 3ms
        node w-1 site west label leader=yes
        node w-2 site west
        node e-1,e-2 site east
        coordinator coord site west
        pool campus sites east,west coordinator-on coord
        deployment web replicas 4 service web
        at 1m..5m cut uplink east
        variant v1.6 set openyurt-version 1.6
        variant v1.7 set openyurt-version 1.7
        """

    // openyurt v1.7 CHANGELOG #2308 (delegatelease removed) + healthchecker/cloudapiserver
    // prober.Probe: only the hub itself renews the node Lease in the cloud.
    @Test("1.7: nodes cut from the cloud but reaching their pool's leader go Unknown; 1.6 delegation keeps them Ready")
    func noDelegationIn17() throws {
        let reports = try ScenarioRun.reports(text: Self.cutFromCloud)
        let (v16, v17) = (reports[0], reports[1])
        for node in ["e-1", "e-2"] {
            #expect(v16.readyChanges(on: node).allSatisfy { $0.status == .true }, "\(node) under 1.6")
            let unknown = try #require(v17.readyChanges(on: node).first { $0.status == .unknown }, "\(node) under 1.7")
            #expect(unknown.time.isWithin(seconds: 60 + 40, 60 + 40 + 20))
        }
        // 1.7: the leader was elected by yurt-manager at the start and kept (its node stays Ready).
        #expect(v17.times("leader-elected", node: "w-1") == [.zero] && v17.times("leader-lost").isEmpty)
        #expect(v17.times("coordinator-ready").isEmpty && v17.times("coordinator-not-ready").isEmpty)
        #expect(!v16.times("coordinator-ready").isEmpty)
    }

    /// Two nodes in one pool; only pool-scope churn costs bytes.
    static func churn(_ electing: Bool) -> String {
        """
        name churn
        duration 10s
        mode openyurt
        set enable-leader-election \(electing)
        set churn-services 10
        set endpoints-churn-per-second 1
        set endpoints-object-bytes 100
        set endpointslice-object-bytes 400
        set node-object-bytes 0
        set lease-object-bytes 0
        site s
        node a-1,a-2 site s
        """
    }

    @Test("with a leader hub only the leader watches the cloud: 10 changes x 500 B; without, both hubs do")
    func leaderSavesTheUplink() throws {
        #expect(try ScenarioRun.reports(text: Self.churn(true))[0].cloudEdgeBytes == 5_000)
        #expect(try ScenarioRun.reports(text: Self.churn(false))[0].cloudEdgeBytes == 10_000)
    }

    // openyurt: leaderhub pingServer fails on a dead leader; proxy.go then sends pool-scope
    // requests to the cloud, where each follower re-lists.
    @Test("when the only leader dies every follower re-lists pool-scope data from the cloud within one 20 s check")
    func followersFallBackToCloud() throws {
        let text = """
            name fallback
            duration 60s
            mode openyurt
            set enable-leader-election true
            set leader-election-strategy mark
            set leader-node-label-selector leader=yes
            set churn-services 10
            set endpoints-churn-per-second 0
            set endpoints-object-bytes 100
            set endpointslice-object-bytes 400
            set node-object-bytes 0
            set lease-object-bytes 0
            set service-object-bytes 0
            set pod-object-bytes 0
            site s
            node a-1 site s label leader=yes
            node a-2,a-3 site s
            at 30s power-off a-1
            """
        let reports = try ScenarioRun.reports(text: text)
        // Two followers, each one list of 10 Endpoints (100 B) and 10 EndpointSlices (400 B).
        #expect(reports[0].cloudEdgeBytes == 10_000)
        let alive = try ScenarioRun.reports(text: text.replacingOccurrences(of: "at 30s power-off a-1", with: ""))
        #expect(alive[0].cloudEdgeBytes == 0)
    }

    @Test("in yurt17-leader-hub the dead leader is replaced only when its node goes Unknown in the cloud")
    func replacementWaitsForNodeLifecycle() throws {
        let report = try ScenarioRun.report("yurt17-leader-hub")
        let unknown = try #require(report.readyChanges(on: "w-1").first { $0.status == .unknown })
        #expect(unknown.time.isWithin(seconds: 300 + 40, 300 + 40 + 10))
        #expect(report.times("leader-lost", node: "w-1") == [unknown.time])
        #expect(report.times("leader-elected", node: "w-2") == [unknown.time])
    }
}

private extension SimulationSettings {
    /// The error applying one setting gives, or nil.
    func applying(_ key: String, _ value: String) -> String? {
        var copy = self
        return copy.apply([Setting(key: key, value: value)])?.message
    }
}
