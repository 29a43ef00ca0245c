extension RunReport {
    /// A report written by hand, for tests of what is computed from a report (metrics,
    /// renderers): every field given, none simulated. Nodes sit in zone `z` and site `s` unless told.
    init(duration: SimTime, timeline: [TimelineEvent], nodeNames: [String], siteOfNode: [String]? = nil,
         nodeLabels: [[String: String]]? = nil, podNames: [String], podWorkloadIndex: [Int], podCreated: [SimTime],
         workloads: [(name: String, kind: WorkloadKind, eligibleNodes: [NodeID]?)],
         services: [(name: String, desired: Int)] = [], serviceWorkloads: [Int] = [],
         powerSpans: [PowerSpan] = [], unnecessaryEvictionPods: [PodID] = []) {
        scenario = "hand-built"
        variant = nil
        mode = .kubernetes
        kubernetesVersion = .newest
        seed = 0
        self.duration = duration
        self.timeline = timeline
        timelineCount = timeline.count
        folded = nil
        subjectWidth = max(9, nodeNames.map(\.count).max() ?? 0, TimelineRenderer.longestFaultSubject(timeline))
        self.nodeNames = nodeNames
        self.podNames = podNames
        podWorkloads = podWorkloadIndex.map { workloads[$0].name }
        self.podWorkloadIndex = podWorkloadIndex
        self.podCreated = podCreated
        self.workloads = workloads
        self.nodeLabels = nodeLabels ?? nodeNames.map { _ in [:] }
        self.services = services
        self.serviceWorkloads = serviceWorkloads
        zoneOfNode = nodeNames.map { _ in "z" }
        self.siteOfNode = siteOfNode ?? nodeNames.map { _ in "s" }
        self.powerSpans = powerSpans
        // In time order; a span's power-off before its power-on at the same instant.
        powerChanges = powerSpans.flatMap { span in
            [PowerChange(node: span.node, time: span.off, powered: false)]
                + (span.on.map { [PowerChange(node: span.node, time: $0, powered: true)] } ?? [])
        }.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        faultSpans = []
        expectations = []
        expectationIndices = []
        scenarioExpectationCount = 0
        eventsProcessed = 0
        messagesDropped = 0
        messagesLost = 0
        self.unnecessaryEvictionPods = unnecessaryEvictionPods
        traffic = nil
        causeHolds = []
    }
}
