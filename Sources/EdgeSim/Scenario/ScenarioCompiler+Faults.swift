// MARK: - Faults

extension ScenarioCompiler {
    /// The scripted faults in order, then what the random processes drew (each named after its
    /// process in the timeline).
    mutating func compileFaults() throws(ScenarioError) {
        let realised = try realiseProcesses()
        faults.reserveCapacity(scenario.faults.count + realised.count)
        var expanded = 0
        for (i, decl) in scenario.faults.enumerated() {
            let path = "faults[\(i)]"
            // A target set (`cut uplink store-*`) is one fault per member, in declaration order.
            guard let (set, kind) = decl.action.target, isTargetSet(set, kind) else {
                try compileFault(decl, path: path, text: FaultText.describe(decl.action))
                continue
            }
            for case let member? in try members(of: set, for: decl.action, kind, path + ".action") {
                expanded += 1
                guard expanded + realised.count <= Self.maxRealisedFaults else {
                    throw fail(path, "the scenario's target sets and random processes make more than \(Self.maxRealisedFaults) faults")
                }
                var one = decl
                one.action = decl.action.withTarget(member)
                try compileFault(one, path: path, text: FaultText.describe(one.action))
            }
        }
        for fault in realised {
            try compileFault(fault.decl, path: fault.path, text: FaultText.describe(fault.decl.action) + " (random \(fault.process))")
        }
    }

    /// A node whose first `add-node` or `delete-node` is an `add-node` joins during the run: it
    /// starts with no Node object (and no Ready condition), its kubelet not started.
    mutating func markNodesAddedLater() {
        var decided = Array(repeating: false, count: nodes.count)
        for fault in faults.indices.sorted(by: { (faults[$0].at, $0) < (faults[$1].at, $1) }) {
            switch faults[fault].action {
            case .addNode(let node) where !decided[node.index]:
                decided[node.index] = true
                nodes[node.index].registered = false
                nodes[node.index].ready = nil
            case .deleteNode(let node): decided[node.index] = true
            default: continue
            }
        }
    }

    private mutating func compileFault(_ decl: FaultDecl, path: String, text: String) throws(ScenarioError) {
        try checkTimes(decl, path)
        let (action, subject) = try resolve(decl.action, path + ".action")
        faults.append(CompiledScenario.Fault(at: decl.at.time, until: decl.until?.time, action: action, subject: subject, text: text))
    }

    /// A fault starts within the run; a range (for a verb that takes one) ends after it starts
    /// and by the end of the run.
    func checkTimes(_ decl: FaultDecl, _ path: String) throws(ScenarioError) {
        let duration = scenario.duration
        if let until = decl.until, until.time <= decl.at.time {
            throw fail(path + ".at", "expected the range's end after its start, got \"\(decl.at)..\(until)\"")
        }
        let verb = decl.action.verb
        if decl.until != nil && !verb.takesRange { throw fail(path + ".at", "\(quoted(verb.word)) takes a time, not a range") }
        guard decl.at.time <= duration.time else {
            throw fail(path + ".at", "fault at \(decl.at.time.spelled) is after the scenario ends (duration \(duration.time.spelled))")
        }
        if let until = decl.until, until.time > duration.time {
            throw fail(path + ".at", "fault range ends at \(until.time.spelled), after the scenario ends (duration \(duration.time.spelled))")
        }
    }

