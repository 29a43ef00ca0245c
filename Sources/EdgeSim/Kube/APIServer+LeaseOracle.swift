/// The lease oracle: kubelet lease renewals worked out when the Lease is read, not sent as
/// events — an optimisation, not upstream behaviour. A renewal's fate is a pure function of the
/// seed, the node, its boot, the renewal's number and the route it takes (`LeaseRenewalStream`),
/// and the route changes only at a fault, so nothing need exist before somebody reads the
/// Lease. Readers see exactly what renewal events would have written; the equivalence tests
/// hold the two paths to the same bytes.
extension APIServer {
    mutating func startRenewalStreams(_ streams: [LeaseRenewalStream]) {
        precondition(streams.count == nodes.count, "one renewal stream per node")
        renewalStreams = streams
    }

    /// The renewals sent before `now` newer than `renewTime` (nil: any) that got through, landed
    /// or in flight, oldest first, until `body` returns false: what a reader working out the
    /// future must count by arrival. Reads the stream in place (it runs per quiet-node revisit).
    /// Returns whether `body` wanted more.
    mutating func forEachRecentRenewal(_ node: NodeID, before now: SimTime, newerThan renewTime: SimTime?,
                                       _ body: (_ sent: SimTime, _ arrival: SimTime) -> Bool) -> Bool {
        func newer(_ sent: SimTime) -> Bool { renewTime.map { sent > $0 } ?? true }
        let recent = renewalStreams.isEmpty ? [] : renewalStreams[node.index].recentRenewals(before: now)
        // The landed renewal the API holds, when the stream has already let it go.
        if let landed = leaseRenewTime[node.index], newer(landed), !recent.contains(where: { $0.renewTime == landed }),
           !body(landed, leaseArrival[node.index]) { return false }
        for renewal in recent where newer(renewal.renewTime) {
            if !body(renewal.renewTime, renewal.arrival) { return false }
        }
        return true
    }

    /// The lease as a reader sees it at `now`: a renewal counts once it has arrived strictly
    /// before `now` (one landing at the very instant of a pass is seen by the next pass, as a
    /// late arrival event would be).
    mutating func observeLease(_ node: NodeID, now: SimTime) -> SimTime? {
        if !renewalStreams.isEmpty, let renewal = renewalStreams[node.index].landed(before: now) {
            renewLease(node, at: renewal.renewTime, arrivedAt: renewal.arrival)
        }
        return leaseRenewTime[node.index]
    }

    /// The renewals a node's kubelet will send from `now` on if nothing changes (nothing when
    /// renewals are events): see `LeaseRenewalStream.forEachUpcoming`.
    func forEachUpcomingRenewal(_ node: NodeID, from now: SimTime, _ body: (_ sent: SimTime, _ arrival: SimTime?) -> Bool) {
        guard !renewalStreams.isEmpty else { return }
        renewalStreams[node.index].forEachUpcoming(from: now, body)
    }

    /// A bound on the renewals a node's kubelet will send from `now` on if nothing changes
    /// (nil when renewals are events): see `LeaseRenewalStream.landingBound`.
    func renewalLandingBound(_ node: NodeID, from now: SimTime) -> (firstSend: SimTime, maxGap: SimTime, maxDelay: SimTime)? {
        guard !renewalStreams.isEmpty else { return nil }
        return renewalStreams[node.index].landingBound(from: now)
    }

    /// A chain of a node's renewals from `now` towards `horizon` that land at most `stride`
    /// apart (nil when renewals are events): see `LeaseRenewalStream.landingChain`.
    func renewalLandingChain(_ node: NodeID, stride: Int64, from now: SimTime, before horizon: SimTime) -> (firstSend: SimTime, lastSend: SimTime)? {
        guard !renewalStreams.isEmpty else { return nil }
        return renewalStreams[node.index].landingChain(stride: stride, from: now, before: horizon)
    }

    /// The route a node's renewals take now.
    func renewalRoute(_ node: NodeID) -> RouteProfile? { renewalStreams[node.index].route }

    /// The node's route to the API server changes at `now`.
    mutating func rerouteRenewals(_ node: NodeID, _ route: RouteProfile?, at now: SimTime) {
        renewalStreams[node.index].reroute(route, at: now)
    }

    mutating func stopRenewals(_ node: NodeID, at now: SimTime) { renewalStreams[node.index].stop(at: now) }

    mutating func restartRenewals(_ node: NodeID, at now: SimTime, life: UInt32, route: RouteProfile?) {
        renewalStreams[node.index].restart(at: now, life: life, route: route)
    }

    /// The API server went away: renewals still on the wire are lost.
    mutating func dropRenewalsInFlight(at now: SimTime) {
        for index in renewalStreams.indices { renewalStreams[index].dropInFlight(at: now) }
    }

    /// Renewals refused for want of a route and renewals lost on the way, sent up to `end`.
    mutating func renewalMessageCounts(through end: SimTime) -> (dropped: Int, lost: Int) {
        var dropped = 0, lost = 0
        for index in renewalStreams.indices {
            let counts = renewalStreams[index].messageCounts(before: end + .microseconds(1))
            dropped += counts.dropped
            lost += counts.lost
        }
        return (dropped, lost)
    }
}
