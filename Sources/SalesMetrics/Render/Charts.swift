import Foundation

/// Charts drawn as inline SVG on the server: readable without JavaScript, printable, and
/// styled by the stylesheet (classes, not inline styles, so the CSP can forbid them).
public enum Charts {
    /// A small line of the last periods; gaps (no value) break the line.
    public static func sparkline(_ values: [Double?], width: Double = 160, height: Double = 36) -> HTML {
        let present = values.compactMap { $0 }
        guard present.count >= 2, let lo = present.min(), let hi = present.max() else {
            return "<svg class=\"spark\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" aria-hidden=\"true\"></svg>"
        }
        let span = hi - lo == 0 ? 1 : hi - lo
        let step = values.count > 1 ? width / Double(values.count - 1) : width
        func y(_ v: Double) -> Double { height - 3 - (v - lo) / span * (height - 6) }
        var lines: [[String]] = [[]]
        for (i, v) in values.enumerated() {
            if let v {
                lines[lines.count - 1].append("\(fmt(Double(i) * step)),\(fmt(y(v)))")
            } else if !lines[lines.count - 1].isEmpty {
                lines.append([])
            }
        }
        var out: HTML =
            "<svg class=\"spark\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
        for line in lines where line.count >= 2 { out += "<polyline points=\"\(line.joined(separator: " "))\"/>" }
        if let last = values.last, let v = last {
            out += "<circle cx=\"\(fmt(width))\" cy=\"\(fmt(y(v)))\" r=\"2.5\"/>"
        }
        return out + "</svg>"
    }

