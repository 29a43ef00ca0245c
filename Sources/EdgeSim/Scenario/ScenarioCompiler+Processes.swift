// MARK: - Random fault processes

extension ScenarioCompiler {
    /// Realised faults over all processes, at most: a process that asks for more (a 1 s outage
    /// every second for a month over a thousand sites) is refused at its line.
    static let maxRealisedFaults = 1_000_000

    /// One fault a process drew: its declaration, where the process is written and its name.
    struct RealisedFault {
        var decl: FaultDecl
        var path: String
        var process: String
    }

    /// Every process's faults, process by process in declaration order, then target by
    /// target in the set's order, then in time.
    func realiseProcesses() throws(ScenarioError) -> [RealisedFault] {
        var realised: [RealisedFault] = []
        for (i, process) in scenario.processes.enumerated() {
            let path = "processes[\(i)]"
            let start = process.from?.time ?? .zero, end = process.until?.time ?? scenario.duration.time
            guard start < end, end <= scenario.duration.time else {
                throw fail(path + (process.until == nil ? ".from" : ".until"),
                           "expected a window from \(start.spelled) to \(end.spelled) within the run (duration \(scenario.duration.time.spelled))")
            }
            if let share = process.sharePPM, share == 0 { throw fail(path + ".share", "expected a share above 0%") }
            var targets: [String?] = [nil]
            if let (set, kind) = process.action.target { targets = try members(of: set, for: process.action, kind, path + ".action") }
            var emit = Emitter(process: process, path: path, duration: scenario.duration.time, budget: Self.maxRealisedFaults - realised.count)
            if process.sharePPM != nil || process.count != nil {
                var random = SeededRandom(seed: scenario.seed, stream: "fault-process/" + process.name)
                let n = targets.count
                let hit = process.count.map { min($0, n) } ?? max(1, (n * process.sharePPM! + 500_000) / 1_000_000)
                try emit.outages(from: start, until: end, &random) { random in Self.pick(hit, of: n, &random).map { targets[$0] } }
            } else {
                for target in targets {
                    var random = SeededRandom(seed: scenario.seed, stream: "fault-process/" + process.name + "/" + (target ?? ""))
                    try emit.outages(from: start, until: end, &random) { _ in [target] }
                }
            }
            if emit.overBudget {
                throw fail(path, "this process realises more than \(Self.maxRealisedFaults) faults in all; lengthen its `every` or narrow its window")
            }
            realised += emit.faults
        }
        return realised
    }

    /// `k` distinct indices of `0..<n`, in increasing order (a partial Fisher–Yates shuffle).
    static func pick(_ k: Int, of n: Int, _ random: inout SeededRandom) -> [Int] {
        var indices = Array(0..<n)
        for j in 0..<k { indices.swapAt(j, j + Int(random.uniform(below: UInt64(n - j)))) }
        return indices[..<k].sorted()
    }

    /// Draws a process's outages into faults.
    struct Emitter {
        let process: FaultProcessDecl
        let path: String
        let duration: SimTime
        let budget: Int
        private(set) var faults: [RealisedFault] = []
        private(set) var overBudget = false

        init(process: FaultProcessDecl, path: String, duration: SimTime, budget: Int) {
            self.process = process; self.path = path; self.duration = duration; self.budget = budget
        }

        /// Alternates up (`every`, or once at a uniform time in the window) and down (`for`)
        /// from `start`; each outage starting before `until` hits `targets(random)`.
        mutating func outages(from start: SimTime, until end: SimTime, _ random: inout SeededRandom,
                              targets: (inout SeededRandom) -> [String?]) throws(ScenarioError) {
            var now = start
            var steps = 0
            while !overBudget {
                if let every = process.every {
                    now = now + every.draw(&random)
                } else {
                    guard steps == 0 else { return }
                    now = start + .microseconds(Int64(random.uniform(below: UInt64((end - start).microseconds))))
                }
                guard now < end else { return }
                let length = process.outage.draw(&random)
                let permanent = process.permanentPPM.map { random.chance(ppm: $0) } ?? false
                for target in targets(&random) { add(target, at: now, length: length, permanent: permanent) }
                now = now + length
                // Every step counts, so zero-length outages every 0s end too.
                steps += 1
                if steps + faults.count > budget { overBudget = true }
            }
        }

        private mutating func add(_ target: String?, at time: SimTime, length: SimTime, permanent: Bool) {
            guard length > .zero || permanent else { return }
            let action = target.map { process.action.withTarget($0) } ?? process.action
            // An outage that outlasts the run (or never ends) has no end to undo.
            let stop = permanent || time + length > duration ? nil : Duration(time + length)
            faults.append(RealisedFault(decl: FaultDecl(at: Duration(time), until: stop, action: action), path: path, process: process.name))
        }
    }

