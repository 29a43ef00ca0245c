import EdgeSim
import Foundation

struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Run the fixed benchmark workloads and print events, wall time, events/s and peak memory."
    static let operands = ""
    static var discussion: String {
        "Workloads (release build recommended: swift run -c release edgesim bench):\n"
            + catalogue.map { "  \($0.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n")
    }

    static let workload = Option.repeatable("--workload", "NAME", help: "run only these (repeatable; default: the quick set)")
    static let zoneOutage = Option.value("--zone-outage", "N,Z,H", usage: "NODES,ZONES,HOURS", help: """
        the zone-outage model with other parameters (as bench/compare.sh passes
        them to the SimPy model too)
        """)
    static let all = Option.flag("--all", help: "every workload, the 24 h one included")
    static let jobs = Option.value("--jobs", "N", help: "worker threads for the sweep workload (default 1; the others use one)")
    static let format = Option.value("--format", "F", usage: "table|json", help: "table (default) | json")
    static let list = Option.flag("--list", help: "list the workloads and exit")
    static let options = [workload, zoneOutage, all, jobs, format, list]
    // Today's alignment, kept so that --help prints the same bytes; --zone-outage overflows it.
    static let helpColumn = 18

    struct Entry {
        let name: String
        let summary: String
        let quick: Bool
        let measure: (_ jobs: Int) throws -> Measurement
    }

    /// One workload's figures: the work it did, its wall time, and the outcome counts the
    /// SimPy model prints too (summed over the runs of a sweep).
    struct Measurement {
        var events = 0, wallNanos: UInt64 = 0, taints = 0, untaints = 0, evictions = 0, timelineEvents = 0

        mutating func add(_ report: RunReport) {
            let metrics = Metrics(report)
            events += report.eventsProcessed
            taints += metrics.taintsNoExecute
            untaints += report.timeline.filter {
                if case .taintRemoved(let taint) = $0.kind { return taint.hasSuffix(":NoExecute") }
                return false
            }.count
            evictions += metrics.evictions
            timelineEvents += report.timeline.count
        }
    }

    /// Times one generated scenario, compile excluded.
    static func single(_ name: String, _ scenario: Scenario) throws -> Measurement {
        let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: name, origin: .json))
        let start = DispatchTime.now().uptimeNanoseconds
        // Invariants checked, as `simulate` did: the figures stay comparable with earlier ones.
        let report = try simulateChecked(compiled, budget: .unlimited)
        var measurement = Measurement(wallNanos: DispatchTime.now().uptimeNanoseconds - start)
        measurement.add(report)
        return measurement
    }

    static let sweepScenario = "Scenarios/cdn-flap.scenario"
    static let fleetScenario = "Scenarios/retail-fleet.scenario"

    /// A shipped scenario file, as `edgesim run` runs it (loading and compiling excluded).
    static func file(_ path: String) throws -> Measurement {
        let (scenario, map) = try ScenarioLoader.load(path: path)
        let compiled = try ScenarioRunner(scenario: scenario, sourceMap: map).compileAll()
        let start = DispatchTime.now().uptimeNanoseconds
        var reports: [RunReport] = []
        for run in compiled { reports.append(try simulateChecked(run, budget: .unlimited)) }
        var measurement = Measurement(wallNanos: DispatchTime.now().uptimeNanoseconds - start)
        for report in reports { measurement.add(report) }
        return measurement
    }

    /// The sweep workload: a real scenario file through the sweep runner, as `edgesim sweep`
    /// runs it (loading and planning excluded from the time).
    static func sweep(jobs: Int) throws -> Measurement {
        let (scenario, map) = try ScenarioLoader.load(path: sweepScenario)
        let plan = try SweepPlan(scenario: scenario, sourceMap: map, modes: [.kubernetes, .superedge], seeds: Array(1...100))
        let start = DispatchTime.now().uptimeNanoseconds
        let reports = try SweepRunner.map(plan, indices: Array(0..<plan.count), jobs: jobs, budget: .unlimited) { _, report in
            var one = Measurement()
            one.add(report)
            return one
        }
        var total = Measurement(wallNanos: DispatchTime.now().uptimeNanoseconds - start)
        for one in reports {
            total.events += one.events; total.taints += one.taints; total.untaints += one.untaints
            total.evictions += one.evictions; total.timelineEvents += one.timelineEvents
        }
        return total
    }

    static var catalogue: [Entry] {
        [
            Entry(name: "zone-outage-1000", summary: "1,000 nodes / 10 zones / 1 h (the SimPy model's parameters)", quick: true) { _ in
                try single("zone-outage-1000", BenchWorkload.zoneOutage(nodes: 1_000, zones: 10, hours: 1))
            },
            Entry(name: "zone-outage-10000", summary: "10,000 nodes / 100 zones / 1 h", quick: true) { _ in
                try single("zone-outage-10000", BenchWorkload.zoneOutage(nodes: 10_000, zones: 100, hours: 1))
            },
            Entry(name: "zone-outage-10000-24h", summary: "10,000 nodes / 100 zones / 24 h", quick: false) { _ in
                try single("zone-outage-10000-24h", BenchWorkload.zoneOutage(nodes: 10_000, zones: 100, hours: 24))
            },
            Entry(name: "edge-health-100", summary: "one SuperEdge check set of 100 nodes, 1 h, one node cut off", quick: true) { _ in
                try single("edge-health-100", BenchWorkload.edgeHealth(nodes: 100, hours: 1))
            },
            Entry(name: "edge-health-1000", summary: "one SuperEdge check set of 1,000 nodes, 1 h, one node cut off", quick: false) { _ in
                try single("edge-health-1000", BenchWorkload.edgeHealth(nodes: 1_000, hours: 1))
            },
            Entry(name: "superedge-fleet", summary: "SuperEdge: 2,000 nodes in 40 sites of 50 (a check set each), 1 h, a site cut 10 min",
                  quick: false) { _ in
                try single("superedge-fleet", BenchWorkload.fleet(mode: .superedge, sites: 40, nodesPerSite: 50, hours: 1))
            },
            Entry(name: "openyurt-fleet", summary: "OpenYurt: 2,000 nodes in 40 pools of 50 with coordinators, 1 h, a pool cut 10 min",
                  quick: false) { _ in
                try single("openyurt-fleet", BenchWorkload.fleet(mode: .openyurt, sites: 40, nodesPerSite: 50, hours: 1))
            },
            Entry(name: "openyurt-fleet-10000-24h", summary: "OpenYurt: 10,000 nodes in 200 pools of 50 with coordinators, 24 h (the target)",
                  quick: false) { _ in
                try single("openyurt-fleet-10000-24h", BenchWorkload.fleet(mode: .openyurt, sites: 200, nodesPerSite: 50, hours: 24))
            },
            Entry(name: "kubeedge-fleet", summary: "KubeEdge: 2,000 nodes in 40 sites of 50, 1 h, a site cut 10 min",
                  quick: false) { _ in
                try single("kubeedge-fleet", BenchWorkload.fleet(mode: .kubeedge, sites: 40, nodesPerSite: 50, hours: 1))
            },
            Entry(name: "kubernetes-100k", summary: "Kubernetes: 100,000 nodes / 1,000 zones / 1,000,000 pods / 24 h, zone 0 cut",
                  quick: false) { _ in
                try single("kubernetes-100k", BenchWorkload.zoneOutage(nodes: 100_000, zones: 1_000, hours: 24, podsPerNode: 10))
            },
            Entry(name: "retail-fleet", summary: "Scenarios/retail-fleet.scenario: 750 nodes in 300 stores, 24 h of random faults",
                  quick: true) { _ in
                try file(fleetScenario)
            },
            Entry(name: "sweep", summary: "200 runs of Scenarios/cdn-flap.scenario: kubernetes and superedge x seeds 1-100, on --jobs threads",
                  quick: true) { jobs in
                try sweep(jobs: jobs)
            },
        ]
    }

    var names: [String]
    var custom: (nodes: Int, zones: Int, hours: Int)?
    var all: Bool
    var jobs: Int
    var json: Bool
    var list: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        names = arguments.values(Self.workload)
        if let text = arguments.value(Self.zoneOutage) {
            let parts = text.split(separator: ",").compactMap { Int($0) }
            guard parts.count == 3, parts[0] >= 1, parts[0] <= 100_000, parts[1] >= 1, parts[1] <= parts[0], parts[2] >= 1, parts[2] <= 24 * 30 else {
                throw UsageError(message: "--zone-outage expects NODES,ZONES,HOURS (1-100000 nodes, zones <= nodes, 1-720 hours), got \"\(text)\"")
            }
            custom = (parts[0], parts[1], parts[2])
        }
        all = arguments.flag(Self.all)
        list = arguments.flag(Self.list)
        let jobsText = arguments.value(Self.jobs) ?? "1"
        guard let jobs = Int(jobsText), (1...256).contains(jobs) else {
            throw UsageError(message: "--jobs expects a number of threads from 1 to 256, got \"\(jobsText)\"")
        }
        self.jobs = jobs
        let format = arguments.value(Self.format) ?? "table"
        guard format == "table" || format == "json" else { throw UsageError(message: "--format expects table or json, got \"\(format)\"") }
        json = format == "json"
        let known = Self.catalogue.map(\.name)
        for name in names where !known.contains(name) {
            throw UsageError(message: "unknown workload \"\(name)\"" + NearMiss.hint(for: name, among: known) + "; see --list")
        }
        if let extra = arguments.operands.first { throw UsageError(message: "unexpected argument \"\(extra)\"") }
    }

    /// The workloads the options pick: the quick set, every one (`--all`) or the ones named,
    /// and the `--zone-outage` model (alone unless others are asked for).
    var chosen: [Entry] {
        let picked = Self.catalogue.filter { names.isEmpty ? (all || $0.quick) : names.contains($0.name) }
        guard let custom else { return picked }
        let name = "zone-outage-\(custom.nodes)-\(custom.zones)-\(custom.hours)h"
        return (names.isEmpty && !all ? [] : picked) + [Entry(name: name, summary: "", quick: false) { _ in
            try Self.single(name, BenchWorkload.zoneOutage(nodes: custom.nodes, zones: custom.zones, hours: custom.hours))
        }]
    }

    func validate() throws(UsageError) {
        for (workload, path) in [("sweep", Self.sweepScenario), ("retail-fleet", Self.fleetScenario)]
            where !list && chosen.contains(where: { $0.name == workload }) && !FileManager.default.fileExists(atPath: path) {
            throw UsageError(message: "the \(workload) workload reads \(path): run edgesim bench from the repository's top folder")
        }
    }

    func run() throws -> Int32 {
        if list {
            printOut(Self.catalogue.map { "\($0.name)\t\($0.summary)" }.joined(separator: "\n") + "\n")
            return 0
        }
        if !json { printOut("workload                   events        wall_s   events_per_s   max_rss_mib  taints untaints evictions\n") }
        var objects: [String] = []
        for entry in chosen {
            let row = Self.row(entry.name, try entry.measure(jobs), json: json)
            if json { objects.append(row) } else { printOut(row) }
        }
        if json { printOut(objects.joined(separator: "\n") + "\n") }
        return 0
    }

    /// One workload's figures, peak memory so far included: a JSON object, or a table line.
    static func row(_ name: String, _ measurement: Measurement, json: Bool) -> String {
        let rss = maxResidentMiB()
        let wall = Double(measurement.wallNanos) / 1e9
        let rate = wall > 0 ? Double(measurement.events) / wall : 0
        guard json else {
            return name.padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: " %12d %12.3f %14.0f %13.1f %7d %8d %9d\n", measurement.events, wall, rate, rss,
                         measurement.taints, measurement.untaints, measurement.evictions)
        }
        var object = JSONObject()
        object.add("events", int: Int64(measurement.events))
        object.add("events_per_s", raw: String(format: "%.0f", rate))
        object.add("evictions", int: Int64(measurement.evictions))
        object.add("max_rss_mib", raw: String(format: "%.1f", rss))
        object.add("taints", int: Int64(measurement.taints))
        object.add("timeline_events", int: Int64(measurement.timelineEvents))
        object.add("untaints", int: Int64(measurement.untaints))
        object.add("wall_s", raw: String(format: "%.3f", wall))
        object.add("workload", string: name)
        return object.text
    }

    /// Peak resident set of this process so far. On Linux from /proc/self/status (VmHWM),
    /// because getrusage's ru_maxrss survives exec: under `swift run` it reported the build
    /// tool's own peak (116 MiB) instead of ours. Elsewhere ru_maxrss (KiB on Linux, bytes on
    /// Darwin).
    static func maxResidentMiB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kib / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #if canImport(Darwin)
        return Double(usage.ru_maxrss) / 1_048_576
        #else
        return Double(usage.ru_maxrss) / 1024
        #endif
    }
}
