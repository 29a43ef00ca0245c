extension Metrics {
    /// Pod-seconds spent unscheduled, over the scope's pods.
    static func pending(_ report: RunReport, _ history: PodHistory, _ scope: MetricsScope) -> SimTime {
        var total = SimTime.zero
        for pod in report.podNames.indices where scope.pods[pod] {
            let end = history.scheduled[pod] ?? history.deleted[pod] ?? report.duration
            if end > report.podCreated[pod] { total += end - report.podCreated[pod] }
        }
        return total
    }

    /// How many of the unneeded evictions achieved nothing: the replacement (the workload's next
    /// pod created at or after the eviction, each claimed once, in creation order) found no
    /// feasible node when created, or no replacement was created by the end of the run.
    static func stranded(_ unneeded: [PodID], _ report: RunReport, _ history: PodHistory) -> Int {
        guard !unneeded.isEmpty else { return 0 }
        // Each workload's pods in creation order, and how far the claimed ones reach.
        var podsOfWorkload = Array(repeating: [Int](), count: report.workloads.count)
        for pod in report.podNames.indices { podsOfWorkload[report.podWorkloadIndex[pod]].append(pod) }
        var claimed = Array(repeating: false, count: report.podNames.count)
        var stranded = 0
        for evicted in unneeded {
            guard let time = history.evicted[evicted.index] else { continue }
            let candidates = podsOfWorkload[report.podWorkloadIndex[evicted.index]]
            let replacement = candidates.first { pod in pod > evicted.index && !claimed[pod] && report.podCreated[pod] >= time }
            guard let replacement else { stranded += 1; continue }
            claimed[replacement] = true
            if history.scheduled[replacement] != report.podCreated[replacement] { stranded += 1 }
        }
        return stranded
    }
}
