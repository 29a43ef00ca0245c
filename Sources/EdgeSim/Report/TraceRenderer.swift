/// The timeline as Chrome trace-event JSON (`{"traceEvents":[...]}`), which Perfetto and
/// chrome://tracing open. One process per run; in it a `cluster` track (zone states, API
/// server faults), then per node a track with its events as instants and its not-Ready
/// stretches as complete ("X") slices, followed by one track per overlapping layer of the
/// faults that hit it (slices on one track must nest, and a fault and a Ready=Unknown stretch
/// overlap without nesting). Each event with a recorded cause gets a flow arrow from it
/// (`Cause`). Timestamps are the run's microseconds, written as integers.
public enum TraceRenderer {
    public static func render(_ reports: [RunReport]) -> String {
        var events: [String] = []
        for (offset, report) in reports.enumerated() { events += self.events(report, pid: offset + 1) }
        return "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n" + events.joined(separator: ",\n") + "\n]}\n"
    }

    /// Track IDs: 0 is the cluster; node i has `nodeTrack(i)` and its fault layers follow it.
    static func nodeTrack(_ node: Int) -> Int { (node + 1) * 16 }
    static let maxFaultLayers = 15

    static func events(_ report: RunReport, pid: Int) -> [String] {
        var out: [String] = []
        var title = "\(report.scenario) mode \(report.mode.rawValue) seed \(report.seed)"
        if let variant = report.variant { title += " variant \(variant)" }
        out.append(metadata("process_name", pid: pid, tid: 0, name: title))
        out.append(metadata("thread_name", pid: pid, tid: 0, name: "cluster"))
        out.append(sortIndex(pid: pid, tid: 0, index: 0))
        for (index, name) in report.nodeNames.enumerated() {
            let zone = report.zoneOfNode[index].isEmpty ? "" : " (\(report.zoneOfNode[index])/\(report.siteOfNode[index]))"
            out.append(metadata("thread_name", pid: pid, tid: nodeTrack(index), name: name + zone))
            out.append(sortIndex(pid: pid, tid: nodeTrack(index), index: nodeTrack(index)))
        }
        // Faults: per node, each on the first layer where it does not overlap an earlier one.
        var layers = Array(repeating: [SimTime](), count: report.nodeNames.count)
        for span in report.faultSpans {
            let end = span.end ?? report.duration
            let args = [("fault", span.text)]
            if span.nodes.isEmpty {
                out.append(slice(span.kind.rawValue, pid: pid, tid: 0, start: span.start, end: end, category: "fault", args: args))
            }
            for node in span.nodes {
                var layer = layers[node.index].firstIndex { $0 <= span.start } ?? layers[node.index].count
                layer = min(layer, maxFaultLayers - 1)
                if layer == layers[node.index].count {
                    layers[node.index].append(end)
                    let tid = nodeTrack(node.index) + 1 + layer
                    out.append(metadata("thread_name", pid: pid, tid: tid, name: report.nodeNames[node.index] + " faults" + (layer == 0 ? "" : " \(layer + 1)")))
                    out.append(sortIndex(pid: pid, tid: tid, index: tid))
                } else {
                    layers[node.index][layer] = max(layers[node.index][layer], end)
                }
                out.append(slice(span.kind.rawValue, pid: pid, tid: nodeTrack(node.index) + 1 + layer, start: span.start, end: end,
                                 category: "fault", args: args))
            }
        }
        for span in ReadySpan.spans(report) {
            out.append(slice("Ready=\(span.status.rawValue)", pid: pid, tid: nodeTrack(span.node.index), start: span.start, end: span.end,
                             category: "node", args: []))
        }
        for (index, event) in report.timeline.enumerated() {
            out += flow(to: index, report, pid: pid)
            var args: [(String, String)] = []
            if let pod = report.podName(event.pod) { args.append(("pod", pod)) }
            let tid = event.node.map { nodeTrack($0.index) } ?? 0
            switch event.kind {
            case .fault(let subject, let description, let phase):
                args += [("fault", description), ("phase", phase.rawValue), ("subject", subject)]
            case .zoneStateChanged(let zone, let state): args += [("state", state.rawValue), ("zone", zone)]
            case .nodeReadyChanged(let status): args.append(("status", status.rawValue))
            case .taintAdded(let taint), .taintRemoved(let taint): args.append(("taint", taint))
            case .endpointAdded(let service), .endpointRemoved(let service): args.append(("service", service))
            default: break
            }
            var object = JSONObject()
            object.add("args", raw: arguments(args.sorted { $0.0 < $1.0 }))
            object.add("cat", string: event.node == nil ? "cluster" : "node")
            object.add("name", string: event.name)
            object.add("ph", string: "i")
            object.add("pid", int: Int64(pid))
            object.add("s", string: "t")
            object.add("tid", int: Int64(tid))
            object.add("ts", int: event.time.microseconds)
            out.append(object.text)
        }
        return out
    }

    /// A flow arrow from the event's cause to it (`Cause.event`), named after the rule that
    /// fired: a start ("s") on the cause's track and a finish ("f") bound to the effect.
    static func flow(to index: Int, _ report: RunReport, pid: Int) -> [String] {
        let event = report.timeline[index]
        let source = Int(event.cause.event)
        guard source >= 0, source < index else { return [] }
        let cause = report.timeline[source]
        return [(cause, "s"), (event, "f")].map { end, phase in
            var object = JSONObject()
            if phase == "f" { object.add("bp", string: "e") }
            object.add("cat", string: "cause")
            object.add("id", int: Int64(index))
            object.add("name", string: "\(event.cause.rule)")
            object.add("ph", string: phase)
            object.add("pid", int: Int64(pid))
            object.add("tid", int: Int64(end.node.map { nodeTrack($0.index) } ?? 0))
            object.add("ts", int: end.time.microseconds)
            return object.text
        }
    }

    static func metadata(_ kind: String, pid: Int, tid: Int, name: String) -> String {
        var object = JSONObject()
        object.add("args", raw: arguments([("name", name)]))
        object.add("name", string: kind)
        object.add("ph", string: "M")
        object.add("pid", int: Int64(pid))
        object.add("tid", int: Int64(tid))
        return object.text
    }

    static func sortIndex(pid: Int, tid: Int, index: Int) -> String {
        var object = JSONObject()
        object.add("args", raw: "{\"sort_index\":\(index)}")
        object.add("name", string: "thread_sort_index")
        object.add("ph", string: "M")
        object.add("pid", int: Int64(pid))
        object.add("tid", int: Int64(tid))
        return object.text
    }

    static func slice(_ name: String, pid: Int, tid: Int, start: SimTime, end: SimTime, category: String, args: [(String, String)]) -> String {
        var object = JSONObject()
        object.add("args", raw: arguments(args))
        object.add("cat", string: category)
        object.add("dur", int: (end - start).microseconds)
        object.add("name", string: name)
        object.add("ph", string: "X")
        object.add("pid", int: Int64(pid))
        object.add("tid", int: Int64(tid))
        object.add("ts", int: start.microseconds)
        return object.text
    }

    static func arguments(_ pairs: [(String, String)]) -> String {
        var object = JSONObject()
        for (key, value) in pairs { object.add(key, string: value) }
        return object.text
    }
}
