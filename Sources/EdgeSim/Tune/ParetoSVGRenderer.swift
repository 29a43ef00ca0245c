/// The search as a scatter plot: the first objective across, the second up, the third (when
/// there is one) as the colour of front points (light to dark: low to high); every evaluated
/// configuration grey, front points coloured and labelled `#N`, the scenario's own settings a
/// black ring. Labels are placed one by one at the first of eight spots around their point that
/// overlaps no label or point placed before, so 3 to 20 front labels stay readable; a legend
/// under the plot lists each front label's settings. Integer coordinates only: the same bytes
/// on every machine.
public enum ParetoSVGRenderer {
    static let width = 900
    static let plot = (left: 90, top: 50, right: 860, bottom: 470)
    static let labelHeight = 13
    /// An estimate of a label's width at font size 11 (DejaVu Sans averages under 7 px).
    static func labelWidth(_ text: String) -> Int { text.count * 7 + 4 }

    public static func render(_ table: TuneTable, title: String) -> String {
        // The axes and colour go to the objectives that vary: one every configuration scores
        // alike (no node died, so no time to evict one) would draw a flat line.
        let all = table.rows.map { table.objectives($0) } + (table.current.map { [table.objectives($0)] } ?? [])
        let count = table.criteria.objectives.count
        let varying = (0..<count).filter { d in Set(all.map { $0[d] }).count > 1 }
        let order = varying + (0..<count).filter { !varying.contains($0) }
        let objectives = order.map { table.criteria.objectives[$0] }
        let constant = (0..<count).filter { !varying.contains($0) }.map { d in
            table.criteria.objectives[d].label + " = " + SweepSummary.thousandths(all.first?[d] ?? 0)
        }
        func reorder(_ p: [Int64]) -> [Int64] { order.map { p[$0] } }
        let points = table.rows.map { reorder(table.objectives($0)) }
        let current = table.current.map { reorder(table.objectives($0)) }
        let plotted = points + (current.map { [$0] } ?? [])
        let x = Axis(values: plotted.map { $0[0] })
        let y = Axis(values: plotted.map { $0.count > 1 ? $0[1] : 0 })
        let front = table.front
        let colour = varying.count > 2 ? Axis(values: front.map { points[$0][2] }) : nil
        let withMode = table.modesVary
        let legend = front.map { i in
            table.rows[i].label + "  " + table.describe(table.rows[i], withMode: withMode) + "  ("
                + table.objectives(table.rows[i]).map(SweepSummary.thousandths).joined(separator: " / ") + ")"
        }
        let objectiveNames = "front (" + table.criteria.objectives.map(\.label).joined(separator: " / ") + ")"
        let legendLines = front.count + (current == nil ? 0 : 1) + 2 + (constant.isEmpty ? 0 : 1)
        let height = plot.bottom + 60 + legendLines * 16
        // Wide enough for the longest legend line (settings can be long), never narrower than the plot.
        let width = max(Self.width, plot.left + 20 + ((legend + [objectiveNames]).map(labelWidth).max() ?? 0))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
            + "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        out += text(plot.left, 22, escape(title), size: 14, weight: "bold")
        out += text(plot.left, 40, escape("\(table.rows.count) configurations; front \(front.count) (coloured by "
                                           + (varying.count > 2 ? objectives[2].label + ", light = low" : "one colour") + "); grey: dominated or dropped"),
                    fill: "#495057")
        // Frame, ticks and axis titles.
        out += "<rect x=\"\(plot.left)\" y=\"\(plot.top)\" width=\"\(plot.right - plot.left)\" height=\"\(plot.bottom - plot.top)\" fill=\"none\" stroke=\"#adb5bd\"/>\n"
        for tick in 0...4 {
            let vx = x.low + (x.high - x.low) * Int64(tick) / 4, vy = y.low + (y.high - y.low) * Int64(tick) / 4
            let px = x.pixel(vx, plot.left, plot.right), py = y.pixel(vy, plot.bottom, plot.top)
            out += "<line x1=\"\(px)\" y1=\"\(plot.top)\" x2=\"\(px)\" y2=\"\(plot.bottom)\" stroke=\"#f1f3f5\"/>\n"
            out += "<line x1=\"\(plot.left)\" y1=\"\(py)\" x2=\"\(plot.right)\" y2=\"\(py)\" stroke=\"#f1f3f5\"/>\n"
            out += text(px, plot.bottom + 16, SweepSummary.thousandths(vx), anchor: "middle", fill: "#495057")
            out += text(plot.left - 6, py + 4, SweepSummary.thousandths(vy), anchor: "end", fill: "#495057")
        }
        out += text((plot.left + plot.right) / 2, plot.bottom + 36, escape(objectives[0].label + " →"), anchor: "middle", weight: "bold")
        if objectives.count > 1 {
            out += "<text x=\"20\" y=\"\((plot.top + plot.bottom) / 2)\" text-anchor=\"middle\" font-weight=\"bold\" "
                + "transform=\"rotate(-90 20 \((plot.top + plot.bottom) / 2))\">\(escape(objectives[1].label + " →"))</text>\n"
        }
        let position = { (p: [Int64]) -> (Int, Int) in
            (x.pixel(p[0], plot.left, plot.right), y.pixel(p.count > 1 ? p[1] : 0, plot.bottom, plot.top))
        }
        let onFront = Set(front)
        for i in points.indices where !onFront.contains(i) {
            let (px, py) = position(points[i])
            out += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"3\" fill=\"#ced4da\"/>\n"
        }
        // Front points, then their labels, placed to avoid every point and earlier label.
        var taken: [Box] = front.map { i in let (px, py) = position(points[i]); return Box(x: px - 5, y: py - 5, w: 10, h: 10) }
        if let current { let (px, py) = position(current); taken.append(Box(x: px - 7, y: py - 7, w: 14, h: 14)) }
        var labels = ""
        for i in front {
            let (px, py) = position(points[i])
            let fill = colour.map { shade($0.fraction(points[i][2])) } ?? "#1c7ed6"
            out += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"5\" fill=\"\(fill)\" stroke=\"#212529\" stroke-width=\"0.8\"/>\n"
            let label = table.rows[i].label
            let box = place(label, at: (px, py), avoiding: taken)
            taken.append(box)
            if abs(box.x + box.w / 2 - px) > 24 || abs(box.y + box.h / 2 - py) > 20 {
                labels += "<line x1=\"\(px)\" y1=\"\(py)\" x2=\"\(box.x + box.w / 2)\" y2=\"\(box.y + box.h / 2)\" stroke=\"#adb5bd\" stroke-width=\"0.7\"/>\n"
            }
            labels += "<rect x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.w)\" height=\"\(box.h)\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>\n"
            labels += text(box.x + 2, box.y + box.h - 3, escape(label))
        }
        if let current {
            let (px, py) = position(current)
            out += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"7\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>\n"
            let box = place("current", at: (px, py), avoiding: taken)
            labels += text(box.x + 2, box.y + box.h - 3, "current", weight: "bold")
        }
        out += labels
        // The legend: each front label's settings and objective values.
        var ly = plot.bottom + 62
        if !constant.isEmpty {
            out += text(plot.left, ly, escape("the same for every configuration: " + constant.joined(separator: ", ")), fill: "#495057")
            ly += 16
        }
        out += text(plot.left, ly, escape(objectiveNames), weight: "bold")
        ly += 16
        for line in legend {
            out += text(plot.left, ly, escape(line))
            ly += 16
        }
        if let row = table.current {
            out += text(plot.left, ly, escape("current  the scenario's own settings  (" + table.objectives(row).map(SweepSummary.thousandths).joined(separator: " / ")
                                              + ")  " + (table.dominatingCurrent().isEmpty ? "not dominated" : "dominated")), weight: "bold")
        }
        return out + "</svg>\n"
    }

