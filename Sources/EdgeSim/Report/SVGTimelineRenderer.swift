/// The timeline as a self-contained SVG a person can read: one lane per node, grouped by zone
/// and site; shaded spans for the faults that hit a node (its power, its links, DROP rules),
/// a band while its Ready condition is not True, markers for taints, evictions, endpoint
/// changes and restarts; a legend and a time axis in minutes. Zone headers are shaded while the
/// zone is disrupted. Beyond `collapseAbove` nodes, nodes that never changed fold into one
/// summary lane per zone. Every coordinate is an integer: the same bytes on every machine.
public enum SVGTimelineRenderer {
    /// The run's numbers as the picture's header states them: evictions (and how many were
    /// unneeded or achieved nothing), endpoints short and black-holed, Pending time, and what
    /// happened to dead nodes — never "evicted after" for a node that was not.
    static func headline(_ metrics: Metrics) -> [String] {
        var parts = ["evictions \(metrics.evictions) (unnecessary \(metrics.unnecessaryEvictions)"
                     + (metrics.evictionsStranded > 0 ? ", stranded \(metrics.evictionsStranded))" : ")"),
                     "endpoints short \(metrics.endpointUnavailable.secondsText)s"]
        if metrics.blackholedEndpoint > .zero { parts.append("black-holed \(metrics.blackholedEndpoint.secondsText)s") }
        if metrics.podsPending > .zero { parts.append("pods pending \(metrics.podsPending.secondsText)s") }
        if let longest = metrics.timeToEvictDead {
            parts.append(metrics.deadNodesNeverEvicted > 0
                ? "\(metrics.deadNodesNeverEvicted) of \(metrics.deadNodes) dead nodes never evicted (≥ \(longest.secondsText)s)"
                : "dead nodes evicted (or back) within \(longest.secondsText)s")
        }
        return parts
    }

    public static let collapseAbove = 50

    static let width = 1200
    static let plotLeft = 190
    static let plotRight = 1170
    static var plotWidth: Int { plotRight - plotLeft }

