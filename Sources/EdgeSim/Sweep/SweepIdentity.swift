/// Which sweep a shard belongs to, written as the shard's first line so that `--merge` can
/// refuse shards of different sweeps (a header alone cannot: two sweeps of one grid over other
/// scenarios or seeds have the same columns):
///
/// ```
/// # edgesim-sweep v1 shard=1/2 runs=4 scenario=fnv1a64:9c2f0e1d44a3b871 modes=- variants=- grid=node-monitor-grace-period=40s,2m seeds=1..2
/// ```
///
/// `scenario` hashes the scenario's canonical JSON (so comments and layout do not count, what
/// runs does); `modes` and `variants` are the plan's axes (`-` for the scenario's own mode, or
/// for no variant); `grid` is every `--grid` key with its values, `;` between keys; `seeds` lists
/// the seeds in order, consecutive ones as `A..B`. A line starting with `#` is a comment to most
/// CSV readers (`pandas.read_csv(path, comment="#")`).
public struct SweepIdentity: Equatable, Sendable {
    public static let prefix = "# edgesim-sweep v1 "

    /// One `name=value` of the line.
    public struct Field: Equatable, Sendable {
        public var name: String
        public var value: String
    }

    /// Everything but the shard number, in line order: two shards of one sweep agree on all of them.
    public var fields: [Field]
    public var shard: Int
    public var shards: Int

    public init(plan: SweepPlan, shard: Int, of shards: Int) {
        self.shard = shard
        self.shards = shards
        let hex = String(FNV1a64.hash(ScenarioLoader.canonicalJSON(plan.scenario).utf8), radix: 16)
        fields = [
            Field(name: "runs", value: "\(plan.count)"),
            Field(name: "scenario", value: "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex),
            Field(name: "modes", value: plan.modes.map { $0?.rawValue ?? "-" }.joined(separator: ",")),
            Field(name: "variants", value: plan.variants.map { $0.map { Self.escape($0.name) } ?? "-" }.joined(separator: ",")),
            Field(name: "grid", value: plan.grid.isEmpty ? "-"
                  : plan.grid.map { "\($0.key)=" + $0.values.map(Self.escape).joined(separator: ",") }.joined(separator: ";")),
            Field(name: "seeds", value: Self.ranges(plan.seeds)),
        ]
    }

    /// The line, without its line break.
    public var line: String {
        Self.prefix + (["shard=\(shard)/\(shards)"] + fields.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }

    /// The identity in `line`, or nil when it is not an identity line this version writes.
    public static func parse(_ line: Substring) -> SweepIdentity? {
        guard line.hasPrefix(prefix) else { return nil }
        var pairs: [Field] = []
        for word in line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false) {
            guard let equals = word.firstIndex(of: "=") else { return nil }
            pairs.append(Field(name: String(word[..<equals]), value: String(word[word.index(after: equals)...])))
        }
        guard let first = pairs.first, first.name == "shard" else { return nil }
        let parts = first.value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let shard = Int(parts[0]), let shards = Int(parts[1]), shards >= 1, (1...shards).contains(shard),
              pairs.dropFirst().map(\.name) == ["runs", "scenario", "modes", "variants", "grid", "seeds"],
              Int(pairs[1].value).map({ $0 >= 0 }) == true else { return nil }
        return SweepIdentity(fields: Array(pairs.dropFirst()), shard: shard, shards: shards)
    }

    private init(fields: [Field], shard: Int, shards: Int) {
        self.fields = fields; self.shard = shard; self.shards = shards
    }

    /// The total number of runs of the sweep.
    public var runs: Int { Int(fields[0].value) ?? 0 }

    /// What differs from `other` apart from the shard number, field by field (the shard count
    /// first); empty when both belong to one sweep.
    public func differences(from other: SweepIdentity) -> [(name: String, mine: String, theirs: String)] {
        var found: [(name: String, mine: String, theirs: String)] = []
        if shards != other.shards { found.append(("shard count", "\(shards)", "\(other.shards)")) }
        for (mine, theirs) in zip(fields, other.fields) where mine.value != theirs.value {
            found.append((mine.name == "scenario" ? "scenario content" : mine.name, mine.value, theirs.value))
        }
        return found
    }

    /// `1..5,9,3..4`: the seeds in order, a run of consecutive increasing seeds as `A..B`.
    static func ranges(_ seeds: [UInt64]) -> String {
        var parts: [String] = []
        var index = 0
        while index < seeds.count {
            var end = index
            while end + 1 < seeds.count, seeds[end] < UInt64.max, seeds[end + 1] == seeds[end] + 1 { end += 1 }
            parts.append(end > index ? "\(seeds[index])..\(seeds[end])" : "\(seeds[index])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// A name or value in printable ASCII without what would break the line's layout: other
    /// bytes, and space, `%`, `,` and `;`, as `%XX`.
    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if (0x21...0x7E).contains(byte) && !"%,;".utf8.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

/// The 64-bit FNV-1a hash (Fowler, Noll, Vo): stable across runs, machines and versions, unlike
/// `Hasher`, which is seeded per process.
public enum FNV1a64 {
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
