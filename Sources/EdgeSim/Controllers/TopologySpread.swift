/// PodTopologySpread's score for a pod with no spread constraints of its own: the system
/// default constraints, both ScheduleAnyway (soft) — `kubernetes.io/hostname` with max skew 3
/// and `topology.kubernetes.io/zone` with max skew 5 — over the pods of the same owner
/// (k8s: podtopologyspread systemDefaultConstraints, buildDefaultConstraints).
///
/// The plugin's definition (k8s: podtopologyspread/scoring.go):
/// - PreScore: the filtered nodes give each constraint its domains (a node without the zone
///   label is the domain ""); weight = ln(domains + 2), ln(filtered nodes + 2) for hostname
///   (`topologyNormalizingWeight`). Pods are counted on every node that matches the pod's node
///   selector, Terminating pods left out (`countPodsMatchSelector`).
/// - Score: Σ over the constraints whose key the node carries of count × weight + (maxSkew − 1)
///   (`scoreForCount`), rounded.
/// - NormalizeScore: 100 × (max + min − score) / max, in integers.
/// Normalising is strictly decreasing in the raw score, and the other score plugins are flat
/// (see `Scheduler`), so the best nodes are exactly those with the lowest raw score: in each
/// zone, the nodes with the fewest pods of the owner. Spreading is soft: a node with more pods
/// wins when its zone has enough fewer.
///
/// Kept per zone as buckets of nodes by their count of the owner's pods, and the best zones in a
/// Fenwick tree, so a bind costs O(log zones), amortised, not a rescoring of every node. Logarithms in 32.32 fixed
/// point (`FixedPoint.ln`, within 2⁻³⁰; upstream's float64 rounds the same way except within
/// about count × 10⁻⁹ of a half).
struct TopologySpread {
    let workload: WorkloadID
    let tolerations: [Toleration]
    static let hostnameMaxSkew: Int64 = 3
    static let zoneMaxSkew: Int64 = 5

    struct Zone {
        /// Whether its nodes carry the zone label (the domain "" is counted, never scored).
        let labelled: Bool
        /// Pods of the owner on the nodes of this zone that match the selector.
        var pods: Int64
        /// Filtered nodes by their count of the owner's pods, from `lowest` on.
        var nodesByCount: [[Int32]]
        var lowest: Int
    }

    private(set) var zones: [Zone] = []
    /// Each filtered node's place in its bucket and its count of the owner's pods, by node index.
    private var slot: [Int32]
    private var countOnNode: [Int32]
    /// ln(filtered nodes + 2) and ln(zone domains + 2), 32.32.
    let hostnameWeight: Int64, zoneWeight: Int64

    init(for pod: PodObject, scheduler: Scheduler, api: borrowing APIServer) {
        workload = pod.workload
        tolerations = pod.tolerations
        var zones: [Zone] = []
        slot = Array(repeating: -1, count: api.nodes.count)
        countOnNode = Array(repeating: 0, count: api.nodes.count)
        let selected = api.workloads[pod.workload.index].eligibleNodes ?? api.nodes.map(\.id)
        // Zones in the order their first filtered node appears, by domain number (the scheduler
        // refreshes `api.zoneDomains` once per call; a caller that did not gets them worked out).
        let domains = api.zoneDomains.isCurrent(api) ? api.zoneDomains : ZoneDomains(api.nodes, generation: api.labelGeneration)
        var zoneIndex = Array(repeating: -1, count: domains.labelled.count)
        var filtered = 0
        for id in selected where scheduler.isSchedulable(api.nodes[id.index], for: pod) {
            let domain = Int(domains.ofNode[id.index])
            if zoneIndex[domain] < 0 {
                zones.append(Zone(labelled: domains.labelled[domain], pods: 0, nodesByCount: [], lowest: 0))
                zoneIndex[domain] = zones.count - 1
            }
            let zone = zoneIndex[domain]
            let count = api.activePods(of: pod.workload, on: id)
            countOnNode[id.index] = Int32(count)
            while zones[zone].nodesByCount.count <= count { zones[zone].nodesByCount.append([]) }
            slot[id.index] = Int32(zones[zone].nodesByCount[count].count)
            zones[zone].nodesByCount[count].append(Int32(id.index))
            filtered += 1
        }
        // Pods count on every selected node whose domain has a filtered node.
        for id in selected {
            let zone = zoneIndex[Int(domains.ofNode[id.index])]
            if zone >= 0 { zones[zone].pods += Int64(api.activePods(of: pod.workload, on: id)) }
        }
        for zone in zones.indices { zones[zone].settleLowest() }
        self.zones = zones
        hostnameWeight = FixedPoint.ln(UInt64(filtered + 2), fractionBits: 0)
        zoneWeight = FixedPoint.ln(UInt64(zones.count + 2), fractionBits: 0)
        findBest()
    }

