import Diagnostics
import Foundation

/// The guest physical address map of a planned guest: Xen's windows, the passed-through
/// devices, and the holes between them, as text (for `xenpt map`) or as an SVG picture.
public enum GuestMap {
    /// One span of the map.
    public struct Span: Sendable, Hashable {
        /// What occupies it.
        public enum Kind: String, Sendable { case ram, xen, optional, device, hole }
        /// First address.
        public let start: UInt64
        /// One past the last address.
        public let end: UInt64
        /// What occupies it.
        public let kind: Kind
        /// Its label.
        public let label: String
    }

    /// The spans below `limit`, ascending; windows first, then devices, then holes.
    public static func spans(_ plan: GuestPlan, below limit: UInt64 = 1 << 40) -> [Span] {
        var spans: [Span] = []
        for window in plan.layout.windows where window.base < limit {
            let kind: Span.Kind = window.isRAM ? .ram : (window.isPresent ? .xen : .optional)
            let label = window.isPresent ? window.name : "\(window.name) (only with \(window.feature ?? "its feature"))"
            spans.append(Span(start: window.base, end: min(window.end, limit), kind: kind, label: label))
        }
        for device in plan.devices where device.placement.pageSpan > 0 {
            let start = device.placement.guestBase
            spans.append(Span(start: start, end: start + (device.placement.pageSpan << 12), kind: .device,
                              label: "\(device.hostPath) (\(device.placement.mode.rawValue))"))
        }
        spans.sort { ($0.start, $0.end, $0.label) < ($1.start, $1.end, $1.label) }
        var holes: [Span] = []
        var cursor: UInt64 = 0
        for span in spans {
            if span.start > cursor { holes.append(Span(start: cursor, end: span.start, kind: .hole, label: "free")) }
            cursor = max(cursor, span.end)
        }
        if cursor < limit { holes.append(Span(start: cursor, end: limit, kind: .hole, label: "free")) }
        return (spans + holes).sorted { ($0.start, $0.end, $0.label) < ($1.start, $1.end, $1.label) }
    }

    /// The map as text, one span per line.
    public static func text(_ plan: GuestPlan) -> String {
        var out = "guest `\(plan.guest)` physical address map, Xen \(plan.xenVersion)\n\n"
        for span in spans(plan) {
            let range = "\(pad(hex(span.start)))-\(pad(hex(span.end - 1)))"
            out += "\(range)  \(size(span.end - span.start).padding(toLength: 11, withPad: " ", startingAt: 0)) \(span.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(PrintableText.escaped(span.label))\n"
        }
        return out
    }

