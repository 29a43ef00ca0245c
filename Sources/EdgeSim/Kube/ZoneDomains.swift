/// The nodes' zone domains (k8s: the `topology.kubernetes.io/zone` label; a node without it is
/// in the domain ""), numbered in the order nodes first name them: what the scheduler's
/// spreading needs of the labels, without hashing a string per node.
struct ZoneDomains: Sendable {
    /// Each node's domain number, by node index.
    private(set) var ofNode: [Int32] = []
    /// Whether each domain comes from a label (the domain "" is counted, never scored).
    private(set) var labelled: [Bool] = []
    /// The label generation these were worked out at (-1: never).
    private(set) var generation = -1

    init() {}

    /// Whether these are the domains of `api`'s nodes as their labels stand.
    func isCurrent(_ api: borrowing APIServer) -> Bool {
        generation == api.labelGeneration && ofNode.count == api.nodes.count
    }

    init(_ nodes: [NodeObject], generation: Int) {
        self.generation = generation
        var number: [String: Int32] = [:]
        ofNode.reserveCapacity(nodes.count)
        for node in nodes {
            let label = node.labels[ZoneLabels.zone]
            let key = label ?? ""
            if let known = number[key] {
                ofNode.append(known)
            } else {
                number[key] = Int32(labelled.count)
                ofNode.append(Int32(labelled.count))
                labelled.append(label != nil)
            }
        }
    }
}
