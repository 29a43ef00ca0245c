/// Where the controller-manager's node lifecycle loops sit relative to the run's clock.
///
/// A real kube-controller-manager starts its loops whenever it wins leadership, at no
/// particular offset from the moment a fault strikes, and that offset decides outcomes: over
/// how many monitor passes a cut-off zone turns Unknown, and so whether a zone still Normal at
/// the pass that first queues its nodes spends a Normal-rate token before it turns
/// PartialDisruption. So the offset is drawn per seed (and per leadership term) from the run's
/// `controller-manager/phase` stream, unless `node-monitor-phase` pins it to reproduce a
/// measured run.
struct ControllerManagerPhases {
    /// From the start of the term to its first monitor pass, within one `node-monitor-period`.
    let monitor: SimTime
    /// From the start of the term to its first NoExecute tainting pass, within one 100 ms period.
    let tainting: SimTime

    init(_ settings: NodeLifecycleSettings, seed: UInt64, term: UInt32) {
        let monitorPeriod = settings.monitorPeriod.microseconds
        let taintingPeriod = NodeLifecycleController.taintingPassPeriod.microseconds
        if let phase = settings.phase {
            // k8s: nodelifecycle.Controller.Run starts both loops together, so a pinned phase
            // places the 100 ms tainting loop at the same offset.
            monitor = .microseconds(phase.microseconds % monitorPeriod)
            tainting = .microseconds(phase.microseconds % taintingPeriod)
        } else {
            // The two loops drift apart at different rates (each slides by its own passes), so
            // their offsets are drawn independently.
            let random = CounterRandom(seed: seed, stream: "controller-manager/phase")
            monitor = .microseconds(Self.below(monitorPeriod, random.bits(UInt64(term), slot: 0)))
            tainting = .microseconds(Self.below(taintingPeriod, random.bits(UInt64(term), slot: 1)))
        }
    }

    /// A uniform offset in `0..<bound` microseconds from 64 random bits.
    static func below(_ bound: Int64, _ bits: UInt64) -> Int64 {
        Int64(bits.multipliedFullWidth(by: UInt64(bound)).high)
    }
}
