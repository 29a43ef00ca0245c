// MARK: - Names and settings

extension ScenarioCompiler {
    /// The mode, the duration, the settings of every layer and the names: what must hold
    /// before any part of the topology is built.
    func compileHeader(variant: Variant?, overrides: [Setting]) throws(ScenarioError) -> SimulationSettings {
        guard Self.implementedModes.contains(scenario.mode) else {
            throw fail("mode", "mode \(quoted(scenario.mode.rawValue)) is not implemented yet; expected one of "
                       + Self.implementedModes.map(\.rawValue).joined(separator: ", "))
        }
        guard scenario.duration.time > .zero, scenario.duration.time <= Self.maxDuration else {
            throw fail("duration", "expected a duration above 0 and at most 30 days, got \(scenario.duration)")
        }
        let settings = try compileSettings(variant: variant, overrides: overrides)
        try checkNames()
        try checkWords()
        // The line language refuses these before it expands a range; JSON can say anything.
        guard scenario.nodes.count <= ScenarioParser.maxNodes else {
            throw fail("nodes[\(ScenarioParser.maxNodes)]", Self.tooManyNodes)
        }
        return settings
    }

    func compileSettings(variant: Variant?, overrides: [Setting]) throws(ScenarioError) -> SimulationSettings {
        var names = Set<String>()
        // A variant may set a param too (`ScenarioCompiler.compile` parses again for it).
        let params = Set(scenario.params.map(\.key))
        for (i, v) in scenario.variants.enumerated() {
            guard names.insert(v.name).inserted else { throw fail("variants[\(i)]", "variant \(quoted(v.name)) is declared twice") }
            for (j, setting) in v.settings.enumerated() where !params.contains(setting.key) {
                var probe = SimulationSettings()
                if let bad = probe.apply([setting]) { throw fail("variants[\(i)].settings[\(j)].\(bad.field)", bad.message) }
            }
        }
        // Each layer is checked on its own so an error points at its line; then all layers are
        // applied as one list, so a latency profile (applied first) never beats an explicit key.
        var probe = SimulationSettings()
        if let bad = probe.apply(scenario.settings) { throw fail("settings[\(bad.index)].\(bad.field)", bad.message) }
        if let bad = probe.apply(overrides) {
            // Say which params there are, since the key may have been meant for one.
            let known = scenario.params.isEmpty ? "" : " (this scenario's params: " + scenario.params.map(\.key).joined(separator: ", ") + ")"
            throw ScenarioError(file: "--set", location: "", message: bad.message + known)
        }
        var settings = SimulationSettings()
        if scenario.mode == .openshift { LatencyProfile.default.apply(to: &settings) }
        _ = settings.apply(scenario.settings + (variant?.settings ?? []) + overrides)
        return settings
    }

    /// Names become timeline columns and file names (`Reports/<name>.timeline`): JSON must
    /// keep to what the line language allows, and a scenario's name may not leave the folder.
    func checkNames() throws(ScenarioError) {
        // Without a `name` line the name is the file's: say so, or "1:1" points at nothing.
        let origin = map.wrote("name") ? "" : " (taken from the file name; rename the file or add a \"name\" line)"
        do {
            try checkName(scenario.name, "name", "a scenario name")
        } catch {
            throw fail("name", error.message + origin)
        }
        guard !scenario.name.contains("/"), !scenario.name.hasPrefix(".") else {
            throw fail("name", "expected a scenario name without '/' or a leading '.', got \(quoted(scenario.name)) (it names the golden report file)" + origin)
        }
        for (i, zone) in scenario.zones.enumerated() {
            try checkName(zone.name, "zones[\(i)].name", "a zone name")
            if let region = zone.region { try checkName(region, "zones[\(i)].region", "a region name") }
        }
        for (i, site) in scenario.sites.enumerated() { try checkName(site.name, "sites[\(i)].name", "a site name") }
        for (i, node) in scenario.nodes.enumerated() { try checkName(node.name, "nodes[\(i)].name", "a node name") }
        for (i, workload) in scenario.workloads.enumerated() {
            try checkName(workload.name, "workloads[\(i)].name", "a workload name")
            if let service = workload.service { try checkName(service, "workloads[\(i)].service", "a service name") }
        }
        for (i, variant) in scenario.variants.enumerated() { try checkName(variant.name, "variants[\(i)].name", "a variant name") }
        for (i, pool) in scenario.pools.enumerated() { try checkName(pool.name, "pools[\(i)].name", "a pool name") }
        for (i, host) in scenario.coordinators.enumerated() { try checkName(host.name, "coordinators[\(i)].name", "a coordinator host name") }
    }

    func checkName(_ name: String, _ path: String, _ what: String) throws(ScenarioError) {
        guard ScenarioParser.isName(name) else {
            throw fail(path, "expected \(what): letters, digits, '-', '_', '.' or '/', at most 253, got \(quoted(name))")
        }
    }

    /// Labels and taint keys are held to the line language's words, as names are.
    func checkWords() throws(ScenarioError) {
        for (i, node) in scenario.nodes.enumerated() {
            for (j, label) in node.labels.enumerated() { try checkLabel(label, "nodes[\(i)].labels[\(j)]") }
        }
        for (i, workload) in scenario.workloads.enumerated() {
            if case .label(let label) = workload.placement { try checkLabel(label, "workloads[\(i)].placement") }
            for (j, toleration) in workload.tolerations.enumerated() {
                guard let key = toleration.key else { continue }
                guard ScenarioParser.isName(key) else { throw fail("workloads[\(i)].tolerations[\(j)].key", "expected a taint key, got \(quoted(key))") }
            }
        }
        for (i, fault) in scenario.faults.enumerated() {
            guard case .label(_, let key, let value) = fault.action else { continue }
            try checkLabel(Label(key: key, value: value ?? ""), "faults[\(i)].action")
        }
    }

    func checkLabel(_ label: Label, _ path: String) throws(ScenarioError) {
        guard ScenarioParser.isName(label.key), label.value.isEmpty || ScenarioParser.isName(label.value) else {
            throw fail(path, "expected a label key=value, got \(quoted(label.key + "=" + label.value))")
        }
    }
}
