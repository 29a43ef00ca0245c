/// A zone's disruption state, as upstream names them.
public enum ZoneState: String, Sendable {
    case initial = "Initial"
    case normal = "Normal"
    case partialDisruption = "PartialDisruption"
    case fullDisruption = "FullDisruption"

    // k8s: nodelifecycle.Controller.ComputeZoneState
    /// Counts a zone's Ready conditions (nil counts as not ready) and names its state.
    /// The threshold is compared in integers: notReady / total >= threshold exactly when
    /// notReady * 1e6 >= thresholdPPM * total, so no float rounding can tip a zone over.
    public static func compute(ready: Int, notReady: Int, unhealthyThresholdPPM: Int64) -> ZoneState {
        if ready == 0 && notReady > 0 { return .fullDisruption }
        let total = Int64(ready + notReady)
        if notReady > 2 && Int64(notReady) * 1_000_000 >= unhealthyThresholdPPM * total {
            return .partialDisruption
        }
        return .normal
    }
}
