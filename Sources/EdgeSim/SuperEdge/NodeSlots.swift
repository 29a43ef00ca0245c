/// At most one value per node, by node index, with how many nodes hold one: what a plane keeps
/// for the nodes in some state (a parked loop, a pending refresh) and asks "any at all?" of.
struct NodeSlots<Value: Sendable>: Sendable {
    private var values: [Value?]
    /// How many nodes hold a value.
    private(set) var count = 0

    init(nodeCount: Int) { values = Array(repeating: nil, count: nodeCount) }

    subscript(index: Int) -> Value? { values[index] }

    mutating func set(_ node: NodeID, _ value: Value) {
        if values[node.index] == nil { count += 1 }
        values[node.index] = value
    }

    /// The node's value, removed.
    mutating func take(_ node: NodeID) -> Value? {
        guard let value = values[node.index] else { return nil }
        values[node.index] = nil
        count -= 1
        return value
    }
}
