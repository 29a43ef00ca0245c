/// `run --format faults`: the faults a run gets, scripted and drawn by its random processes, in
/// time order — what a seed drew, without running it.
///
/// ```
/// # faults of retail-fleet seed 7: 212 faults
/// +00:38:37.360  +00:38:58.061  uplink:store-1  cut uplink store-1 (random blips)
/// +11:29:29.468  -              s4-2            power-off s4-2 (random power)
/// ```
public enum FaultSchedule {
    public static func text(_ compiled: CompiledScenario) -> String {
        var out = "# faults of \(compiled.scenario.name)"
        if let variant = compiled.variant { out += " variant \(variant)" }
        out += " seed \(compiled.seed): \(compiled.faults.count) fault\(compiled.faults.count == 1 ? "" : "s")\n"
        let width = compiled.faults.map(\.subject.count).max() ?? 0
        // Stable: faults at one instant keep the scenario's order.
        let ordered = compiled.faults.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
        for (_, fault) in ordered {
            let end = fault.until?.clock ?? "-"
            out += fault.at.clock + "  " + end.padded(to: 13) + "  " + fault.subject.padded(to: width) + "  " + fault.text + "\n"
        }
        return out
    }
}
