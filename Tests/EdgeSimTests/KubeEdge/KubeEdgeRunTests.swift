import Testing
@testable import EdgeSim
import EdgeSimTestSupport

@Suite("KubeEdge runs: ports, half-open connections, autonomy and the node limit")
struct KubeEdgeRunTests {
    static func store(_ extra: String) -> String {
        """
        name kubeedge-test
        seed 3
        duration 30m
        mode kubeedge
        set kubernetes-version 1.29
        zone a
        zone b
        site a zone a
        site b zone b
        uplink a latency 20ms
        uplink b latency 20ms
        node a-1..3 site a
        node b-1..2 site b
        deployment web replicas 5 service web
        \(extra)
        """
    }

    // kubeedge: edged MakeKubeClientBridge — the lease and node status go to MetaManager and
    // EdgeHub (port 10000), never to kube-apiserver's 6443.
    @Test("a DROP on 6443 changes nothing for a KubeEdge node; a DROP on 10000 makes it Unknown and evicts")
    func ports() throws {
        let quiet = try #require(try ScenarioRun.reports(text: Self.store("")).first)
        let api = try #require(try ScenarioRun.reports(text: Self.store("at 5m..20m drop a-1 -> apiserver port 6443")).first)
        let hub = try #require(try ScenarioRun.reports(text: Self.store("at 5m..20m drop a-1 -> apiserver port 10000")).first)
        #expect(api.timeline.filter { $0.name != "fault" } == quiet.timeline)
        #expect(hub.readyChanges(on: "a-1").first?.status == .unknown)
        #expect(hub.times("pod-evicted", node: "a-1").count == 1)
    }

    // kubeedge: SyncController resends what the edge has not acked; edged deletes the pods the
    // cloud evicted meanwhile only once it hears of them after the reconnect (kubeedge#4048).
    @Test("pods evicted while the edge was half-open keep running there until the reconnect delivers their deletion")
    func deletionsOnReconnect() throws {
        let report = try ScenarioRun.report("kubeedge-wifi-switch", variant: "half-open")
        let evicted = try #require(report.times("pod-evicted", node: "store-1").first)
        let connected = try #require(report.times("edgehub-connected", node: "store-1").first)
        let deleted = try #require(report.times("pod-deleted", node: "store-1").first)
        #expect(evicted < connected && connected <= deleted)
        #expect(deleted - connected <= .seconds(10))
        // Noticed 15 minutes after the first unanswered keepalive (within a heartbeat of 5m).
        let noticed = try #require(report.times("edgehub-disconnected", node: "store-1").first)
        #expect(noticed > .minutes(20) && noticed <= .minutes(20) + .seconds(15))
        #expect(connected - noticed >= .seconds(30))
    }

    @Test("a reset connection is noticed at the next keepalive and reconnects before any eviction")
    func resetConnection() throws {
        let report = try ScenarioRun.report("kubeedge-wifi-switch", variant: "reset")
        let noticed = try #require(report.times("edgehub-disconnected", node: "store-1").first)
        #expect(noticed >= .minutes(5) && noticed <= .minutes(5) + .seconds(15))
        #expect(report.times("pod-evicted").isEmpty)
    }

    // kubeedge: edge autonomy — edged restarts the pods in MetaManager's local store after a
    // reboot, without the cloud; a vanilla kubelet waits for the API server.
    @Test("after a reboot while cut off, a KubeEdge node restarts its pods at once; a vanilla one only after reconnecting")
    func autonomyAfterReboot() throws {
        let faults = "at 5m..25m cut uplink b\nat 8m..9m power-off b-1"
        let kubeedge = try #require(try ScenarioRun.reports(text: Self.store(faults)).first)
        #expect(kubeedge.times("pod-restarted", node: "b-1") == [.minutes(9)])
        let vanilla = try #require(try ScenarioRun.reports(text: Self.store(faults + "\nvariant k mode kubernetes")).first)
        #expect(vanilla.times("pod-restarted", node: "b-1").allSatisfy { $0 > .minutes(25) })
    }

    @Test("with a node limit of 3, two of five nodes are refused and go Unknown though nothing failed")
    func nodeLimitRefuses() throws {
        let report = try #require(try ScenarioRun.reports(text: Self.store("set cloudhub-node-limit 3")).first)
        let refused = report.timeline.filter { $0.name == "cloudhub-refused" }.compactMap { report.nodeName($0.node) }.sorted()
        #expect(refused == ["b-1", "b-2"])
        #expect(report.readyChanges(on: "b-1").first?.status == .unknown)
        #expect(report.readyChanges(on: "a-1").isEmpty)
    }

    @Test("kubeedge-version takes 1.23 or pr-6967")
    func versionSetting() {
        var settings = SimulationSettings()
        #expect(settings.apply([Setting(key: "kubeedge-version", value: "pr-6967")]) == nil)
        #expect(settings.kubeEdge.version == .pr6967)
        #expect(settings.apply([Setting(key: "kubeedge-version", value: "1.24")])?.message.contains("1.23 | pr-6967") == true)
    }
}
