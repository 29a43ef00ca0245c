/// The lazy monitor pass: an optimisation, not upstream behaviour. Quiet nodes — Ready, seen,
/// no NoExecute taint, not queued — are not read on every pass: each waits in the bucket of the
/// pass where it would turn Unknown if nothing but its kubelet's renewals arrived (looked up
/// through the API server's lease oracle, `APIServer.forEachUpcomingRenewal`), and anything
/// that could change that wakes it. The timeline is exactly that of reading every node every
/// pass; the equivalence tests hold the two to the same bytes.
extension NodeLifecycleController {
    /// A node read this pass that a pass would leave untouched until its grace runs out.
    mutating func sleepIfQuiet(_ id: NodeID, now: SimTime, api: inout APIServer) {
        let zone = zoneOfNode[id.index]
        guard health[id.index] != nil, tainters[zone]?.contains(id) != true,
              !api.nodes[id.index].taints.contains(where: { $0.effect == .noExecute }) else { return }
        quiet[id.index] = true
        if !api.nodes[id.index].excludedFromDisruption { quietCountByZone[zone] += 1 }
        park(id, at: revisitPass(id, now: now, api: &api))
    }

    /// Puts a quiet node in the bucket of `pass`: where it would turn Unknown, or where it must
    /// be looked at again.
    mutating func park(_ id: NodeID, at pass: SimTime) {
        let due = Self.passIndex(of: pass, origin: passOrigin!, period: settings.monitorStep)
        deadlineBuckets[due, default: []].append(Int32(id.index))
    }

    /// How far ahead a quiet node's future renewals are looked at (see `lookAheadLevel`); it
    /// is read again then even if they all land.
    static let firstLookAhead = SimTime.minutes(1)
    static let lookAhead = SimTime.minutes(60)
    static let fullLookAheadLevel: UInt8 = 6

    func lookAhead(_ id: NodeID) -> SimTime {
        min(Self.lookAhead, SimTime(microseconds: Self.firstLookAhead.microseconds << Int64(lookAheadLevel[id.index])))
    }

    /// The probe time a pass would give this node once it has seen the signals that are not in
    /// its health record yet — a renewal or a heartbeat, seen by the first pass strictly after
    /// it arrived. `lease` is the newest renewal the caller counts (landed, or in flight too).
    func probe(_ id: NodeID, lease: (renewTime: SimTime?, arrival: SimTime), heartbeat: SimTime) -> SimTime {
        let saved = health[id.index]!
        var signal: SimTime?
        if let renewTime = lease.renewTime, renewTime != saved.savedLease { signal = lease.arrival }
        if heartbeat != saved.savedHeartbeat { signal = max(signal ?? heartbeat, heartbeat) }
        guard let signal else { return saved.probeTimestamp }
        return max(saved.probeTimestamp, firstPass(after: signal))
    }

    /// The first pass strictly after `time`: the one that sees a signal arriving then.
    func firstPass(after time: SimTime) -> SimTime {
        let origin = passOrigin!, period = settings.monitorStep.microseconds
        return origin + SimTime(microseconds: ((time - origin).microseconds / period + 1) * period)
    }

