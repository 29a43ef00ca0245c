/// OpenYurt v1.7+: leader hubs elected in the cloud and the followers' TCP checks of them. No
/// coordinator, no election among hubs, no delegated heartbeats: a node cut from the cloud goes
/// Unknown whatever leader it reaches; the leader only spares the uplink its pool-scope watches.
extension OpenYurt {
    /// yurt-manager reconciles one pool (its NodePool's ready counts changed) and, when the
    /// leaders changed, the ConfigMap `leader-hub-<pool>` reaches every hub that hears the cloud.
    // openyurt: hubleader Reconcile (the NodePool predicate fires on ReadyNodeNum/UnreadyNodeNum),
    // hubleaderconfig (ConfigMap leader-hub-<pool>)
    mutating func reconcileHubLeaders(pool: Int, _ cluster: inout Shared) {
        guard electsLeaderHubs else { return }
        let change = hubLeaders.reconcile(pool: pool, members: pools[pool].members, nodes: cluster.api.nodes)
        guard !change.isEmpty else { return }
        let name = pools[pool].name
        for node in change.removed {
            hubs[node.index].isLeaderHub = false
            let reason = cluster.api.nodes[node.index].isReady ? "no longer a candidate" : "node not Ready"
            cluster.record(TimelineEvent(time: cluster.now, kind: .leaderLost(pool: name, reason: reason), node: node))
        }
        for node in change.elected {
            hubs[node.index].isLeaderHub = true
            cluster.record(TimelineEvent(time: cluster.now, kind: .leaderElected(pool: name), node: node))
        }
        for member in pools[pool].members where hearsCloud(member, cluster) {
            readLeaders(member)
            checkLeaderHubs(member, &cluster)
        }
    }

    /// The hub's watch on the cloud is open: its node is powered and the API server answers.
    func hearsCloud(_ node: NodeID, _ cluster: borrowing Shared) -> Bool {
        cluster.kubelets[node.index].powered && cluster.api.isAvailable
            && cluster.network.canConnect(hubs[node.index].host, .cloud, port: Port.apiServer)
    }

    mutating func readLeaders(_ node: NodeID) {
        hubs[node.index].knownLeaders = hubLeaders.leaders[hubs[node.index].pool]
    }

    // openyurt: leaderhub leaderHubHealthChecker checkServers / UpdateBackends → pingServer, a TCP
    // dial of each leader's multiplexer with a 2 s timeout. Upstream picks any healthy leader
    // (PickOneHealthyBackend, map order); edgesim takes the first in election order that answers.
    mutating func checkLeaderHubs(_ node: NodeID, _ cluster: inout Shared) {
        hubs[node.index].healthyLeader = nil
        guard !hubs[node.index].isLeaderHub else { return }
        for leader in hubs[node.index].knownLeaders where leader != node {
            if let roundTrip = exchange(node, with: hubs[leader.index].host, port: Port.yurtHubMultiplexer, &cluster),
               roundTrip < config.leaderHubDialTimeout {
                hubs[node.index].healthyLeader = leader
                return
            }
        }
    }

    /// The 20 s check: the ConfigMap is re-read when the cloud answers, then every leader dialled.
    mutating func leaderHubCheck(_ node: NodeID, _ cluster: inout Shared) {
        if hearsCloud(node, cluster) { readLeaders(node) }
        checkLeaderHubs(node, &cluster)
    }

    /// The run starts converged: leaders elected, every hub has read them and found one.
    mutating func startLeaderHubs(_ cluster: inout Shared) {
        for pool in pools.indices { reconcileHubLeaders(pool: pool, &cluster) }
    }
}