    /// Several runs (variants) stacked, each with its own title, legend and axis.
    public static func render(_ reports: [RunReport]) -> String {
        var body = ""
        var y = 0
        for (offset, report) in reports.enumerated() {
            let section = Section(report, legend: offset == 0)
            body += "<g transform=\"translate(0,\(y))\">\n" + section.text + "</g>\n"
            y += section.height
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(y)\" viewBox=\"0 0 \(width) \(y)\" "
            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
            + "<rect width=\"\(width)\" height=\"\(y)\" fill=\"#ffffff\"/>\n" + body + "</svg>\n"
    }

    public static func render(_ report: RunReport) -> String { render([report]) }

    // MARK: - Colours and marks

    enum Palette {
        static let powerOff = "#495057", cut = "#e8590c", drop = "#7048e8", degraded = "#f59f00", apiServer = "#c92a2a"
        static let unknown = "#fab005", notReady = "#e03131"
        static let noExecute = "#c92a2a", noSchedule = "#f08c00", untaint = "#2b8a3e"
        static let evicted = "#000000", endpoint = "#1c7ed6", restarted = "#2b8a3e", scheduled = "#2b8a3e"
        static let partial = "#ffe8cc", full = "#ffc9c9", userTaint = "#0c8599", kubelet = "#9c36b5"
        static let absent = "#adb5bd"
        static let grid = "#dee2e6", laneEven = "#f8f9fa", text = "#212529", muted = "#868e96"
    }

    /// A span's colour and opacity, by its verb's shading.
    static func faultColor(_ kind: FaultSpan.Kind) -> (String, String) {
        guard let shading = kind.shading else { preconditionFailure("\(kind.word) makes no fault span") }
        return faultColor(shading)
    }

    static func faultColor(_ shading: FaultShading) -> (String, String) {
        switch shading {
        case .power: (Palette.powerOff, "0.45")
        case .linkCut: (Palette.cut, "0.35")
        case .drop: (Palette.drop, "0.35")
        case .degraded: (Palette.degraded, "0.35")
        case .apiServer: (Palette.apiServer, "0.15")
        case .userTaint: (Palette.userTaint, "0.25")
        case .kubelet: (Palette.kubelet, "0.3")
        case .absent: (Palette.absent, "0.5")
        }
    }

    /// What the legend calls each shading.
    static func legend(_ shading: FaultShading) -> String {
        switch shading {
        case .power: "power off"
        case .linkCut: "link cut"
        case .drop: "DROP rule"
        case .degraded: "loss / latency / flap"
        case .apiServer: "API server down"
        case .userTaint: "taint / cordon / drain (kubectl)"
        case .kubelet: "kubelet stopped / reports a condition"
        case .absent: "no Node object (not added yet / deleted)"
        }
    }

    // MARK: - One run

    /// A lane: a node, or a summary of a zone's unchanged nodes.
    enum Lane {
        case zoneHeader(zone: String, sites: [String])
        case siteHeader(String)
        case node(Int)
        case unchanged(zone: String, count: Int)
    }

    struct Section {
        let report: RunReport
        var text = ""
        var height = 0
        let laneHeight: Int

        /// Marks sit on three rows so that a taint, an eviction and an endpoint change at nearly
        /// the same time stay apart: taints above the Ready band, pod events on it, endpoints below.
        let rowOffset: Int

        init(_ report: RunReport, legend: Bool) {
            self.report = report
            let lanes = Self.lanes(report)
            let nodeLanes = lanes.filter { if case .node = $0 { true } else { false } }.count
            laneHeight = nodeLanes > 30 ? 16 : 26
            rowOffset = nodeLanes > 30 ? 4 : 7
            draw(lanes, legend: legend)
        }

        /// Zones in order of their first node, sites likewise within a zone, nodes in their order.
        static func lanes(_ report: RunReport) -> [Lane] {
            var zones: [String] = []
            for zone in report.zoneOfNode where !zones.contains(zone) { zones.append(zone) }
            let changed = changedNodes(report)
            let collapse = report.nodeNames.count > SVGTimelineRenderer.collapseAbove
            var lanes: [Lane] = []
            for zone in zones {
                let nodes = report.zoneOfNode.indices.filter { report.zoneOfNode[$0] == zone }
                var sites: [String] = []
                for node in nodes where !sites.contains(report.siteOfNode[node]) { sites.append(report.siteOfNode[node]) }
                lanes.append(.zoneHeader(zone: zone, sites: sites))
                for site in sites {
                    let members = nodes.filter { report.siteOfNode[$0] == site && (!collapse || changed[$0]) }
                    if sites.count > 1 && !members.isEmpty { lanes.append(.siteHeader(site)) }
                    lanes += members.map { .node($0) }
                }
                let folded = collapse ? nodes.filter { !changed[$0] }.count : 0
                if folded > 0 { lanes.append(.unchanged(zone: zone, count: folded)) }
            }
            return lanes
        }

        /// A node changed if anything happened on it after the initial placement or a fault hit it.
        static func changedNodes(_ report: RunReport) -> [Bool] {
            var changed = Array(repeating: false, count: report.nodeNames.count)
            for event in report.timeline where event.time > .zero { if let node = event.node { changed[node.index] = true } }
            for span in report.faultSpans { for node in span.nodes { changed[node.index] = true } }
            return changed
        }

        func x(_ time: SimTime) -> Int {
            let duration = max(report.duration.microseconds, 1)
            let clamped = min(max(time.microseconds, 0), duration)
            return plotLeft + Int(clamped * Int64(plotWidth) / duration)
        }

        mutating func add(_ line: String) { text += line + "\n" }

        mutating func draw(_ lanes: [Lane], legend: Bool) {
            let metrics = Metrics(report)
            var title = report.scenario
            if let variant = report.variant { title += " · variant " + variant }
            add(textElement(x: 16, y: 26, title, attributes: "font-size=\"16\" font-weight=\"bold\""))
            let subtitle = "mode \(report.mode.rawValue) · seed \(report.seed) · \(report.duration) · \(report.nodeNames.count) nodes · "
                + SVGTimelineRenderer.headline(metrics).joined(separator: " · ")
            add(textElement(x: 16, y: 46, subtitle, attributes: "fill=\"\(Palette.muted)\""))
            var y = drawFaultList(top: 64)
            if legend { y = drawLegend(top: y + 4) }
            y += 8
            let axisTop = y
            y += 22
            let lanesTop = y
            var nodeLaneIndex = 0
            for lane in lanes {
                switch lane {
                case .zoneHeader(let zone, let sites):
                    y = drawZoneHeader(zone: zone, sites: sites, top: y)
                case .siteHeader(let site):
                    add(textElement(x: 28, y: y + 11, "site " + site, attributes: "font-size=\"10\" fill=\"\(Palette.muted)\""))
                    y += 14
                case .node(let node):
                    y = drawNode(node, top: y, even: nodeLaneIndex % 2 == 0)
                    nodeLaneIndex += 1
                case .unchanged(let zone, let count):
                    add("<g class=\"unchanged-lane\" data-zone=\"\(escape(zone))\" data-count=\"\(count)\">")
                    defer { add("</g>") }
                    add("<rect x=\"\(plotLeft)\" y=\"\(y)\" width=\"\(plotWidth)\" height=\"\(laneHeight)\" fill=\"\(Palette.laneEven)\"/>")
                    add(textElement(x: 28, y: y + laneHeight / 2 + 4, "\(count) unchanged node\(count == 1 ? "" : "s")",
                                    attributes: "font-style=\"italic\" fill=\"\(Palette.muted)\""))
                    y += laneHeight
                }
            }
            // API server outages hit every lane.
            for span in report.faultSpans where span.kind == .apiServerDown {
                let (color, opacity) = faultColor(span.kind)
                let x0 = x(span.start), x1 = max(x(span.end ?? report.duration), x0 + 1)
                add("<rect x=\"\(x0)\" y=\"\(lanesTop)\" width=\"\(x1 - x0)\" height=\"\(y - lanesTop)\" fill=\"\(color)\" fill-opacity=\"\(opacity)\">"
                    + "<title>\(escape(span.text))</title></rect>")
            }
            drawAxis(top: axisTop, lanesTop: lanesTop, lanesBottom: y)
            height = y + 40
        }

        /// The scripted faults in words, as many lines as they need up to three.
        mutating func drawFaultList(top: Int) -> Int {
            let items = report.faultSpans.map { span in
                span.start.description + (span.end.map { ".." + $0.description } ?? "") + " " + span.text
            }
            guard !items.isEmpty else { return top - 12 }
            var lines: [String] = []
            var current = "faults: "
            let limit = 180
            for (index, item) in items.enumerated() {
                let piece = (current == "faults: " ? "" : " · ") + item
                if current.count + piece.count > limit && current != "faults: " {
                    if lines.count == 2 {
                        current += " · and \(items.count - index) more"
                        break
                    }
                    lines.append(current)
                    current = "        " + item
                } else {
                    current += piece
                }
            }
            lines.append(current)
            var y = top
            for line in lines {
                add(textElement(x: 16, y: y, line))
                y += 15
            }
            return y - 12
        }

        /// The legend: what each colour and mark means, in two rows.
        mutating func drawLegend(top: Int) -> Int {
            var items: [(String, String)] = FaultShading.allCases.map { shading in
                let (color, opacity) = faultColor(shading)
                return (swatch(color, opacity), legend(shading))
            }
            items += [
                (band(Palette.unknown), "Ready=Unknown"),
                (band(Palette.notReady), "Ready=False"),
                (mark(.taintNoExecute, 8, 8), "NoExecute taint"),
                (mark(.taintNoSchedule, 8, 8), "NoSchedule taint"),
                (mark(.untaint, 8, 8), "taint removed"),
                (mark(.evicted, 8, 8), "pod evicted"),
                (mark(.endpointRemoved, 8, 8), "endpoint removed"),
                (mark(.endpointAdded, 8, 8), "endpoint added"),
                (mark(.scheduled, 8, 8), "pod scheduled"),
                (mark(.restarted, 8, 8), "pod restarted"),
                (swatch(Palette.partial, "1"), "zone partially disrupted"),
                (swatch(Palette.full, "1"), "zone fully disrupted"),
            ]
            var x = 16, y = top
            for (symbol, label) in items {
                let itemWidth = 24 + label.count * 6 + 16
                if x + itemWidth > width - 16 { x = 16; y += 18 }
                add("<g transform=\"translate(\(x),\(y))\">" + symbol + "</g>")
                add(textElement(x: x + 20, y: y + 12, label))
                x += itemWidth
            }
            return y + 18
        }

        func swatch(_ color: String, _ opacity: String) -> String {
            "<rect x=\"0\" y=\"2\" width=\"16\" height=\"12\" fill=\"\(color)\" fill-opacity=\"\(opacity)\" stroke=\"\(Palette.grid)\"/>"
        }

        func band(_ color: String) -> String {
            "<rect x=\"0\" y=\"5\" width=\"16\" height=\"6\" fill=\"\(color)\"/>"
        }

        mutating func drawZoneHeader(zone: String, sites: [String], top: Int) -> Int {
            let height = 18
            let key = zone
            // Zone states as the node lifecycle controller computed them (by zone key).
            var state: (ZoneState, SimTime)?
            func close(at end: SimTime) {
                guard let (s, start) = state, s != .normal else { return }
                let x0 = x(start), x1 = max(x(end), x0 + 1)
                add("<rect x=\"\(x0)\" y=\"\(top + 2)\" width=\"\(x1 - x0)\" height=\"\(height - 4)\" fill=\"\(s == .fullDisruption ? Palette.full : Palette.partial)\">"
                    + "<title>zone \(escape(zone)) \(s.rawValue) from \(start.clock)</title></rect>")
            }
            for event in report.timeline {
                guard case .zoneStateChanged(let z, let s) = event.kind, z == key || z.hasSuffix("/" + key) else { continue }
                close(at: event.time)
                state = (s, event.time)
            }
            close(at: report.duration)
            add("<line x1=\"16\" y1=\"\(top)\" x2=\"\(width - 16)\" y2=\"\(top)\" stroke=\"#adb5bd\"/>")
            let siteText = sites.count == 1 && sites[0] == zone ? "" : "  (" + (sites.count == 1 ? "site " : "sites ") + sites.joined(separator: ", ") + ")"
            let label = (zone.isEmpty ? "no zone" : "zone " + zone) + siteText
            add(textElement(x: 16, y: top + 13, label, attributes: "font-weight=\"bold\""))
            return top + height
        }

        mutating func drawNode(_ node: Int, top: Int, even: Bool) -> Int {
            let h = laneHeight
            add("<g class=\"node-lane\" data-node=\"\(escape(report.nodeNames[node]))\">")
            defer { add("</g>") }
            if even { add("<rect x=\"\(plotLeft)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(h)\" fill=\"\(Palette.laneEven)\"/>") }
            add(textElement(x: 28, y: top + h / 2 + 4, report.nodeNames[node]))
            for span in report.faultSpans where span.nodes.contains(NodeID(node)) {
                let (color, opacity) = faultColor(span.kind)
                let x0 = x(span.start), x1 = max(x(span.end ?? report.duration), x0 + 1)
                add("<rect x=\"\(x0)\" y=\"\(top)\" width=\"\(x1 - x0)\" height=\"\(h)\" fill=\"\(color)\" fill-opacity=\"\(opacity)\">"
                    + "<title>\(escape(span.text)) \(span.start.clock)–\((span.end ?? report.duration).clock)</title></rect>")
            }
            for span in ReadySpan.spans(report) where span.node.index == node {
                let x0 = x(span.start), x1 = max(x(span.end), x0 + 1)
                let color = span.status == .unknown ? Palette.unknown : Palette.notReady
                add("<rect x=\"\(x0)\" y=\"\(top + h / 2 - 3)\" width=\"\(x1 - x0)\" height=\"6\" fill=\"\(color)\">"
                    + "<title>\(escape(report.nodeNames[node])) Ready=\(span.status.rawValue) \(span.start.clock)–\(span.end.clock)</title></rect>")
            }
            for (index, event) in report.timeline.enumerated() where event.node?.index == node && event.time > .zero {
                guard let kind = Mark(event) else { continue }
                // Hovering shows the cause too (`Cause`), on a line of its own.
                let because = report.causeLine(of: index).map { "\nbecause: " + escape($0) } ?? ""
                let detail = TimelineLines.textDetail(event, report)
                let row = switch kind {
                case .taintNoExecute, .taintNoSchedule, .untaint: -rowOffset
                case .endpointAdded, .endpointRemoved: rowOffset
                default: 0
                }
                add("<g>" + mark(kind, x(event.time), top + h / 2 + row) + "<title>\(event.time.clock) \(escape(report.nodeNames[node])) \(event.name) \(escape(detail))\(because)</title></g>")
            }
            add("<line x1=\"\(plotLeft)\" y1=\"\(top + h)\" x2=\"\(plotRight)\" y2=\"\(top + h)\" stroke=\"\(Palette.grid)\" stroke-width=\"0.5\"/>")
            return top + h
        }

        mutating func drawAxis(top: Int, lanesTop: Int, lanesBottom: Int) {
            let minutes = max(report.duration.microseconds / 60_000_000, 1)
            let step: Int = [1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 360, 720, 1440].first { minutes / Int64($0) <= 12 } ?? 2880
            var tick: Int64 = 0
            while tick <= minutes {
                let tx = x(.minutes(tick))
                add("<line x1=\"\(tx)\" y1=\"\(lanesTop - 4)\" x2=\"\(tx)\" y2=\"\(lanesBottom + 4)\" stroke=\"\(Palette.grid)\" stroke-dasharray=\"2,3\"/>")
                let label = "\(tick)m"
                add(textElement(x: tx, y: top + 12, label, attributes: "text-anchor=\"middle\" fill=\"\(Palette.muted)\""))
                add(textElement(x: tx, y: lanesBottom + 18, label, attributes: "text-anchor=\"middle\" fill=\"\(Palette.muted)\""))
                tick += Int64(step)
            }
            add(textElement(x: plotRight, y: lanesBottom + 32, "time since start (minutes)",
                            attributes: "text-anchor=\"end\" fill=\"\(Palette.muted)\" font-size=\"10\""))
        }
    }

    // MARK: - Marks

    enum Mark {
        case taintNoExecute, taintNoSchedule, untaint, evicted, endpointRemoved, endpointAdded, scheduled, restarted

        init?(_ event: TimelineEvent) {
            switch event.kind {
            case .taintAdded(let taint): self = taint.hasSuffix(":NoExecute") ? .taintNoExecute : .taintNoSchedule
            case .taintRemoved: self = .untaint
            case .podEvicted, .podDrained: self = .evicted
            case .endpointRemoved: self = .endpointRemoved
            case .endpointAdded: self = .endpointAdded
            case .podScheduled: self = .scheduled
            case .podRestarted: self = .restarted
            default: return nil
            }
        }
    }

    /// A mark centred on (x, y), about 9 px across.
    static func mark(_ kind: Mark, _ x: Int, _ y: Int) -> String {
        switch kind {
        case .taintNoExecute:
            return "<path d=\"M\(x - 5),\(y - 5) L\(x + 5),\(y - 5) L\(x),\(y + 4) Z\" fill=\"\(Palette.noExecute)\" stroke=\"#ffffff\" stroke-width=\"0.75\"/>"
        case .taintNoSchedule:
            return "<path d=\"M\(x - 4),\(y - 5) L\(x + 4),\(y - 5) L\(x),\(y + 2) Z\" fill=\"\(Palette.noSchedule)\" stroke=\"#ffffff\" stroke-width=\"0.75\"/>"
        case .untaint:
            return "<path d=\"M\(x - 5),\(y + 5) L\(x + 5),\(y + 5) L\(x),\(y - 4) Z\" fill=\"\(Palette.untaint)\" stroke=\"#ffffff\" stroke-width=\"0.75\"/>"
        case .evicted:
            return "<path d=\"M\(x - 4),\(y - 4) L\(x + 4),\(y + 4) M\(x - 4),\(y + 4) L\(x + 4),\(y - 4)\" stroke=\"\(Palette.evicted)\" stroke-width=\"2.5\"/>"
        case .endpointRemoved:
            return "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"3.5\" fill=\"#ffffff\" stroke=\"\(Palette.endpoint)\" stroke-width=\"1.75\"/>"
        case .endpointAdded:
            return "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"3.5\" fill=\"\(Palette.endpoint)\" stroke=\"#ffffff\" stroke-width=\"0.75\"/>"
        case .scheduled:
            return "<path d=\"M\(x),\(y - 5) L\(x + 5),\(y) L\(x),\(y + 5) L\(x - 5),\(y) Z\" fill=\"\(Palette.scheduled)\" stroke=\"#ffffff\" stroke-width=\"0.75\"/>"
        case .restarted:
            return "<rect x=\"\(x - 4)\" y=\"\(y - 4)\" width=\"8\" height=\"8\" fill=\"#ffffff\" stroke=\"\(Palette.restarted)\" stroke-width=\"2\"/>"
        }
    }

    static func textElement(x: Int, y: Int, _ text: String, attributes: String = "") -> String {
        "<text x=\"\(x)\" y=\"\(y)\"" + (attributes.isEmpty ? "" : " " + attributes) + ">" + escape(text) + "</text>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