    /// A value range mapped to pixels; a range of one value is widened so it sits mid-plot.
    struct Axis {
        var low: Int64
        var high: Int64
        init(values: [Int64]) {
            low = values.min() ?? 0
            high = values.max() ?? 1
            if low == high { low -= 1_000; high += 1_000 }
            let margin = (high - low) / 20
            // Metrics are never negative: an axis that starts at 0 stays there.
            low = low >= 0 ? max(0, low - margin) : low - margin
            high += margin
        }
        func pixel(_ value: Int64, _ from: Int, _ to: Int) -> Int {
            from + Int(Int128(to - from) * Int128(value - low) / Int128(high - low))
        }
        /// 0...1000 along the range.
        func fraction(_ value: Int64) -> Int { Int(Int128(1_000) * Int128(value - low) / Int128(high - low)) }
    }

    /// Light blue (low) to dark purple (high), in integers.
    static func shade(_ permille: Int) -> String {
        let t = max(0, min(1_000, permille))
        let (r, g, b) = (165 + (73 - 165) * t / 1_000, 216 + (0 - 216) * t / 1_000, 255 + (130 - 255) * t / 1_000)
        func hex(_ v: Int) -> String { (v < 16 ? "0" : "") + String(v, radix: 16) }
        return "#" + hex(r) + hex(g) + hex(b)
    }

