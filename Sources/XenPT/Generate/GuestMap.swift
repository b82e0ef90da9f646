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

    /// The map as an SVG picture: one row per span, address-ordered (not to scale).
    public static func svg(_ plan: GuestPlan) -> String {
        let rows = spans(plan)
        let rowHeight = 22
        let height = rows.count * rowHeight + 40
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"\(height)\" font-family=\"monospace\" font-size=\"12\">\n"
        out += "<text x=\"10\" y=\"20\" font-size=\"14\">\(escape("guest \(plan.guest), Xen \(plan.xenVersion)"))</text>\n"
        let colors: [Span.Kind: String] = [.ram: "#cfe3ff", .xen: "#ffd7b5", .optional: "#f3f3f3", .device: "#b8f0c0", .hole: "#ffffff"]
        for (row, span) in rows.enumerated() {
            let y = 30 + row * rowHeight
            out += "<rect x=\"10\" y=\"\(y)\" width=\"740\" height=\"\(rowHeight - 2)\" fill=\"\(colors[span.kind] ?? "#ffffff")\" stroke=\"#888\"/>\n"
            out += "<text x=\"16\" y=\"\(y + 15)\">\(escape("\(hex(span.start))-\(hex(span.end - 1))  \(size(span.end - span.start))  \(span.label)"))</text>\n"
        }
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

    /// Text for an SVG `<text>`: markup escaped, and control characters (which XML does not
    /// allow) made visible.
    static func escape(_ text: String) -> String {
        PrintableText.escaped(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
