// MARK: - Links and routes

extension ScenarioCompiler {
    /// The profiles of uplinks and access links were set as their sites and hosts were added;
    /// here each declaration is checked and links between sites are made.
    mutating func compileLinks() throws(ScenarioError) {
        for (i, decl) in scenario.links.enumerated() {
            let path = "links[\(i)]"
            if let loss = decl.lossPPM { try checkLoss(loss, path + ".lossPPM") }
            if let latency = decl.latency { try checkDelay(latency, "latency", path + ".latency") }
            if let jitter = decl.jitter { try checkDelay(jitter, "jitter", path + ".jitter") }
            if case .between(let a, let b) = decl.link {
                let (sa, sb) = try sitePair(a, b, path)
                topology.connectSites(sa, sb, profile: profile(for: decl.link, default: .defaultSiteLink))
            } else {
                _ = try link(decl.link, path)
            }
        }
    }

    /// `site S via P`: S reaches the cloud over its link to P, not an uplink of its own.
    mutating func compileRoutes() throws(ScenarioError) {
        for (i, decl) in scenario.sites.enumerated() {
            guard let via = decl.via else { continue }
            let path = "sites[\(i)].via"
            let parent = try site(via, path)
            let me = SiteID(i)
            guard parent != me else { throw fail(path, "a site cannot reach the cloud via itself") }
            guard topology.directLink(me, parent) != nil else {
                throw fail(path, "\(decl.name) reaches the cloud via \(via) but no link joins them; add \"link \(decl.name) <-> \(via)\"")
            }
            guard !topology.chain(parent).contains(me) else {
                throw fail(path, "\"via\" makes a cycle: \(via) already reaches the cloud through \(decl.name)")
            }
            topology.route(me, via: parent)
        }
    }

    /// A loss in parts per million, for a link's profile and for a `loss` fault alike.
    func checkLoss(_ ppm: Int, _ path: String) throws(ScenarioError) {
        guard (0...1_000_000).contains(ppm) else {
            // The line language wrote a percentage: say it back too.
            let percent = (0...Int(Int32.max)).contains(ppm) ? " (\(DecimalText.micro(Int64(ppm) * 100))%)" : ""
            throw fail(path, "expected a loss from 0 to 1000000 parts per million (0% to 100%), got \(ppm)" + percent)
        }
    }

    /// A latency or jitter, for a link's profile and for a `latency` fault alike.
    func checkDelay(_ value: Duration, _ what: String, _ path: String) throws(ScenarioError) {
        guard value.time <= Self.maxDelay else { throw fail(path, "expected a \(what) of at most \(Self.maxDelay), got \(value)") }
    }

    // MARK: Resolving links

    func link(_ ref: LinkRef, _ path: String) throws(ScenarioError) -> LinkID {
        switch ref {
        case .uplink(let name): return topology.sites[try site(name, path).index].uplink
        case .access(let name):
            if let coordinator = coordinatorIDs[name] { return topology.hosts[coordinator.index].access! }
            return topology.hosts[nodes[try node(name, path).index].host.index].access!
        case .between(let a, let b):
            let (sa, sb) = try sitePair(a, b, path)
            guard let id = topology.directLink(sa, sb) else {
                throw fail(path, "no link between \(a) and \(b); declare it with \"link \(a) <-> \(b) latency 5ms\"")
            }
            return id
        }
    }

    func sitePair(_ a: String, _ b: String, _ path: String) throws(ScenarioError) -> (SiteID, SiteID) {
        let sa = try site(a, path), sb = try site(b, path)
        guard sa != sb else { throw fail(path, "a link joins two different sites, got \(quoted(a)) twice") }
        return (sa, sb)
    }

    /// Either spelling of a site pair names one link.
    static func key(_ ref: LinkRef) -> String {
        if case .between(let a, let b) = ref { return LinkRef.between(min(a, b), max(a, b)).description }
        return ref.description
    }

    /// A link's profile: `base`, then every declaration of it in order.
    func profile(for ref: LinkRef, default base: LinkProfile) -> LinkProfile {
        var profile = base
        for decl in linkDecls[Self.key(ref)] ?? [] {
            if let latency = decl.latency { profile.latency = latency.time }
            if let jitter = decl.jitter { profile.jitter = jitter.time }
            if let loss = decl.lossPPM { profile.lossPPM = loss }
        }
        return profile
    }
}