    struct Box {
        var x: Int, y: Int, w: Int, h: Int
        func overlaps(_ o: Box) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
    }

    /// The first free spot around the point, at growing distances; when points crowd (a front
    /// squeezed into a corner by far dominated points), the nearest free spot anywhere in the
    /// plot, which the caller joins to its point with a leader line.
    static func place(_ label: String, at point: (Int, Int), avoiding taken: [Box]) -> Box {
        let w = labelWidth(label), h = labelHeight
        func free(_ box: Box) -> Bool {
            box.x >= plot.left + 2 && box.x + box.w <= plot.right - 2 && box.y >= plot.top + 2 && box.y + box.h <= plot.bottom - 2
                && !taken.contains(where: box.overlaps)
        }
        for distance in [7, 18, 32] {
            let spots = [(point.0 + distance, point.1 - h / 2), (point.0 - distance - w, point.1 - h / 2),
                         (point.0 - w / 2, point.1 - distance - h), (point.0 - w / 2, point.1 + distance),
                         (point.0 + distance, point.1 - distance - h), (point.0 - distance - w, point.1 - distance - h),
                         (point.0 + distance, point.1 + distance), (point.0 - distance - w, point.1 + distance)]
            for (bx, by) in spots where free(Box(x: bx, y: by, w: w, h: h)) { return Box(x: bx, y: by, w: w, h: h) }
        }
        var best: (distance: Int, box: Box)?
        for by in stride(from: plot.top + 4, through: plot.bottom - 4 - h, by: h + 2) {
            for bx in stride(from: plot.left + 4, through: plot.right - 4 - w, by: 6) {
                let box = Box(x: bx, y: by, w: w, h: h)
                let dx = bx + w / 2 - point.0, dy = by + h / 2 - point.1
                let distance = dx * dx + dy * dy
                if best.map({ distance < $0.distance }) ?? true, free(box) { best = (distance, box) }
            }
        }
        return best?.box ?? Box(x: point.0 + 7, y: point.1 - h / 2, w: w, h: h)
    }

    static func text(_ x: Int, _ y: Int, _ content: String, anchor: String? = nil, size: Int? = nil, weight: String? = nil,
                     fill: String? = nil) -> String {
        var attributes = "x=\"\(x)\" y=\"\(y)\""
        if let anchor { attributes += " text-anchor=\"\(anchor)\"" }
        if let size { attributes += " font-size=\"\(size)\"" }
        if let weight { attributes += " font-weight=\"\(weight)\"" }
        if let fill { attributes += " fill=\"\(fill)\"" }
        return "<text \(attributes)>\(content)</text>\n"
    }

    static func escape(_ text: String) -> String { SVGTimelineRenderer.escape(text) }
}
