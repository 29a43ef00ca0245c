/// An agent's peer records by sender node index. A daemon hears only from nodes whose check set
/// holds it, so the records start as an open-addressing hash table and become a dense array
/// (24 bytes a node) once a quarter of the cluster has sent. A dense array for every node made
/// the records N² across a cluster whatever its check sets: a 2,000-node fleet of 50-node sets
/// held 96 MB of them. Iteration order is the table's slot order, which follows from the
/// order of arrival alone; callers only set flags and counts in it.
struct PeerTable: Sendable {
    let nodeCount: Int
    private var dense: [EdgeHealthAgent.Peer] = []
    private var keys: [Int32] = []
    private var values: [EdgeHealthAgent.Peer] = []
    private var used = 0

    init(nodeCount: Int) { self.nodeCount = nodeCount }

    subscript(sender: Int) -> EdgeHealthAgent.Peer {
        get {
            if !dense.isEmpty { return dense[sender] }
            guard let slot = find(sender) else { return EdgeHealthAgent.Peer() }
            return values[slot]
        }
        set {
            if !dense.isEmpty { dense[sender] = newValue; return }
            if let slot = find(sender) { values[slot] = newValue } else { insert(sender, newValue) }
        }
    }

    /// The senders with a record.
    var senders: [Int] {
        dense.isEmpty ? keys.compactMap { $0 < 0 ? nil : Int($0) } : Array(dense.indices)
    }

    /// Stops counting every counted row older than `timeout` at `now`; returns their slots in
    /// the distinct rows (the caller's counts).
    mutating func expire(now: SimTime, timeout: SimTime) -> [Int32] {
        // `now > stamp + timeout` as one comparison with the bound worked out once; records are
        // read by value and written only when they expire (an `inout` per record asked for
        // the array's uniqueness each time: 1 G of a 1,000-node set's 21 G instructions).
        let bound = now - timeout
        var slots: [Int32] = []
        if dense.isEmpty {
            for slot in keys.indices where keys[slot] >= 0 {
                let peer = values[slot]
                guard peer.counted, peer.hasRow, peer.stamp < bound else { continue }
                values[slot].counted = false
                if peer.distinct >= 0 { slots.append(peer.distinct) }
            }
        } else {
            for index in dense.indices {
                let peer = dense[index]
                guard peer.counted, peer.hasRow, peer.stamp < bound else { continue }
                dense[index].counted = false
                if peer.distinct >= 0 { slots.append(peer.distinct) }
            }
        }
        return slots
    }

    private static func start(_ sender: Int, mask: Int) -> Int { (sender &* 0x9e37_79b1) >> 7 & mask }

    private func find(_ sender: Int) -> Int? {
        guard !keys.isEmpty else { return nil }
        let mask = keys.count - 1
        var slot = Self.start(sender, mask: mask)
        while true {
            let key = keys[slot]
            if key == Int32(truncatingIfNeeded: sender) { return slot }
            if key < 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    private mutating func insert(_ sender: Int, _ peer: EdgeHealthAgent.Peer) {
        if (used + 1) * 4 > nodeCount {
            dense = Array(repeating: EdgeHealthAgent.Peer(), count: nodeCount)
            for slot in keys.indices where keys[slot] >= 0 { dense[Int(keys[slot])] = values[slot] }
            dense[sender] = peer
            keys = []; values = []; used = 0
            return
        }
        if (used + 1) * 2 > keys.count { rehash(capacity: max(8, keys.count * 2)) }
        let mask = keys.count - 1
        var slot = Self.start(sender, mask: mask)
        while keys[slot] >= 0 { slot = (slot + 1) & mask }
        keys[slot] = Int32(truncatingIfNeeded: sender)
        values[slot] = peer
        used += 1
    }

    private mutating func rehash(capacity: Int) {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: -1, count: capacity)
        values = Array(repeating: EdgeHealthAgent.Peer(), count: capacity)
        used = 0
        for slot in oldKeys.indices where oldKeys[slot] >= 0 { insert(Int(oldKeys[slot]), oldValues[slot]) }
    }
}