    /// The map as an SVG picture of the address space: one bar, address-ordered, on a broken
    /// axis (every stretch between two boundaries gets a fixed width plus a share that grows
    /// with the logarithm of its size, so a 4 KiB device and 1 TiB of RAM are both readable).
    /// RAM, Xen's windows, devices and holes fill the bar; windows present only with a feature
    /// are a strip above it. Each span is labelled below with its start address, size and
    /// name (labels spread apart, with leader lines); each passed device has an arrow from
    /// its host address; a legend explains it.
    public static func svg(_ plan: GuestPlan) -> String {
        let all = spans(plan)
        let main = all.filter { $0.kind != .optional }
        let optional = all.filter { $0.kind == .optional }
        // Elementary stretches between consecutive boundaries, and the x of each boundary.
        let boundaries = Array(Set(all.flatMap { [$0.start, $0.end] })).sorted()
        let left = 40, stretchBase = 16, stretchShare = 700
        let weights = zip(boundaries, boundaries.dropFirst()).map { start, end in
            Double(max(1, 64 - (end - start).leadingZeroBitCount - 12))
        }
        let totalWeight = max(1, weights.reduce(0, +))
        var xs: [UInt64: Int] = [:]
        var x = Double(left)
        for (position, boundary) in boundaries.enumerated() {
            xs[boundary] = Int(x.rounded())
            if position < weights.count { x += Double(stretchBase) + Double(stretchShare) * weights[position] / totalWeight }
        }
        let barRight = Int(x.rounded())
        let labelSpacing = 22
        var lastAnchor = Int.min
        for middle in all.map({ ((xs[$0.start] ?? left) + (xs[$0.end] ?? barRight)) / 2 }).sorted() {
            lastAnchor = max(middle, lastAnchor == Int.min ? middle : lastAnchor + labelSpacing)
        }
        let labels = all.map { span in "\(hex(span.start))  \(size(span.end - span.start))  \(span.label)" }
        let labelReach = Int(Double((labels.map(\.count).max() ?? 0) * 7) * 0.72)
        let width = max(barRight + 20, lastAnchor + labelReach + 20, 760)
        let devices = plan.devices.filter { $0.placement.pageSpan > 0 }
        let arrowRows = min(3, devices.count)
        let stripTop = 44 + arrowRows * 18, stripHeight = 14
        let barTop = stripTop + stripHeight + 2, barHeight = 44
        let labelTop = barTop + barHeight + 8
        let labelDepth = labelReach + 20
        let legendTop = labelTop + labelDepth
        let height = legendTop + 110
        let colors: [Span.Kind: String] = [.ram: "#cfe3ff", .xen: "#ffd7b5", .optional: "#eeeeee", .device: "#6fcf7f", .hole: "#ffffff"]

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"DejaVu Sans Mono, monospace\" font-size=\"11\">\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1b7a2b\"/></marker></defs>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(left)\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(escape("guest \(plan.guest): physical address map, Xen \(plan.xenVersion)"))</text>\n"
        for span in optional {
            let (from, to) = (xs[span.start] ?? left, xs[span.end] ?? barRight)
            out += "<rect x=\"\(from)\" y=\"\(stripTop)\" width=\"\(max(1, to - from))\" height=\"\(stripHeight)\" fill=\"\(colors[.optional]!)\" stroke=\"#999999\" stroke-dasharray=\"3,2\"/>\n"
        }
        for span in main {
            let (from, to) = (xs[span.start] ?? left, xs[span.end] ?? barRight)
            out += "<rect x=\"\(from)\" y=\"\(barTop)\" width=\"\(max(1, to - from))\" height=\"\(barHeight)\" fill=\"\(colors[span.kind]!)\" stroke=\"#555555\"/>\n"
            let name = span.kind == .hole ? "" : span.label.split(separator: " ").first.map(String.init) ?? ""
            if name.count * 7 + 6 < to - from {
                out += "<text x=\"\((from + to) / 2)\" y=\"\(barTop + barHeight / 2 + 4)\" text-anchor=\"middle\">\(escape(name))</text>\n"
            }
        }
        // Labels from left to right by the middle of their span, each at least a line height
        // from the one before, tied to their span by a leader line.
        var anchor = Int.min
        let middles = all.map { ((xs[$0.start] ?? left) + (xs[$0.end] ?? barRight)) / 2 }
        for position in all.indices.sorted(by: { (middles[$0], $0) < (middles[$1], $1) }) {
            let span = all[position], middle = middles[position]
            anchor = max(middle, anchor == Int.min ? middle : anchor + labelSpacing)
            let top = span.kind == .optional ? stripTop + stripHeight : barTop + barHeight
            out += "<polyline points=\"\(middle),\(top) \(middle),\(top + 4) \(anchor),\(labelTop - 6) \(anchor),\(labelTop - 2)\" fill=\"none\" stroke=\"#bbbbbb\"/>\n"
            let fill = span.kind == .optional ? "#777777" : (span.kind == .device ? "#1b7a2b" : "#000000")
            out += "<text x=\"\(anchor)\" y=\"\(labelTop)\" transform=\"rotate(45 \(anchor) \(labelTop))\" fill=\"\(fill)\">\(escape(labels[position]))</text>\n"
        }
        for (position, device) in devices.enumerated() {
            let guestStart = device.placement.guestBase, guestEnd = guestStart + (device.placement.pageSpan << 12)
            let middle = ((xs[guestStart] ?? left) + (xs[guestEnd] ?? barRight)) / 2
            let y = 40 + (position % 3) * 18
            out += "<text x=\"\(middle + 4)\" y=\"\(y)\" fill=\"#1b7a2b\">\(escape("host \(hex(device.placement.hostBase)) \(device.hostPath)"))</text>\n"
            out += "<line x1=\"\(middle)\" y1=\"\(y - 8)\" x2=\"\(middle)\" y2=\"\(barTop - 1)\" stroke=\"#1b7a2b\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n"
        }
        let legend: [(Span.Kind, String)] = [(.ram, "guest RAM"), (.xen, "Xen window"), (.optional, "window only with a feature (strip above)"),
                                             (.device, "passed-through device (arrow: from its host address)"), (.hole, "free")]
        for (row, (kind, text)) in legend.enumerated() {
            let y = legendTop + row * 16
            out += "<rect x=\"\(left)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(colors[kind]!)\" stroke=\"#555555\"/>\n"
            out += "<text x=\"\(left + 18)\" y=\"\(y + 10)\">\(escape(text))</text>\n"
        }
        out += "<text x=\"\(left)\" y=\"\(legendTop + 96)\" fill=\"#555555\">\(escape("broken axis: each stretch between two boundaries is \(stretchBase) px plus a share by log2 of its size; not to scale"))</text>\n"
        return out + "</svg>\n"
    }

    static func pad(_ text: String) -> String {
        String(repeating: " ", count: max(0, 12 - text.count)) + text
    }

    static func size(_ bytes: UInt64) -> String {
        for (unit, shift) in [("GiB", UInt64(30)), ("MiB", 20), ("KiB", 10)] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift) \(unit)"
        }
        return "\(bytes) B"
    }

    /// Text for an SVG element: control characters made visible (as in every other output),
    /// markup characters escaped, and anything else XML 1.0 forbids replaced by U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in PrintableText.escaped(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                let value = scalar.value
                let allowed = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                    || (0xE000...0xFFFD).contains(value) || value >= 0x10000
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