    /// The action with its names resolved, and what it hits for the timeline (`gz-3`,
    /// `uplink:factory`, `apiserver`).
    func resolve(_ action: FaultAction, _ path: String) throws(ScenarioError) -> (CompiledScenario.Action, subject: String) {
        switch action {
        case .cut(let ref): return (.cut(try link(ref, path)), ref.subject)
        case .heal(let ref): return (.heal(try link(ref, path)), ref.subject)
        case .drop(let source, let target, let port): return (.drop(try dropRule(source, target, port, path)), source)
        case .undrop(let source, let target, let port): return (.undrop(try dropRule(source, target, port, path)), source)
        case .loss(let ref, let ppm):
            try checkLoss(ppm, path + ".ppm")
            return (.loss(try link(ref, path), ppm: ppm), ref.subject)
        case .latency(let ref, let latency, let jitter):
            try checkDelay(latency, "latency", path + ".latency")
            try checkDelay(jitter, "jitter", path + ".jitter")
            return (.latency(try link(ref, path), latency: latency.time, jitter: jitter.time), ref.subject)
        case .flap(let ref, let period, let upPercent):
            try checkFlap(period: period, upPercent: upPercent, path)
            return (.flap(try link(ref, path), period: period.time, upPercent: upPercent), ref.subject)
        case .partition(let a, let b): return (.partition(try partition(a, b, path)), "\(a)|\(b)")
        case .label(let name, let key, let value): return (.label(try node(name, path + ".node"), key: key, value: value), name)
        case .powerOff(let name): return (try power(name, on: false, path), name)
        case .powerOn(let name): return (try power(name, on: true, path), name)
        case .restartEdge(let names):
            // The line language cannot write an empty list; JSON may not either.
            guard !names.isEmpty else { throw fail(path + ".nodes", "expected at least one node to restart") }
            var ids: [NodeID] = []
            for name in names { ids.append(try node(name, path + ".nodes")) }
            return (.restartEdge(ids), names.count == 1 ? names[0] : "edge")
        case .apiServerDown: return (.apiServerDown, "apiserver")
        case .apiServerUp: return (.apiServerUp, "apiserver")
        case .taint(let name, let spec): return (.taint(try node(name, path + ".node"), try taint(spec, path + ".taint")), name)
        case .cordon(let name): return (.cordon(try node(name, path + ".node")), name)
        case .uncordon(let name): return (.uncordon(try node(name, path + ".node")), name)
        case .drain(let name): return (.drain(try node(name, path + ".node")), name)
        case .kubeletStop(let name): return (.kubelet(try node(name, path + ".node"), running: false), name)
        case .kubeletStart(let name): return (.kubelet(try node(name, path + ".node"), running: true), name)
        case .notReady(let name): return (.reportsReady(try node(name, path + ".node"), false), name)
        case .ready(let name): return (.reportsReady(try node(name, path + ".node"), true), name)
        case .networkUnavailable(let name): return (.networkUnavailable(try node(name, path + ".node"), true), name)
        case .networkAvailable(let name): return (.networkUnavailable(try node(name, path + ".node"), false), name)
        case .addNode(let name): return (.addNode(try node(name, path + ".node")), name)
        case .deleteNode(let name): return (.deleteNode(try node(name, path + ".node")), name)
        case .untaint(let name, let spec): return (.untaint(try node(name, path + ".node"), try taint(spec, path + ".taint")), name)
        }
    }

    /// A taint's key and value as the line language allows them (JSON can say anything).
    func taint(_ spec: TaintSpec, _ path: String) throws(ScenarioError) -> Taint {
        guard ScenarioParser.isName(spec.key) else { throw fail(path + ".key", "expected a taint key: letters, digits, '-', '_', '.' or '/', got \(quoted(spec.key))") }
        if let value = spec.value, !value.isEmpty, !ScenarioParser.isName(value) {
            throw fail(path + ".value", "expected a taint value: letters, digits, '-', '_', '.' or '/', got \(quoted(value))")
        }
        return Taint(key: spec.key, value: spec.value, effect: spec.effect)
    }

    func checkFlap(period: Duration, upPercent: Int, _ path: String) throws(ScenarioError) {
        guard period.time >= .milliseconds(100) else {
            throw fail(path + ".period", "expected a flap period of at least 100ms, got \(period)")
        }
        guard (1...99).contains(upPercent) else {
            throw fail(path + ".upPercent", "expected a duty cycle of whole percent from 1% to 99%, got \(upPercent)%")
        }
    }

    func dropRule(_ source: String, _ target: String, _ port: Int?, _ path: String) throws(ScenarioError) -> DropRule {
        if let port, !(1...65_535).contains(port) { throw fail(path + ".port", "expected a port from 1 to 65535, got \(port)") }
        let rule = DropRule(source: try host(source, path + ".source"), target: try host(target, path + ".target"), port: port)
        guard rule.source != rule.target else { throw fail(path, "a DROP rule needs two different hosts") }
        return rule
    }

    func partition(_ a: String, _ b: String, _ path: String) throws(ScenarioError) -> Partition {
        let partition = Partition(try side(a, path + ".a"), try side(b, path + ".b"))
        guard partition.a != partition.b else { throw fail(path, "a partition needs two different sides") }
        return partition
    }

    /// Power of a node, or of a dedicated coordinator host.
    func power(_ name: String, on: Bool, _ path: String) throws(ScenarioError) -> CompiledScenario.Action {
        if let host = coordinatorIDs[name] { return .coordinatorPower(host, on: on) }
        let node = try node(name, path + ".node")
        return on ? .powerOn(node) : .powerOff(node)
    }

    // MARK: Resolving hosts and sides

    /// A node, a coordinator host, or the control plane (`apiserver`, `cloud`).
    func host(_ name: String, _ path: String) throws(ScenarioError) -> HostID {
        if Self.reservedNames.contains(name) { return .cloud }
        if let coordinator = coordinatorIDs[name] { return coordinator }
        return nodes[try node(name, path).index].host
    }

    /// A partition's side: the control plane, a site (which wins over a host of its name) or a host.
    func side(_ name: String, _ path: String) throws(ScenarioError) -> Partition.Side {
        if Self.reservedNames.contains(name) { return .cloud }
        if let siteID = siteIDs[name] { return .site(siteID) }
        if let nodeID = nodeIDs[name] { return .host(nodes[nodeID.index].host) }
        if let coordinator = coordinatorIDs[name] { return .host(coordinator) }
        throw fail(path, "unknown site or node \(quoted(name))"
                   + NearMiss.hint(for: name, among: scenario.sites.map(\.name) + scenario.nodes.map(\.name) + ["cloud"]))
    }
}
