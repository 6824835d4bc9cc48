/// Charts for the analyst's report as SVG strings: pure functions of their data, every text
/// escaped (`SVG.escape` through `SVG.Builder`), sizes fixed so that a chart prints on a page.
public enum Charts {
    /// A categorical palette that stays readable in grey print.
    public static let palette = ["#1c7ed6", "#e8590c", "#2b8a3e", "#c2255c", "#7048e8", "#e67700", "#0c8599",
                                 "#5c940d", "#a61e4d", "#495057", "#d9480f", "#3b5bdb"]

    public static func colour(_ i: Int) -> String { palette[((i % palette.count) + palette.count) % palette.count] }

    static func open(_ s: inout SVG.Builder, width: Double, height: Double, title: String) {
        s.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": SVG.num(width), "height": SVG.num(height),
                       "viewBox": "0 0 \(SVG.num(width)) \(SVG.num(height))", "font-family": "sans-serif", "role": "img"])
        s.element("title", [:], title)
    }

    /// A "nice" upper bound for an axis: 1, 2 or 5 × 10^k at or above `x`.
    static func niceMax(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        var p = 1.0
        while p * 10 <= x { p *= 10 }
        while p > x { p /= 10 }
        for m in [1.0, 2, 5, 10] where m * p >= x { return m * p }
        return 10 * p
    }

    /// Horizontal bars: one row per label, value written at the bar's end.
    public static func bars(title: String, labels: [String], values: [Double], valueText: [String]? = nil,
                            width: Double = 560, colour c: String = "#1c7ed6") -> String {
        let texts = valueText ?? values.map { SVG.num($0) }
        let rowH = 22.0, top = 8.0
        let left = min(width * 0.45, 12 + (labels.map { textWidth($0, size: 12) }.max() ?? 0))
        let right = 10 + (texts.map { textWidth($0, size: 11) }.max() ?? 0)
        let height = top + Double(labels.count) * rowH + 8
        let maxV = max(values.max() ?? 0, 1e-9)
        var s = SVG.Builder()
        open(&s, width: width, height: height, title: title)
        for (i, l) in labels.enumerated() {
            let y = top + Double(i) * rowH
            let w = max(0, values[i]) / maxV * (width - left - right)
            s.element("text", ["x": SVG.num(left - 6), "y": SVG.num(y + 15), "font-size": "12", "text-anchor": "end"], l)
            s.element("rect", ["x": SVG.num(left), "y": SVG.num(y + 3), "width": SVG.num(w), "height": SVG.num(rowH - 6), "fill": c])
            s.element("text", ["x": SVG.num(left + w + 5), "y": SVG.num(y + 15), "font-size": "11", "fill": "#333"],
                      texts[i])
        }
        s.close("svg")
        return s.text
    }

    /// Vertical stacked bars: one column per category (e.g. a week), one stack segment per series
    /// (e.g. a fraud type), a legend below.
    public static func stackedBars(title: String, categories: [String], series: [String], values: [[Double]],
                                   unit: String = "", width: Double = 760, height: Double = 300) -> String {
        let left = 56.0, bottom = 40.0, top = 12.0
        let legendRows = (series.count + 3) / 4
        let plotH = height - top - bottom
        let totals = categories.indices.map { c in series.indices.reduce(0.0) { $0 + max(0, values[$1][c]) } }
        let maxV = niceMax(totals.max() ?? 0)
        let slot = (width - left - 10) / Double(max(categories.count, 1))
        var s = SVG.Builder()
        open(&s, width: width, height: height + Double(legendRows) * 18 + 6, title: title)
        axis(&s, left: left, top: top, plotH: plotH, width: width, maxV: maxV, unit: unit)
        for (c, label) in categories.enumerated() {
            let x = left + Double(c) * slot + slot * 0.15
            var y = top + plotH
            for k in series.indices {
                let h = max(0, values[k][c]) / maxV * plotH
                guard h > 0 else { continue }
                y -= h
                s.element("rect", ["x": SVG.num(x), "y": SVG.num(y), "width": SVG.num(slot * 0.7), "height": SVG.num(h), "fill": colour(k)],
                          nil)
            }
            if categories.count <= 16 || c % 2 == 0 {
                s.element("text", ["x": SVG.num(x + slot * 0.35), "y": SVG.num(top + plotH + 14), "font-size": "10", "text-anchor": "middle"], label)
            }
        }
        legend(&s, series, y: height + 2, width: width)
        s.close("svg")
        return s.text
    }

    /// Lines over shared categories (e.g. weekly counts per type), with dots and a legend.
    public static func lines(title: String, categories: [String], series: [String], values: [[Double]],
                             unit: String = "", width: Double = 760, height: Double = 260) -> String {
        let left = 56.0, bottom = 40.0, top = 12.0
        let legendRows = (series.count + 3) / 4
        let plotH = height - top - bottom
        let maxV = niceMax(values.flatMap { $0 }.max() ?? 0)
        let n = max(categories.count, 1)
        let step = (width - left - 44) / Double(max(n - 1, 1))
        var s = SVG.Builder()
        open(&s, width: width, height: height + Double(legendRows) * 18 + 6, title: title)
        axis(&s, left: left, top: top, plotH: plotH, width: width, maxV: maxV, unit: unit)
        func x(_ i: Int) -> Double { left + 10 + Double(i) * step }
        for (i, label) in categories.enumerated() where categories.count <= 16 || i % 2 == 0 {
            s.element("text", ["x": SVG.num(x(i)), "y": SVG.num(top + plotH + 14), "font-size": "10", "text-anchor": "middle"], label)
        }
        for (k, row) in values.enumerated() {
            let pts = row.enumerated().map { "\(SVG.num(x($0.offset))),\(SVG.num(top + plotH - max(0, $0.element) / maxV * plotH))" }
            s.element("polyline", ["points": pts.joined(separator: " "), "fill": "none", "stroke": colour(k), "stroke-width": "2"])
            for (i, v) in row.enumerated() {
                s.element("circle", ["cx": SVG.num(x(i)), "cy": SVG.num(top + plotH - max(0, v) / maxV * plotH), "r": "2.5", "fill": colour(k)])
            }
        }
        legend(&s, series, y: height + 2, width: width)
        s.close("svg")
        return s.text
    }

    /// A two-column flow (Sankey-like): sources on the left, targets on the right, a band per
    /// flow whose width is its value.
    public static func flow(title: String, flows: [(from: String, to: String, value: Double)], valueText: (Double) -> String,
                            width: Double = 760, height: Double = 340) -> String {
        let positive = flows.filter { $0.value > 0 }
        var fromOrder: [String] = [], toOrder: [String] = []
        var fromTotal: [String: Double] = [:], toTotal: [String: Double] = [:]
        for f in positive {
            if fromTotal[f.from] == nil { fromOrder.append(f.from) }
            if toTotal[f.to] == nil { toOrder.append(f.to) }
            fromTotal[f.from, default: 0] += f.value
            toTotal[f.to, default: 0] += f.value
        }
        fromOrder.sort { fromTotal[$0]! > fromTotal[$1]! }
        toOrder.sort { toTotal[$0]! > toTotal[$1]! }
        let total = positive.reduce(0.0) { $0 + $1.value }
        let gap = 8.0, top = 10.0, nodeW = 14.0
        let leftX = min(width * 0.4, 12 + (fromOrder.map { textWidth($0 + " " + valueText(fromTotal[$0]!), size: 11) }.max() ?? 0))
        let rightX = max(leftX + 120, width - 24 - (toOrder.map { textWidth($0 + " " + valueText(toTotal[$0]!), size: 11) }.max() ?? 0))
        func layout(_ order: [String], _ tot: [String: Double]) -> [String: (y: Double, h: Double)] {
            let usable = height - 2 * top - gap * Double(max(order.count - 1, 0))
            var y = top, out: [String: (Double, Double)] = [:]
            for k in order { let h = total > 0 ? tot[k]! / total * usable : 0; out[k] = (y, h); y += h + gap }
            return out
        }
        let lp = layout(fromOrder, fromTotal), rp = layout(toOrder, toTotal)
        var s = SVG.Builder()
        open(&s, width: width, height: height, title: title)
        var lOff: [String: Double] = [:], rOff: [String: Double] = [:]
        let usableL = height - 2 * top - gap * Double(max(fromOrder.count - 1, 0))
        let usableR = height - 2 * top - gap * Double(max(toOrder.count - 1, 0))
        for f in positive.sorted(by: { (toOrder.firstIndex(of: $0.to)!, fromOrder.firstIndex(of: $0.from)!) < (toOrder.firstIndex(of: $1.to)!, fromOrder.firstIndex(of: $1.from)!) }) {
            let hl = f.value / total * usableL, hr = f.value / total * usableR
            let y0 = lp[f.from]!.y + lOff[f.from, default: 0], y1 = rp[f.to]!.y + rOff[f.to, default: 0]
            lOff[f.from, default: 0] += hl; rOff[f.to, default: 0] += hr
            let x0 = leftX + nodeW, x1 = rightX, mx = (x0 + x1) / 2
            let d = "M\(SVG.num(x0)) \(SVG.num(y0)) C\(SVG.num(mx)) \(SVG.num(y0)) \(SVG.num(mx)) \(SVG.num(y1)) \(SVG.num(x1)) \(SVG.num(y1)) "
                + "L\(SVG.num(x1)) \(SVG.num(y1 + hr)) C\(SVG.num(mx)) \(SVG.num(y1 + hr)) \(SVG.num(mx)) \(SVG.num(y0 + hl)) \(SVG.num(x0)) \(SVG.num(y0 + hl)) Z"
            let k = toOrder.firstIndex(of: f.to)!
            s.element("path", ["d": d, "fill": colour(k), "fill-opacity": "0.35", "stroke": "none"])
        }
        for (i, k) in fromOrder.enumerated() {
            let p = lp[k]!
            s.element("rect", ["x": SVG.num(leftX), "y": SVG.num(p.y), "width": SVG.num(nodeW), "height": SVG.num(max(p.h, 1)), "fill": "#495057"])
            s.element("text", ["x": SVG.num(leftX - 6), "y": SVG.num(p.y + p.h / 2 + 4), "font-size": "11", "text-anchor": "end"],
                      "\(k) \(valueText(fromTotal[k]!))")
            _ = i
        }
        for (i, k) in toOrder.enumerated() {
            let p = rp[k]!
            s.element("rect", ["x": SVG.num(rightX), "y": SVG.num(p.y), "width": SVG.num(nodeW), "height": SVG.num(max(p.h, 1)), "fill": colour(i)])
            s.element("text", ["x": SVG.num(rightX + nodeW + 6), "y": SVG.num(p.y + p.h / 2 + 4), "font-size": "11"],
                      "\(k) \(valueText(toTotal[k]!))")
        }
        s.close("svg")
        return s.text
    }

    /// Approximate width of a text in pixels (CJK characters are square, Latin ones about half).
    public static func textWidth(_ s: String, size: Double) -> Double {
        var w = 0.0
        for u in s.unicodeScalars { w += u.value >= 0x1100 ? size : size * 0.6 }
        return w
    }

    static func axis(_ s: inout SVG.Builder, left: Double, top: Double, plotH: Double, width: Double, maxV: Double, unit: String) {
        for t in 0...5 {
            let v = maxV * Double(t) / 5
            let y = top + plotH - plotH * Double(t) / 5
            s.element("line", ["x1": SVG.num(left), "y1": SVG.num(y), "x2": SVG.num(width - 8), "y2": SVG.num(y), "stroke": t == 0 ? "#888" : "#e5e5e5"])
            s.element("text", ["x": SVG.num(left - 5), "y": SVG.num(y + 4), "font-size": "10", "text-anchor": "end"], SVG.num(v, decimals: 1) + unit)
        }
    }

    static func legend(_ s: inout SVG.Builder, _ series: [String], y: Double, width: Double) {
        let colW = (width - 20) / 4
        for (k, name) in series.enumerated() {
            let x = 10 + Double(k % 4) * colW, yy = y + Double(k / 4) * 18
            s.element("rect", ["x": SVG.num(x), "y": SVG.num(yy + 4), "width": "10", "height": "10", "fill": colour(k)])
            s.element("text", ["x": SVG.num(x + 14), "y": SVG.num(yy + 13), "font-size": "11"], name)
        }
    }
}
