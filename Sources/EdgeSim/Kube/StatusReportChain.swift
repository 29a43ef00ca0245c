/// A steady kubelet's periodic status reports kept as a rule instead of as events — an
/// optimisation, not upstream behaviour.
///
/// k8s: kubelet tryUpdateNodeStatus posts an unchanged status once nodeStatusReportFrequency
/// (5 m) has passed since its last post; its status loop ticks every
/// nodeStatusUpdateFrequency (10 s). A kubelet with nothing else to sync posts only these
/// reports, and each does nothing but move the Ready condition's heartbeat: so while nothing
/// about the node changes (any change wakes the kubelet and ends the chain, as does any fault),
/// the reports follow from the kubelet's status stream and its route alone. The report due at
/// tick t goes at t; if it lands at a, the next goes at the first tick at or after both
/// t + period and a + report frequency; if it is lost, at t + period. The route must carry every
/// report within a period, so a report lands before the next tick (as it does on the event
/// path, where the tick after a post finds nothing to do). Ticks and arrivals of status syncs
/// are late events, so a reader at an instant sees exactly the reports that landed strictly
/// before it, here and on the event path.
///
/// A reader of the heartbeat (`APIServer.observeHeartbeat`) works the chain out to its instant;
/// the cluster hands what is left back to the event path when the chain ends
/// (`Cluster.endStatusChain`). `LazyKubeletEquivalenceTests` holds the two to the same bytes.
struct StatusReportChain: Sendable {
    /// The kubelet's node.
    let node: NodeID
    /// The kubelet's status stream, drawn in the order the event path draws it.
    var random: SeededRandom
    /// The route every report takes while the chain lasts.
    let route: RouteProfile
    let period: SimTime
    let reportFrequency: SimTime
    /// The kubelet's status tick grid: ticks fall at `origin + k × period`.
    let origin: SimTime
    /// The next report's tick, when none is in flight.
    private(set) var nextSend: SimTime
    /// The report on its way: when it was sent and when it lands.
    private(set) var inFlight: (sent: SimTime, arrival: SimTime)?
    /// The tick a period after the last report that landed: the event path runs it and finds
    /// nothing to do (see `pending`).
    private var idleTick: SimTime?
    /// The kubelet's own record of its last post that landed.
    private(set) var lastReport: SimTime
    /// The newest heartbeat landed and not yet handed to the API server.
    private var landed: SimTime?
    /// Reports lost on the way, for the message metrics (none is refused: the chain starts
    /// only on a route that connects, and ends at any change of it).
    private(set) var lost = 0

    /// Whether reports on `route` can be worked out as a chain: each lands within a period.
    static func carries(_ route: RouteProfile, period: SimTime) -> Bool { route.maxDelay < period }

    /// A chain whose first report goes at `tick` (the status tick being handled).
    init(node: NodeID, random: SeededRandom, route: RouteProfile, settings: KubeletSettings, origin: SimTime, tick: SimTime, lastReport: SimTime) {
        self.node = node; self.random = random; self.route = route; self.origin = origin; self.lastReport = lastReport
        period = settings.statusUpdateFrequency
        reportFrequency = settings.statusReportFrequency
        nextSend = tick
    }

    /// Works out every send and landing strictly before `time` (a send or a landing at `time`
    /// itself is a late event that has not happened yet). Returns the newest heartbeat landed
    /// since the last call.
    mutating func advance(before time: SimTime) -> SimTime? {
        while true {
            if let report = inFlight {
                guard report.arrival < time else { break }
                inFlight = nil
                idleTick = report.sent + period
                landed = report.arrival
                lastReport = report.arrival
                nextSend = firstTick(atOrAfter: max(report.sent + period, report.arrival + reportFrequency))
            } else {
                guard nextSend < time else { break }
                if let delay = route.delay(drawingFrom: &random) {
                    inFlight = (nextSend, nextSend + delay)
                } else {
                    lost += 1
                    nextSend = nextSend + period
                }
            }
        }
        defer { landed = nil }
        return landed
    }

    /// The first status tick at or after `time` (see `Kubelet.nextStatusTick`).
    private func firstTick(atOrAfter time: SimTime) -> SimTime {
        guard time > origin else { return origin }
        let steps = ((time - origin).microseconds + period.microseconds - 1) / period.microseconds
        return origin + SimTime(microseconds: steps * period.microseconds)
    }

    /// What the event path would have queued at `time`, once worked out to it: the report in
    /// flight, if any, and the kubelet's next status tick. After a report lands the event path
    /// still runs the tick a period after its send, which finds nothing to do; so the next
    /// tick is that one while it is still to come.
    func pending(at time: SimTime) -> (arrival: SimTime?, tick: SimTime) {
        if let report = inFlight { return (report.arrival, report.sent + period) }
        if let idleTick, idleTick >= time { return (nil, idleTick) }
        return (nil, nextSend)
    }
}