    /// The pass where a quiet node turns Unknown if nothing but its kubelet's renewals reaches
    /// the API server, capped at its look ahead: the first pass strictly later than probe + grace,
    /// counting the renewal in flight and the renewals to come on the node's current route
    /// (a route change or an API outage wakes the node, so nothing here is ever too late; a
    /// status heartbeat only pushes the answer later, and a revisit finds that out).
    func revisitPass(_ id: NodeID, now: SimTime, api: inout APIServer) -> SimTime {
        // The Unknown pass is the first pass strictly beyond probe + grace. (The probe may be a
        // pass of an earlier grid, before a pass that wrote updates moved the grid on.)
        let grace = settings.gracePeriod
        // The heartbeat has landed; renewals count by when they land, below.
        var probe = probe(id, lease: (nil, .zero), heartbeat: api.observeHeartbeat(id, now: now))
        var unknown = firstPass(after: probe + grace)
        // Arrivals seen to land in time but not yet folded into `probe`: folding takes a
        // division, so it waits until `unknown` must move. The unfolded `unknown` is only ever
        // earlier than the true one, so every test against it that passes holds.
        var unfolded: SimTime?
        func fold() {
            guard let arrival = unfolded else { return }
            probe = max(probe, firstPass(after: arrival))
            unknown = firstPass(after: probe + grace)
            unfolded = nil
        }
        let horizon = now + lookAhead(id)
        func count(sent: SimTime, arrival: SimTime?) -> Bool {
            guard sent < horizon else { return false }
            // Sent at the Unknown pass or later it is too late: renewals go after the pass.
            if sent >= unknown {
                fold()
                if sent >= unknown { return false }
            }
            guard let arrival else { return true }
            if arrival >= unknown { fold() }
            if arrival < unknown { unfolded = max(unfolded ?? arrival, arrival) }
            return true
        }
        // Renewals already sent, landed or in flight, count as the upcoming ones do: only if
        // they land before the pass that would turn the node Unknown (a boot's first renewal on
        // a slow link may land after it).
        if api.forEachRecentRenewal(id, before: now, newerThan: health[id.index]!.savedLease, count) {
            fold()
            // The usual quiet node, on a route that loses nothing: the walk would reach its horizon.
            if renewalsKeepReady(id, probe: probe, now: now, api: api) { return firstPass(after: horizon) }
            // A route that may lose renewals: the same bound over every few, looked at alone.
            if let last = everyFewRenewalsKeepReady(id, probe: probe, now: now, horizon: horizon, api: api) { return firstPass(after: last) }
            api.forEachUpcomingRenewal(id, from: now, count)
        }
        fold()
        return min(unknown, firstPass(after: horizon))
    }

    /// Whether the renewals to come, on a route that loses nothing, surely keep the node from
    /// turning Unknown for as long as the route stays: then `revisitPass` need not work them out
    /// one by one (the walk's answer is its horizon). Each renewal is seen by the first pass after
    /// it lands, at most `maxDelay + step` after it was sent, and the next is sent at most `maxGap`
    /// later; so from the pass that could first see the first one, some pass no more than
    /// `maxGap + maxDelay + step` old has seen a renewal, and the node is never more than grace
    /// behind if that sum fits in the grace. Before then, the probe the node has must last.
    func renewalsKeepReady(_ id: NodeID, probe: SimTime, now: SimTime, api: APIServer) -> Bool {
        guard let bound = api.renewalLandingBound(id, from: now), let origin = passOrigin, bound.firstSend >= origin else { return false }
        let step = settings.monitorStep, grace = settings.gracePeriod
        return bound.maxGap + bound.maxDelay + step <= grace && probe + grace >= bound.firstSend + bound.maxDelay + step
    }

    /// `renewalsKeepReady` on a route that may lose renewals (the exact grid only): if landed
    /// renewals follow each other at most `stride` periods apart, with `stride × period +
    /// maxDelay + step` within the grace, the lost ones between cannot turn the node Unknown, so
    /// a chain of such renewals is looked for instead of working every one out (about a third of
    /// them at the defaults, `LeaseRenewalStream.landingChain`). Returns the chain's last send:
    /// the node surely stays Ready through the pass after it, where it is looked at again (a
    /// little before its horizon). nil when no such chain exists: the walk then works the
    /// renewals out one by one.
    func everyFewRenewalsKeepReady(_ id: NodeID, probe: SimTime, now: SimTime, horizon: SimTime, api: APIServer) -> SimTime? {
        // Renewals as events (a node agent takes the kubelet's PUT): nothing to look ahead at.
        guard !api.renewalStreams.isEmpty, let route = api.renewalRoute(id), let origin = passOrigin else { return nil }
        let step = settings.monitorStep, grace = settings.gracePeriod, maxDelay = route.maxDelay
        let period = api.renewalStreams[id.index].period
        let stride = (grace - maxDelay - step).microseconds / period.microseconds
        guard stride >= 2, let lands = api.renewalLandingChain(id, stride: stride, from: now, before: horizon),
              lands.firstSend >= origin, probe + grace >= lands.firstSend + maxDelay + step else { return nil }
        return lands.lastSend
    }

