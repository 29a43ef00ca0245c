import EdgeSim
import Foundation

struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Run the fixed benchmark workloads and print events, wall time, events/s and peak memory."
    static let usage = "edgesim bench [--workload NAME]... [--zone-outage NODES,ZONES,HOURS] [--all] [--format table|json] [--list]"
    static let help = """
    Workloads (release build recommended: swift run -c release edgesim bench):
    \(BenchCommand.catalogue.map { "  \($0.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))

    OPTIONS:
      --workload NAME   run only these (repeatable; default: the quick set)
      --all             every workload, the 24 h one included
      --zone-outage N,Z,H   the zone-outage model with other parameters (as bench/compare.sh passes
                        them to the SimPy model too)
      --format F        table (default) | json
      --list            list the workloads and exit
    """

    struct Entry {
        let name: String
        let summary: String
        let quick: Bool
        let make: () -> [Scenario]
    }

    static var catalogue: [Entry] {
        [
            Entry(name: "zone-outage-1000", summary: "1,000 nodes / 10 zones / 1 h (the SimPy model's parameters)", quick: true) {
                [BenchWorkload.zoneOutage(nodes: 1_000, zones: 10, hours: 1)]
            },
            Entry(name: "zone-outage-10000", summary: "10,000 nodes / 100 zones / 1 h", quick: true) {
                [BenchWorkload.zoneOutage(nodes: 10_000, zones: 100, hours: 1)]
            },
            Entry(name: "zone-outage-10000-24h", summary: "10,000 nodes / 100 zones / 24 h", quick: false) {
                [BenchWorkload.zoneOutage(nodes: 10_000, zones: 100, hours: 24)]
            },
            Entry(name: "edge-health-100", summary: "one SuperEdge check set of 100 nodes, 1 h, one node cut off", quick: true) {
                [BenchWorkload.edgeHealth(nodes: 100, hours: 1)]
            },
            Entry(name: "edge-health-1000", summary: "one SuperEdge check set of 1,000 nodes, 1 h, one node cut off", quick: false) {
                [BenchWorkload.edgeHealth(nodes: 1_000, hours: 1)]
            },
        ]
    }

    var names: [String]
    var custom: (nodes: Int, zones: Int, hours: Int)?
    var all: Bool
    var json: Bool
    var list: Bool

    init(_ arguments: inout Arguments) throws(UsageError) {
        names = try arguments.options("--workload")
        if let text = try arguments.option("--zone-outage") {
            let parts = text.split(separator: ",").compactMap { Int($0) }
            guard parts.count == 3, parts[0] >= 1, parts[0] <= 100_000, parts[1] >= 1, parts[1] <= parts[0], parts[2] >= 1, parts[2] <= 24 * 30 else {
                throw UsageError(message: "--zone-outage expects NODES,ZONES,HOURS (1-100000 nodes, zones <= nodes, 1-720 hours), got \"\(text)\"")
            }
            custom = (parts[0], parts[1], parts[2])
        }
        all = arguments.flag("--all")
        list = arguments.flag("--list")
        let format = try arguments.option("--format") ?? "table"
        guard format == "table" || format == "json" else { throw UsageError(message: "--format expects table or json, got \"\(format)\"") }
        json = format == "json"
        let known = Self.catalogue.map(\.name)
        for name in names where !known.contains(name) {
            throw UsageError(message: "unknown workload \"\(name)\"" + NearMiss.hint(for: name, among: known) + "; see --list")
        }
        _ = try arguments.positionals(known: ["--workload", "--zone-outage", "--all", "--format", "--list", "--help"])
    }

    func run() throws -> Int32 {
        if list {
            printOut(Self.catalogue.map { "\($0.name)\t\($0.summary)" }.joined(separator: "\n") + "\n")
            return 0
        }
        var chosen = Self.catalogue.filter { names.isEmpty ? (all || $0.quick) : names.contains($0.name) }
        if let custom {
            let name = "zone-outage-\(custom.nodes)-\(custom.zones)-\(custom.hours)h"
            chosen = (names.isEmpty && !all ? [] : chosen) + [Entry(name: name, summary: "", quick: false) {
                [BenchWorkload.zoneOutage(nodes: custom.nodes, zones: custom.zones, hours: custom.hours)]
            }]
        }
        if !json { printOut("workload                   events        wall_s   events_per_s   max_rss_mib  taints untaints evictions\n") }
        var objects: [String] = []
        for entry in chosen {
            for scenario in entry.make() {
                let compiled = try ScenarioCompiler.compile(scenario, sourceMap: SourceMap(file: entry.name, origin: .json))
                let start = DispatchTime.now().uptimeNanoseconds
                let report = simulate(compiled)
                let wallNanos = DispatchTime.now().uptimeNanoseconds - start
                let metrics = Metrics(report)
                let untaints = report.timeline.filter {
                    if case .taintRemoved(let t) = $0.kind { return t.hasSuffix(":NoExecute") }
                    return false
                }.count
                let rss = Self.maxResidentMiB()
                let wall = Double(wallNanos) / 1e9
                let rate = wall > 0 ? Double(report.eventsProcessed) / wall : 0
                if json {
                    var object = JSONObject()
                    object.add("events", int: Int64(report.eventsProcessed))
                    object.add("events_per_s", raw: String(format: "%.0f", rate))
                    object.add("evictions", int: Int64(metrics.evictions))
                    object.add("max_rss_mib", raw: String(format: "%.1f", rss))
                    object.add("taints", int: Int64(metrics.taintsNoExecute))
                    object.add("timeline_events", int: Int64(report.timeline.count))
                    object.add("untaints", int: Int64(untaints))
                    object.add("wall_s", raw: String(format: "%.3f", wall))
                    object.add("workload", string: entry.name)
                    objects.append(object.text)
                } else {
                    printOut(entry.name.padding(toLength: 26, withPad: " ", startingAt: 0)
                             + String(format: " %12d %12.3f %14.0f %13.1f %7d %8d %9d\n", report.eventsProcessed, wall, rate, rss,
                                      metrics.taintsNoExecute, untaints, metrics.evictions))
                }
            }
        }
        if json { printOut(objects.joined(separator: "\n") + "\n") }
        return 0
    }

    /// Peak resident set of this process so far (getrusage's ru_maxrss is in KiB on Linux).
    static func maxResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
