/// Prints a `Scenario` back to the line language, one statement per line, so that
/// `ScenarioParser.parse(print(s)) == s` for every scenario the language can express.
///
/// The fuzzer writes its failing cases with it: a reviewer reads a runbook, not JSON, and
/// `edgesim run` replays the file exactly. What the language cannot say (a description line
/// with `#`, a `tolerate` with seconds but no key) is the JSON form's job.
public enum ScenarioPrinter {
    public static func print(_ scenario: Scenario) -> String {
        var lines: [String] = ["name \(scenario.name)"]
        for line in scenario.description.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append("description \(line)")
        }
        lines.append("seed \(scenario.seed)")
        lines.append("duration \(scenario.duration)")
        lines.append("mode \(scenario.mode.rawValue)")
        // Params keep their declared values; the statements below hold what they stood for.
        for param in scenario.params { lines.append("param \(param.key) \(param.value)") }
        for setting in scenario.settings { lines.append("set \(setting.key) \(setting.value)") }
        section(&lines)
        for zone in scenario.zones { lines.append("zone \(zone.name)" + (zone.region.map { " region \($0)" } ?? "")) }
        for site in scenario.sites {
            lines.append("site \(site.name)" + (site.zone.map { " zone \($0)" } ?? "") + (site.via.map { " via \($0)" } ?? ""))
        }
        for coordinator in scenario.coordinators { lines.append("coordinator \(coordinator.name) site \(coordinator.site)") }
        for node in scenario.nodes {
            var line = "node \(node.name) site \(node.site)"
            if let zone = node.zone { line += " zone \(zone)" }
            for label in node.labels { line += " label \(label.key)=\(label.value)" }
            lines.append(line)
        }
        for link in scenario.links {
            var line = link.link.description
            if let latency = link.latency { line += " latency \(latency)" }
            if let jitter = link.jitter { line += " jitter \(jitter)" }
            if let loss = link.lossPPM { line += " loss \(percent(loss))" }
            lines.append(line)
        }
        for pool in scenario.pools {
            lines.append("pool \(pool.name) sites \(pool.sites.joined(separator: ","))" + (pool.coordinatorOn.map { " coordinator-on \($0)" } ?? ""))
        }
        section(&lines)
        for workload in scenario.workloads { lines.append(self.workload(workload)) }
        section(&lines)
        for fault in scenario.faults {
            let time = fault.until.map { "\(fault.at)..\($0)" } ?? "\(fault.at)"
            // The timeline abbreviates long node lists; a runbook spells them out.
            lines.append("at \(time) \(FaultText.statement(fault.action, abbreviated: false))")
        }
        for process in scenario.processes { lines.append(self.process(process)) }
        section(&lines)
        for variant in scenario.variants {
            lines.append("variant \(variant.name)" + (variant.mode.map { " mode \($0.rawValue)" } ?? "")
                         + variant.settings.map { " set \($0.key) \($0.value)" }.joined())
        }
        for e in scenario.expectations {
            lines.append(e.text)
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A blank line between groups of statements, for the reader.
    private static func section(_ lines: inout [String]) {
        if lines.last != "" { lines.append("") }
    }

    static func workload(_ decl: WorkloadDecl) -> String {
        var line = "\(decl.kind.rawValue) \(decl.name)"
        if let replicas = decl.replicas { line += " replicas \(replicas)" }
        if let placement = decl.placement { line += " on \(placement)" }
        if let service = decl.service { line += " service \(service)" }
        for toleration in decl.tolerations { line += " tolerate " + self.toleration(toleration) }
        return line
    }

    static func toleration(_ decl: TolerationDecl) -> String {
        guard let key = decl.key else { return "all" }
        var text = key + (decl.effect.map { ":\($0.rawValue)" } ?? "")
        if let seconds = decl.seconds { text += " \(SimTime.seconds(seconds))" }
        return text
    }

    /// `random NAME ACTION for DIST (every DIST | once) ...`, clauses in the grammar's order.
    static func process(_ p: FaultProcessDecl) -> String {
        var line = "random \(p.name) \(FaultText.statement(p.action, abbreviated: false)) for \(p.outage)"
        line += p.every.map { " every \($0)" } ?? " once"
        if let from = p.from { line += " from \(from)" }
        if let until = p.until { line += " until \(until)" }
        if let share = p.sharePPM { line += " share \(percent(share))" }
        if let count = p.count { line += " count \(count)" }
        if let permanent = p.permanentPPM { line += " permanent \(percent(permanent))" }
        return line
    }

    /// Parts per million as the language's percentage: 10000 → `1%`, 5 → `0.0005%`.
    static func percent(_ ppm: Int) -> String { DecimalText.micro(Int64(ppm) * 100) + "%" }
}
