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

    /// The newest renewal sent before `now` that got through, landed or still in flight, and
    /// when it lands.
    public mutating func latestLease(_ node: NodeID, before now: SimTime) -> (renewTime: SimTime?, arrival: SimTime) {
        if !renewalStreams.isEmpty, let renewal = renewalStreams[node.index].newestSent(before: now),
           leaseRenewTime[node.index].map({ renewal.renewTime > $0 }) ?? true {
            return (renewal.renewTime, renewal.arrival)
        }
        return (leaseRenewTime[node.index], leaseArrival[node.index])
    }

    /// The renewals sent before `now` newer than `renewTime` (nil: any) that got through, landed
    /// or in flight, oldest first: what a reader working out the future must count by arrival.
    mutating func recentRenewals(_ node: NodeID, before now: SimTime, newerThan renewTime: SimTime?) -> [LeaseRenewal] {
        var renewals = renewalStreams.isEmpty ? [] : renewalStreams[node.index].recentRenewals(before: now)
        if let landed = leaseRenewTime[node.index], !renewals.contains(where: { $0.renewTime == landed }) {
            renewals.insert(LeaseRenewal(renewTime: landed, arrival: leaseArrival[node.index]), at: 0)
        }
        return renewals.filter { renewal in renewTime.map { renewal.renewTime > $0 } ?? true }
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