    /// The raw score of a node of `zone` with `count` pods of the owner (lower is better).
    func rawScore(count: Int64, zone: Int) -> Int64 {
        var score = count * hostnameWeight + (Self.hostnameMaxSkew - 1) * FixedPoint.one
        if zones[zone].labelled { score += zones[zone].pods * zoneWeight + (Self.zoneMaxSkew - 1) * FixedPoint.one }
        // math.Round: halves away from zero; every score here is positive.
        return (score + FixedPoint.one / 2) >> 32
    }

    /// The best zones — those whose lowest bucket has the lowest raw score — as a Fenwick tree of
    /// their lowest buckets' sizes (0 for the others), so a choice among the best nodes is found
    /// in O(log zones). Only the zone a pod was bound to changes score, and only upwards, so the
    /// set is worked out again only when its last zone leaves it.
    private var bestScore = Int64.max
    private var inBest: [Bool] = []
    private var tree: [Int] = []
    /// How many nodes share the top score (0: no feasible node).
    private(set) var bestCount = 0

    private func lowestScore(_ zone: Int) -> Int64? {
        zones[zone].lowest < zones[zone].nodesByCount.count ? rawScore(count: Int64(zones[zone].lowest), zone: zone) : nil
    }

    private func lowestSize(_ zone: Int) -> Int { zones[zone].nodesByCount[zones[zone].lowest].count }

    private mutating func findBest() {
        bestScore = .max
        for zone in zones.indices { if let score = lowestScore(zone), score < bestScore { bestScore = score } }
        inBest = zones.indices.map { lowestScore($0) == bestScore }
        tree = Array(repeating: 0, count: zones.count + 1)
        bestCount = 0
        for zone in zones.indices where inBest[zone] { addToTree(zone, lowestSize(zone)) }
    }

    private mutating func addToTree(_ zone: Int, _ delta: Int) {
        bestCount += delta
        var index = zone + 1
        while index < tree.count { tree[index] += delta; index += index & -index }
    }

    /// The best zone holding the `choice`th best node, and the node's place in its lowest bucket.
    private func locate(_ choice: Int) -> (zone: Int, offset: Int) {
        var position = 0, rest = choice, step = 1
        while step * 2 < tree.count { step *= 2 }
        while step > 0 {
            if position + step < tree.count && tree[position + step] <= rest {
                position += step
                rest -= tree[position]
            }
            step /= 2
        }
        return (position, rest)
    }

    /// The best-scored nodes, in the order `bind(choice:)` numbers them.
    var bestNodes: [NodeID] {
        zones.indices.filter { inBest[$0] }.flatMap { zones[$0].nodesByCount[zones[$0].lowest].map { NodeID(Int($0)) } }
    }

    /// Binds to the `choice`th best node (`0..<bestCount`) and returns it.
    mutating func bind(choice: Int) -> NodeID {
        precondition(choice >= 0 && choice < bestCount, "a choice beyond the best nodes")
        let (zone, offset) = locate(choice)
        let node = Int(zones[zone].nodesByCount[zones[zone].lowest][offset])
        let before = lowestSize(zone)
        move(node, zone: zone)
        if lowestScore(zone) == bestScore {
            addToTree(zone, lowestSize(zone) - before)
        } else {
            inBest[zone] = false
            addToTree(zone, -before)
            if bestCount == 0 { findBest() }
        }
        return NodeID(node)
    }

    /// The node gains one pod of the owner: up a bucket, and its zone one pod more.
    private mutating func move(_ node: Int, zone: Int) {
        let count = Int(countOnNode[node])
        let place = Int(slot[node])
        // Swap-remove from its bucket.
        let last = zones[zone].nodesByCount[count].removeLast()
        if Int(last) != node {
            zones[zone].nodesByCount[count][place] = last
            slot[Int(last)] = Int32(place)
        }
        if zones[zone].nodesByCount.count <= count + 1 { zones[zone].nodesByCount.append([]) }
        slot[node] = Int32(zones[zone].nodesByCount[count + 1].count)
        zones[zone].nodesByCount[count + 1].append(Int32(node))
        countOnNode[node] += 1
        zones[zone].pods += 1
        zones[zone].settleLowest()
    }
}

extension TopologySpread.Zone {
    mutating func settleLowest() {
        while lowest < nodesByCount.count && nodesByCount[lowest].isEmpty { lowest += 1 }
    }
}
