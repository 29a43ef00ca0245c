import Foundation

/// A timeline recorded against a real control plane by `conformance/driver.py`: a header line
/// (the scenario, variant and seed it played, the Kubernetes version and flags, the monitor
/// loop's measured phase), then one event per line in edgesim's JSONL format (`time_us` from
/// the driver's start instant, the same event names and fields as `run --format jsonl`).
public struct ConformanceRecording: Sendable {
    public var file: String
    public var scenario: String
    public var variant: String?
    public var seed: UInt64
    /// What the control plane reported (`/version` gitVersion), e.g. `v1.29.6+a4c63ec4`.
    public var kubernetesVersion: String
    /// When the real controller-manager's monitor passes fall, as edgesim's `node-monitor-phase`.
    public var monitorPhase: SimTime
    /// The kubelet lease jitter of the plan the driver played (`lease-renew-jitter` in
    /// millionths). Recordings made before plans carried it were played on the exact grid: 0.
    public var leaseRenewJitterPPM: Int64 = 0
    public var events: [ConformanceEvent]

    /// The header's fields, raw, for reports (flags, driver, warm-up).
    public var headerLine: String

    public static func load(path: String) throws(ScenarioError) -> ConformanceRecording {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, location: "", message: "cannot read the recording")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, location: "", message: "expected UTF-8 JSONL")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ScenarioError) -> ConformanceRecording {
        var recording: ConformanceRecording?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let lineNumber = index + 1
            do throws(ScenarioError) {
                let value = try JSONValue.parse(Data(trimmed.utf8), file: file)
                if recording == nil {
                    recording = try header(value, file: file, line: String(trimmed))
                } else {
                    recording!.events.append(try ConformanceEvent(value))
                }
            } catch {
                let path = error.location.isEmpty ? "" : " (\(error.location))"
                throw ScenarioError(file: file, location: "\(lineNumber):1", message: error.message + path)
            }
        }
        guard let recording else { throw ScenarioError(file: file, location: "", message: "empty recording: expected a header line") }
        return recording
    }

    private static func header(_ value: JSONValue, file: String, line: String) throws(ScenarioError) -> ConformanceRecording {
        guard try value.optionalString("recording") == "header" else {
            throw value.fail("expected the header line first ({\"recording\":\"header\",...})")
        }
        let seed = try whole(value.field("seed"))
        guard seed >= 0 else { throw value.fail("expected a seed of 0 or more") }
        let phase = try whole(value.field("node_monitor_phase_us"))
        guard phase >= 0 else { throw value.fail("expected node_monitor_phase_us of 0 or more") }
        var recording = ConformanceRecording(file: file, scenario: try value.field("scenario").string(), variant: try value.optionalString("variant"),
                                             seed: UInt64(seed), kubernetesVersion: try value.field("kubernetes_version").string(),
                                             monitorPhase: .microseconds(phase), events: [], headerLine: line)
        if let jitter = try value.optionalField("lease_renew_jitter_ppm") {
            let ppm = try whole(jitter)
            guard (0...1_000_000).contains(ppm) else { throw value.fail("expected lease_renew_jitter_ppm from 0 to 1000000") }
            recording.leaseRenewJitterPPM = ppm
        }
        return recording
    }
}

/// A whole number. (`JSONValue.integer` refuses 0 and 1 on Linux, where JSONSerialization's
/// NSNumber for them also casts to Bool; a JSON `true` is told apart by its type code.)
func whole(_ value: JSONValue) throws(ScenarioError) -> Int64 {
    if let number = value.value as? NSNumber, String(cString: number.objCType) != "c",
       number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 9e18 {
        return number.int64Value
    }
    throw value.fail("expected a whole number")
}

/// One event of a timeline, real or simulated, with what identifies it apart from its pod's
/// name (pods are named differently on the two sides): its node, workload and detail.
public struct ConformanceEvent: Sendable, Equatable {
    public var time: SimTime
    public var event: String
    public var node: String?
    public var pod: String?
    public var workload: String?
    /// The event's own detail: a taint, a Ready status, a service, `zone=state`, a fault's text
    /// and phase.
    public var detail: String

    public init(time: SimTime, event: String, node: String?, pod: String?, workload: String?, detail: String) {
        self.time = time; self.event = event; self.node = node; self.pod = pod; self.workload = workload; self.detail = detail
    }

    init(_ value: JSONValue) throws(ScenarioError) {
        event = try value.field("event").string()
        guard TimelineEvent.names.contains(event) else {
            throw value.fail("unknown event \(quoted(event)): expected one of edgesim's event names")
        }
        if let micros = try value.optionalField("time_us") {
            time = .microseconds(try whole(micros))
        } else {
            time = .milliseconds(try whole(value.field("time_ms")))
        }
        node = try value.optionalString("node")
        pod = try value.optionalString("pod")
        workload = try value.optionalString("workload")
        detail = try Self.detail(event, value)
    }

    static func detail(_ event: String, _ value: JSONValue) throws(ScenarioError) -> String {
        switch event {
        case "node-ready-changed": return try value.field("status").string()
        case "taint-added", "taint-removed": return try value.field("taint").string()
        case "endpoint-added", "endpoint-removed": return try value.field("service").string()
        case "zone-state-changed": return try value.field("zone").string() + "=" + value.field("state").string()
        case "fault": return try value.field("fault").string() + " " + value.field("phase").string()
        default: return ""
        }
    }

    /// What pairs a real event with a simulated one: everything but the time and pod name.
    var key: String { [event, node ?? "", workload ?? "", detail].joined(separator: "|") }
}