    /// A trend over periods with axes, grid lines and a point (with tooltip) per period.
    /// `goal` draws a target as a dashed line across the chart, with its label.
    public static func line(
        labels: [String], values: [Double?], format: (Double) -> String, highlight: Int? = nil, title: String,
        goal: (value: Double, label: String)? = nil
    ) -> HTML {
        let width = 880.0
        let height = 280.0
        let left = 84.0
        let right = 16.0
        let top = 14.0
        let bottom = 30.0
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return "" }
        let span = present + (goal.map { [$0.value] } ?? [])
        let ticks = niceTicks(min(0, span.min()!), max(0, span.max()!))
        let lo = ticks.first!
        let hi = ticks.last!
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ i: Int) -> Double {
            labels.count == 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(labels.count - 1)
        }
        func y(_ v: Double) -> Double { top + plotH - (v - lo) / (hi - lo) * plotH }
        var out: HTML =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(title)\">"
        for t in ticks {
            out +=
                "<line class=\"grid\" x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(t)))\" y2=\"\(fmt(y(t)))\"/>"
            out +=
                "<text class=\"axis\" x=\"\(fmt(left - 8))\" y=\"\(fmt(y(t) + 4))\" text-anchor=\"end\">\(format(t))</text>"
        }
        let every = max(1, Int((Double(labels.count) / 12).rounded(.up)))
        for (i, label) in labels.enumerated() where i % every == 0 || i == labels.count - 1 {
            out +=
                "<text class=\"axis\" x=\"\(fmt(x(i)))\" y=\"\(fmt(height - 8))\" text-anchor=\"middle\">\(label)</text>"
        }
        var area: [HTML] = []
        var segment: [String] = []
        var paths: [String] = []
        for (i, v) in values.enumerated() {
            if let v {
                segment.append("\(fmt(x(i))),\(fmt(y(v)))")
            } else if !segment.isEmpty {
                paths.append(segment.joined(separator: " "))
                segment = []
            }
        }
        if !segment.isEmpty { paths.append(segment.joined(separator: " ")) }
        for p in paths {
            let points = p.split(separator: " ")
            if points.count >= 2, let first = points.first, let last = points.last {
                let x0 = String(first.split(separator: ",")[0])
                let x1 = String(last.split(separator: ",")[0])
                area.append(
                    "<polygon class=\"area\" points=\"\(x0),\(fmt(y(max(lo, 0)))) \(p) \(x1),\(fmt(y(max(lo, 0))))\"/>")
            }
        }
        out += area.joined()
        if let goal {
            out +=
                "<line class=\"goal\" x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y(goal.value)))\" y2=\"\(fmt(y(goal.value)))\"/><text class=\"goal-label\" x=\"\(fmt(width - right - 4))\" y=\"\(fmt(y(goal.value) - 6))\" text-anchor=\"end\">\(goal.label)</text>"
        }
        for p in paths { out += "<polyline class=\"series\" points=\"\(p)\"/>" }
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            out +=
                "<circle class=\"\(i == highlight ? "point selected" : "point")\" cx=\"\(fmt(x(i)))\" cy=\"\(fmt(y(v)))\" r=\"\(i == highlight ? 5 : 3.5)\"><title>\(labels[i]): \(format(v))</title></circle>"
        }
        return out + "</svg>"
    }

    /// Horizontal bars, one per group, with the value written after each bar.
    public static func bars(_ items: [(label: String, value: Double?, text: String)], title: String) -> HTML {
        let width = 880.0
        let labelW = 200.0
        let textW = 120.0
        let rowH = 26.0
        let present = items.compactMap(\.value)
        let lo = min(0, present.min() ?? 0)
        let hi = max(0, present.max() ?? 0)
        let span = hi - lo == 0 ? 1 : hi - lo
        let plotW = width - labelW - textW
        func x(_ v: Double) -> Double { labelW + (v - lo) / span * plotW }
        let height = Double(items.count) * rowH + 8
        var out: HTML =
            "<svg class=\"chart bars\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(title)\">"
        for (i, item) in items.enumerated() {
            let top = 4 + Double(i) * rowH
            out +=
                "<text class=\"axis\" x=\"\(fmt(labelW - 10))\" y=\"\(fmt(top + 17))\" text-anchor=\"end\">\(truncate(item.label, 28))</text>"
            if let v = item.value {
                let a = x(min(0, v))
                let b = x(max(0, v))
                out +=
                    "<rect class=\"\(v < 0 ? "bar negative" : "bar")\" x=\"\(fmt(a))\" y=\"\(fmt(top + 4))\" width=\"\(fmt(max(1, b - a)))\" height=\"\(fmt(rowH - 8))\" rx=\"3\"><title>\(item.label): \(item.text)</title></rect>"
                out += "<text class=\"value\" x=\"\(fmt(b + 6))\" y=\"\(fmt(top + 17))\">\(item.text)</text>"
            } else {
                out += "<text class=\"value muted\" x=\"\(fmt(labelW + 6))\" y=\"\(fmt(top + 17))\">—</text>"
            }
        }
        return out + "</svg>"
    }

    /// A calibration chart: for each band of scored leads (highest scores first), what the score
    /// predicted (a light bar) beside what converted (a dark bar), on one 0–100 % axis.
    public static func calibration(_ bands: [ScoreQuality.CalibrationBand], title: String) -> HTML {
        let width = 880.0
        let height = 240.0
        let left = 44.0
        let bottom = 28.0
        let top = 10.0
        let plotH = height - top - bottom
        let slot = (width - left - 10) / Double(max(bands.count, 1))
        let hi = max(0.1, bands.map { max($0.meanPredicted, $0.observedRate) }.max() ?? 0)
        let ceiling = niceTicks(0, hi).last ?? 1
        func y(_ v: Double) -> Double { top + plotH * (1 - v / ceiling) }
        var out: HTML =
            "<svg class=\"chart calibration\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(title)\">"
        for tick in niceTicks(0, hi) {
            out +=
                "<line class=\"grid\" x1=\"\(fmt(left))\" x2=\"\(fmt(width - 10))\" y1=\"\(fmt(y(tick)))\" y2=\"\(fmt(y(tick)))\"/><text class=\"axis\" x=\"\(fmt(left - 6))\" y=\"\(fmt(y(tick) + 4))\" text-anchor=\"end\">\(Int((tick * 100).rounded()))%</text>"
        }
        for (i, band) in bands.enumerated() {
            let x0 = left + Double(i) * slot + slot * 0.15
            let w = slot * 0.33
            let predicted = ValueFormat.percent(band.meanPredicted)
            let observed = ValueFormat.percent(band.observedRate)
            out +=
                "<rect class=\"bar predicted\" x=\"\(fmt(x0))\" y=\"\(fmt(y(band.meanPredicted)))\" width=\"\(fmt(w))\" height=\"\(fmt(y(0) - y(band.meanPredicted)))\"><title>tenth \(i + 1): predicted \(predicted)</title></rect>"
            out +=
                "<rect class=\"bar\" x=\"\(fmt(x0 + w))\" y=\"\(fmt(y(band.observedRate)))\" width=\"\(fmt(w))\" height=\"\(fmt(y(0) - y(band.observedRate)))\"><title>tenth \(i + 1): converted \(observed) of \(band.count) leads</title></rect>"
            out +=
                "<text class=\"axis\" x=\"\(fmt(x0 + w))\" y=\"\(fmt(height - 10))\" text-anchor=\"middle\">\(i + 1)</text>"
        }
        return out + "</svg>"
    }

    /// Round grid values spanning [lo, hi]: 1, 2 or 5 times a power of ten.
    public static func niceTicks(_ lo: Double, _ hi: Double, count: Int = 4) -> [Double] {
        let span = hi - lo
        guard span > 0 else { return [lo, lo + 1] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let start = floor(lo / step) * step
        var ticks: [Double] = []
        var t = start
        while t < hi + step * 0.999 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return ticks.count >= 2 ? ticks : [start, start + step]
    }

    public static func truncate(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    private static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }
}