    /// A pass that wrote updates returned late, so every later pass moves on by `extra`: the
    /// buckets were worked out on the old grid. Every quiet node is woken on it (its health record
    /// brought to what every-pass reading would hold, with the passes that really ran), and the
    /// grid starts again where the next pass falls less one step; the next pass reads every node
    /// and parks the quiet ones on the new grid. Only passes that turn nodes Unknown do this.
    mutating func shiftPassGrid(now: SimTime, api: inout APIServer) {
        guard lazy else { return }
        wakeAll(now: now, api: &api)
        deadlineBuckets.removeAll()
        passOrigin = now + settings.extraPassDuration(updates: updatesThisPass)
    }

    static func passIndex(of time: SimTime, origin: SimTime, period: SimTime) -> Int64 {
        (time - origin).microseconds / period.microseconds
    }

    /// Wakes the nodes whose bucket is due; those that heard from their node since go back to sleep.
    mutating func wakeDueNodes(now: SimTime, api: inout APIServer) {
        let index = Self.passIndex(of: now, origin: passOrigin!, period: settings.monitorStep)
        guard let due = deadlineBuckets.removeValue(forKey: index) else { return }
        for raw in due where quiet[Int(raw)] {
            let id = NodeID(Int(raw))
            // The record first: the stream keeps only its newest landed renewal, so a revisit
            // from a probe an hour old would find a gap and wake every quiet node it looks at.
            catchUp(id, now: now, api: &api)
            let pass = revisitPass(id, now: now, api: &api)
            if pass <= now {
                wake(id, now: now, api: &api)
            } else {
                if lookAhead(id) < Self.lookAhead { lookAheadLevel[id.index] += 1 }
                park(id, at: pass)
            }
        }
    }

    /// Brings a quiet node's health record to what every-pass reading would hold, and reads it
    /// on every pass again.
    mutating func wake(_ id: NodeID, now: SimTime, api: inout APIServer) {
        guard quiet[id.index] else { return }
        lookAheadLevel[id.index] = 0
        catchUp(id, now: now, api: &api)
        quiet[id.index] = false
        if !api.nodes[id.index].excludedFromDisruption { quietCountByZone[zoneOfNode[id.index]] -= 1 }
    }

    /// Brings a quiet node's health record to what every-pass reading would hold by now: the
    /// newest lease and heartbeat a pass has read, and the probe of the pass that first saw the
    /// newest of them. A quiet node was Ready at every pass it slept through, so that is all
    /// those passes changed.
    mutating func catchUp(_ id: NodeID, now: SimTime, api: inout APIServer) {
        // Only what a pass has read: a renewal still in flight, or a signal that arrived after
        // the last pass, is for the next pass that runs to see. That is not always the next
        // on the grid: none runs while the API server is down, and the grid moves after a
        // pass that wrote updates.
        // Only the condition's scalars: a copy of the NodeObject retains its labels and taints.
        let heartbeat = api.observeHeartbeat(id, now: now)
        let saved = health[id.index]!
        let node = (readyHeartbeat: heartbeat, readyTransition: api.nodes[id.index].readyTransition, ready: api.nodes[id.index].ready)
        func read(_ arrival: SimTime) -> Bool { lastPassRead.map { arrival < $0 } ?? false }
        var lease = api.observeLease(id, now: now)
        if lease != saved.savedLease && !read(api.leaseArrival[id.index]) { lease = saved.savedLease }
        let heartbeatRead = node.readyHeartbeat == saved.savedHeartbeat || read(node.readyHeartbeat)
        let probe = probe(id, lease: (lease, api.leaseArrival[id.index]),
                          heartbeat: heartbeatRead ? node.readyHeartbeat : saved.savedHeartbeat)
        health[id.index]!.probeTimestamp = probe
        health[id.index]!.savedLease = lease
        if heartbeatRead {
            health[id.index]!.savedHeartbeat = node.readyHeartbeat
            health[id.index]!.savedTransition = node.readyTransition
            health[id.index]!.savedReady = node.ready
        }
    }

    /// Something about the node changed outside a pass, or the world is about to change under
    /// every node (an API outage): read them all again.
    public mutating func nodeChanged(_ id: NodeID, now: SimTime, api: inout APIServer) {
        if lazy { wake(id, now: now, api: &api) }
    }
    public mutating func wakeAll(now: SimTime, api: inout APIServer) {
        guard lazy else { return }
        for index in quiet.indices where quiet[index] { wake(NodeID(index), now: now, api: &api) }
    }
}
