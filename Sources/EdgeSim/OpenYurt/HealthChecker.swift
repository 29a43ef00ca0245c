/// YurtHub's verdict on one server (the cloud's API server or the pool coordinator), from its
/// own lease renewals: one failed probe makes the server unhealthy at once; it takes
/// `healthyThreshold` consecutive successes to trust it again.
/// (openyurt pkg/yurthub/healthchecker prober: `markAsUnhealthy` on any failure, `healthyCnt`)
public struct HealthChecker: Sendable, Equatable {
    public private(set) var healthy: Bool
    private var successes = 0

    public init(healthy: Bool) { self.healthy = healthy }

    /// Records one probe; returns true when the verdict changed.
    @discardableResult
    public mutating func record(success: Bool, healthyThreshold: Int) -> Bool {
        guard success else {
            successes = 0
            defer { healthy = false }
            return healthy
        }
        successes += 1
        guard !healthy, successes >= healthyThreshold else { return false }
        healthy = true
        return true
    }
}
