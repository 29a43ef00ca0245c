/// OpenYurt's delegatelease controller (yurt-controller-manager v1.2–v1.3, yurt-manager
/// v1.4–v1.6): a node whose Lease keeps arriving with `openyurt.io/delegate-heartbeat` — renewed
/// for it by its pool's leader because it cannot reach the cloud itself — is alive but cut off:
/// after `LeaseDelegationThreshold` consecutive delegated updates it gets
/// `node.openyurt.io/unschedulable:NoSchedule`, and (v1.3+) a Ready=Unknown is set back to True
/// (reason NodeDelegateLease) with its not-ready pods marked ready again. The first update the
/// node makes itself removes the taint.
/// (openyurt pkg/controller/poolcoordinator/delegatelease/delegatelease_controller.go syncHandler)
public struct DelegateLeaseController: Sendable {
    public let threshold: Int
    /// `ldc`: consecutive delegated updates per node, saturating at the threshold.
    public private(set) var delegated: [Int]
    /// `delLdc`: non-delegated updates since the last time the threshold was reached; the taint
    /// is removed only while it is zero, so only the first non-delegated update tries.
    public private(set) var undelegated: [Int]

    public init(nodeCount: Int, threshold: Int) {
        self.threshold = threshold
        delegated = Array(repeating: 0, count: nodeCount)
        undelegated = Array(repeating: 0, count: nodeCount)
    }

    // openyurt: delegatelease syncHandler + LeaseDelegatedCounter.Inc (saturating).
    public mutating func leaseUpdated(_ id: NodeID, now: SimTime, api: inout APIServer) {
        let i = id.index
        if api.leaseDelegated[i] {
            delegated[i] = min(delegated[i] + 1, threshold)
            guard delegated[i] >= threshold else { return }
            api.addTaint(id, OpenYurtNames.unschedulableNoSchedule, now: now)
            // checkNodeReadyConditionAndSetIt: only Unknown is reset; LastHeartbeatTime is left.
            if api.nodes[i].ready == .unknown {
                api.setReady(id, .true, heartbeat: nil, now: now)
                // markPodsReady: pods whose Ready condition is False.
                for pod in api.podsOnNode[i] where api.pods[pod.index].isActive && !api.pods[pod.index].ready {
                    api.setPodReady(pod, true, now: now)
                }
            }
            undelegated[i] = 0
        } else {
            if undelegated[i] == 0 {
                // doDeTaintNodeNotSchedulable counts the attempt whether or not a taint was there.
                api.removeTaint(id, OpenYurtNames.unschedulableNoSchedule, now: now)
                undelegated[i] += 1
            }
            delegated[i] = 0
        }
    }
}
