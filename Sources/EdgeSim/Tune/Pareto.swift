/// Pareto dominance over objective vectors in integers (every objective minimised), so the
/// relation is exact and the same on every machine.
public enum Pareto {
    /// `a` is no worse than `b` in every objective and better in one.
    public static func dominates(_ a: [Int64], _ b: [Int64]) -> Bool {
        var better = false
        for (x, y) in zip(a, b) {
            if x > y { return false }
            if x < y { better = true }
        }
        return better
    }

    /// Each point's non-dominated rank: 0 for the front, 1 for the front of what is left, ...
    /// Peeling stops once `enough` points have a rank (the halving keeps no more): the rest
    /// share the next rank. Each peel is quadratic, so a space of thousands peels a few fronts,
    /// not all of them.
    public static func ranks(_ points: [[Int64]], enough: Int = .max) -> [Int] {
        var rank = Array(repeating: -1, count: points.count)
        var left = Array(points.indices)
        var current = 0
        while !left.isEmpty {
            if points.count - left.count >= enough {
                for i in left { rank[i] = current }
                break
            }
            let front = left.filter { i in !left.contains { j in j != i && dominates(points[j], points[i]) } }
            for i in front { rank[i] = current }
            left.removeAll { rank[$0] == current }
            current += 1
        }
        return rank
    }

    /// The indices of the points no other point dominates, in index order. Equal points are
    /// all on the front.
    public static func front(_ points: [[Int64]]) -> [Int] {
        points.indices.filter { i in !points.indices.contains { j in j != i && dominates(points[j], points[i]) } }
    }

    /// How much room each point has among `members` (NSGA-II's crowding distance, in integers):
    /// per objective, the gap between its neighbours over the objective's range, in millionths,
    /// summed; the extremes of each objective get the most (Int64.max / objectives). Larger
    /// spreads the front wider.
    public static func crowding(_ points: [[Int64]], members: [Int]) -> [Int: Int64] {
        var distance: [Int: Int64] = [:]
        for m in members { distance[m] = 0 }
        guard let dimensions = members.first.map({ points[$0].count }), members.count > 2 else {
            for m in members { distance[m] = .max / 8 }
            return distance
        }
        let extreme = Int64.max / Int64(max(dimensions, 1) + 1)
        for d in 0..<dimensions {
            let sorted = members.sorted { (points[$0][d], $0) < (points[$1][d], $1) }
            let range = Int128(points[sorted.last!][d]) - Int128(points[sorted.first!][d])
            distance[sorted.first!] = extreme
            distance[sorted.last!] = extreme
            guard range > 0 else { continue }
            for k in 1..<(sorted.count - 1) where distance[sorted[k]]! < extreme {
                let gap = Int128(points[sorted[k + 1]][d]) - Int128(points[sorted[k - 1]][d])
                distance[sorted[k]]! += Int64(gap * 1_000_000 / range)
            }
        }
        return distance
    }
}
