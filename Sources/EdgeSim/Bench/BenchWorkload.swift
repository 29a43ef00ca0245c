/// The benchmark's fixed, deterministic workloads, built as ordinary scenarios so that they run
/// the real components — kubelets, the node lifecycle and taint eviction controllers, the
/// network model — and nothing written for the benchmark alone.
public enum BenchWorkload {
    /// The zone-outage model (bench/zone_outage_simpy.py in SimPy), as a scenario: `nodes` in `zones` zones, each zone a
    /// site behind a 30 ms + U(0, 20 ms) uplink with 1 % loss, 3 pods per node tolerating
    /// unreachable for 300 s, zone 0 cut from 600 s to 1200 s, the controller every 5 s with a
    /// 40 s grace. Renewals keep the model's exact 10 s grid (`lease-renew-jitter 0`), so the
    /// two simulators still compare like with like.
    public static func zoneOutage(nodes: Int, zones: Int, hours: Int, podsPerNode: Int = 3, seed: UInt64 = 1) -> Scenario {
        var scenario = Scenario(name: "zone-outage-\(nodes)")
        scenario.seed = seed
        scenario.settings = [Setting(key: "lease-renew-jitter", value: "0")]
        scenario.duration = Duration(.seconds(Int64(hours) * 3_600))
        for zone in 0..<zones {
            scenario.zones.append(ZoneDecl(name: "z\(zone)"))
            scenario.sites.append(SiteDecl(name: "z\(zone)", zone: "z\(zone)"))
            scenario.links.append(LinkDecl(link: .uplink(site: "z\(zone)"), latency: Duration(.milliseconds(30)),
                                           jitter: Duration(.milliseconds(20)), lossPPM: 10_000))
        }
        // Node i sits in zone i % zones, as in the SimPy model.
        for index in 0..<nodes {
            scenario.nodes.append(NodeDecl(name: "n\(index)", site: "z\(index % zones)"))
        }
        // Access links add nothing: the model's only hop is the uplink.
        for index in 0..<nodes {
            scenario.links.append(LinkDecl(link: .access(node: "n\(index)"), latency: Duration(.zero), jitter: nil, lossPPM: nil))
        }
        // A workload holds at most 100,000 replicas (the scenario limit): more pods are more
        // Deployments of the same shape.
        let pods = podsPerNode * nodes
        for (part, first) in stride(from: 0, to: pods, by: 100_000).enumerated() {
            scenario.workloads.append(WorkloadDecl(kind: .deployment, name: part == 0 ? "app" : "app-\(part + 1)",
                                                   replicas: min(100_000, pods - first), placement: nil, service: nil,
                                                   tolerations: [TolerationDecl(key: Taint.unreachableKey, effect: .noExecute, seconds: 300)]))
        }
        scenario.faults.append(FaultDecl(at: Duration(.seconds(600)), until: Duration(.seconds(1_200)), action: .cut(link: .uplink(site: "z0"))))
        return scenario
    }

    /// One edge-health check set of `nodes` nodes probing each other for `hours`, one node cut off.
    public static func edgeHealth(nodes: Int, hours: Int, seed: UInt64 = 1) -> Scenario {
        var scenario = Scenario(name: "edge-health-\(nodes)")
        scenario.seed = seed
        scenario.mode = .superedge
        scenario.duration = Duration(.seconds(Int64(hours) * 3_600))
        scenario.zones.append(ZoneDecl(name: "edge"))
        scenario.sites.append(SiteDecl(name: "edge", zone: "edge"))
        for index in 0..<nodes { scenario.nodes.append(NodeDecl(name: "e\(index)", site: "edge")) }
        scenario.workloads.append(WorkloadDecl(kind: .daemonSet, name: "agent", replicas: nil, placement: nil, service: nil))
        scenario.faults.append(FaultDecl(at: Duration(.minutes(10)), until: nil, action: .cut(link: .access(node: "e0"))))
        return scenario
    }

    /// A fleet in `mode`: `sites` edge sites of `nodesPerSite` nodes, each its own zone behind
    /// its own uplink (20 ms), a DaemonSet and a Deployment of one pod a node tolerating
    /// unreachable for 300 s; site 0's uplink cut from 10 to 20 minutes, node 1 of site 1 cut
    /// off for good. SuperEdge checks per site (multi-region, the site as the group label);
    /// OpenYurt makes each site a NodePool with its coordinator on the site's first node; KubeEdge's
    /// one CloudCore takes every node (`cloudhub-node-limit` raised to the fleet's size).
    public static func fleet(mode: Mode, sites: Int, nodesPerSite: Int, hours: Int, seed: UInt64 = 1) -> Scenario {
        var scenario = Scenario(name: "\(mode.rawValue)-fleet-\(sites * nodesPerSite)")
        scenario.seed = seed
        scenario.mode = mode
        scenario.duration = Duration(.seconds(Int64(hours) * 3_600))
        if mode == .superedge {
            scenario.settings = [Setting(key: "edge-health-multi-region", value: "true"), Setting(key: "edge-health-zone-label", value: "site")]
        }
        if mode == .kubeedge {
            // One CloudCore serves every node (its default nodeLimit, 500, would refuse most of the fleet).
            scenario.settings = [Setting(key: "cloudhub-node-limit", value: "\(sites * nodesPerSite)")]
        }
        if mode == .openyurt {
            // The coordinator generation the fleet was measured with (openyurt-version defaults to 1.7).
            scenario.settings = [Setting(key: "openyurt-version", value: "1.6")]
        }
        for site in 0..<sites {
            scenario.zones.append(ZoneDecl(name: "z\(site)"))
            scenario.sites.append(SiteDecl(name: "s\(site)", zone: "z\(site)"))
            for index in 0..<nodesPerSite {
                scenario.nodes.append(NodeDecl(name: "s\(site)-n\(index)", site: "s\(site)", labels: [Label(key: "site", value: "s\(site)")]))
            }
        }
        scenario.workloads.append(WorkloadDecl(kind: .daemonSet, name: "agent", replicas: nil, placement: nil, service: nil))
        scenario.workloads.append(WorkloadDecl(kind: .deployment, name: "app", replicas: sites * nodesPerSite, placement: nil, service: nil,
                                               tolerations: [TolerationDecl(key: Taint.unreachableKey, effect: .noExecute, seconds: 300)]))
        scenario.faults.append(FaultDecl(at: Duration(.minutes(10)), until: Duration(.minutes(20)), action: .cut(link: .uplink(site: "s0"))))
        if sites > 1 {
            scenario.faults.append(FaultDecl(at: Duration(.minutes(10)), until: nil, action: .cut(link: .access(node: "s1-n1"))))
        }
        return scenario
    }
}