    /// The names a target set stands for, a comma list of: a name (as written: the fault's own
    /// checks judge each), a range `s-1..s-9` (or `s-1..9`), a glob `store-*` (`*` any run of
    /// characters, `?` one) or a label `key=value` — for sites, `zone=Z`, `region=R` or `via=S`; for
    /// nodes, a node label, or `zone=` and `site=`. Globs and labels take, in declaration order,
    /// the members the action can hit: not a DROP's own target, only sites linked to the other
    /// end of a site pair.
    func members(of set: String, for action: FaultAction, _ kind: TargetKind, _ path: String) throws(ScenarioError) -> [String?] {
        var chosen: [String] = []
        let declared = kind == .site ? scenario.sites.map(\.name) : scenario.nodes.map(\.name) + scenario.coordinators.map(\.name)
        for part in set.split(separator: ",").map(String.init) {
            if let equals = part.firstIndex(of: "=") {
                let key = String(part[..<equals]), value = String(part[part.index(after: equals)...])
                chosen += (kind == .site ? sites(labelled: key, value) : nodes(labelled: key, value)).filter { canHit($0, action) }
            } else if let range = Self.rangeNames(part) {
                chosen += range
            } else if part.contains("*") || part.contains("?") {
                chosen += declared.filter { Self.glob(part, matches: $0) && canHit($0, action) }
            } else {
                chosen.append(part)
            }
        }
        // A union (`@group`, `a,zone=south`) may name a member twice: it is hit once.
        var seen = Set<String>()
        chosen = chosen.filter { seen.insert($0).inserted }
        guard !chosen.isEmpty else { throw fail(path + ".target", "\(quoted(set)) matches no \(kind.rawValue) this fault can hit") }
        return chosen
    }

    /// Whether a scripted fault's target is a set rather than one name: a glob, a list, a label,
    /// or a range that is not itself the name of a declared node or site.
    func isTargetSet(_ text: String, _ kind: TargetKind) -> Bool {
        if text.contains(where: { "*?,=".contains($0) }) { return true }
        guard Self.rangeNames(text) != nil else { return false }
        let declared = kind == .site ? scenario.sites.contains { $0.name == text } : scenario.nodes.contains { $0.name == text }
        return !declared
    }

    /// Whether a member a glob or a label chose makes a fault: a DROP needs two hosts, a site
    /// pair a declared link.
    private func canHit(_ name: String, _ action: FaultAction) -> Bool {
        switch action {
        case .drop(_, let target, _), .undrop(_, let target, _):
            return name != target && !(Self.reservedNames.contains(name) && Self.reservedNames.contains(target))
        case .cut(.between(_, let b)), .heal(.between(_, let b)), .loss(.between(_, let b), _), .latency(.between(_, let b), _, _),
             .flap(.between(_, let b), _, _):
            return scenario.links.contains { $0.link == .between(name, b) || $0.link == .between(b, name) }
        default:
            return true
        }
    }

    private func sites(labelled key: String, _ value: String) -> [String] {
        switch key {
        case "zone": return scenario.sites.filter { $0.zone == value }.map(\.name)
        case "via": return scenario.sites.filter { $0.via == value }.map(\.name)
        case "region":
            let zones = Set(scenario.zones.filter { $0.region == value }.map(\.name))
            return scenario.sites.filter { $0.zone.map(zones.contains) ?? false }.map(\.name)
        default: return []
        }
    }

    private func nodes(labelled key: String, _ value: String) -> [String] {
        let zoneOfSite = Dictionary(scenario.sites.map { ($0.name, $0.zone) }, uniquingKeysWith: { first, _ in first })
        return scenario.nodes.filter { node in
            switch key {
            case "site": node.site == value
            case "zone": (node.zone ?? zoneOfSite[node.site] ?? nil) == value
            default: node.labels.contains { $0.key == key && $0.value == value }
            }
        }.map(\.name)
    }

    /// `s-1..s-9` or `s-1..9` as names; nil if `text` is not a range.
    static func rangeNames(_ text: String) -> [String]? {
        guard let dots = text.range(of: ".."), let bounds = ScenarioParser.rangeBounds(text, dots: dots),
              bounds.first <= bounds.last, bounds.last - bounds.first < ScenarioParser.maxNodes else { return nil }
        return bounds.names
    }

    /// Shell-style: `*` any run of characters (none included), `?` exactly one.
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        var pi = 0, ni = 0, starP = -1, starN = 0
        while ni < n.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == n[ni]) {
                pi += 1; ni += 1
            } else if pi < p.count && p[pi] == "*" {
                starP = pi; starN = ni; pi += 1
            } else if starP >= 0 {
                pi = starP + 1; starN += 1; ni = starN
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
