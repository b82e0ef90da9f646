import Foundation

/// One example of a rule: a host device tree fragment and a guest manifest. Examples are the
/// rule's documentation (`xenpt explain`) and its test: a triggering example must raise the
/// rule at the `↓` marker in `guest`, a non-triggering one must not raise it at all.
public struct RuleExample: Sendable, Hashable {
    /// Nodes placed inside `/soc` of the example board (a `simple-bus`, one address and size
    /// cell, identity `ranges`, a GIC-400 labelled `gic` at 0xf9010000).
    public let devices: String
    /// The guest manifest after its `guest:`/`board:`/`memory:` lines; `↓` marks where the
    /// finding must point.
    public let guest: String
    /// Whether the rule must be raised.
    public let triggers: Bool
    /// The Xen release of the example board.
    public let xen: String
    /// A second guest of the same board (for rules about several guests), or nil.
    public let otherGuest: String?
    /// Extra text for the board manifest (`devices:` annotations).
    public let board: String
    /// `/chosen/stdout-path` of the host, or nil for none.
    public let chosen: String?
    /// The whole host tree of a board rule's example (no guest), or nil for a guest rule's.
    public let host: String?

    /// An example that raises the rule.
    public static func triggering(_ devices: String, guest: String, xen: String = "4.17", chosen: String? = nil, otherGuest: String? = nil, board: String = "") -> RuleExample {
        RuleExample(devices: devices, guest: guest, triggers: true, xen: xen, otherGuest: otherGuest, board: board, chosen: chosen, host: nil)
    }

    /// An example that does not raise the rule.
    public static func clean(_ devices: String, guest: String, xen: String = "4.17", chosen: String? = nil, otherGuest: String? = nil, board: String = "") -> RuleExample {
        RuleExample(devices: devices, guest: guest.replacingOccurrences(of: String(marker), with: ""), triggers: false, xen: xen, otherGuest: otherGuest, board: board, chosen: chosen, host: nil)
    }

    /// A board rule's example that raises it: the whole host tree, checked without a guest.
    public static func triggeringBoard(_ host: String, xen: String = "4.17") -> RuleExample {
        RuleExample(devices: "", guest: "", triggers: true, xen: xen, otherGuest: nil, board: "", chosen: nil, host: host)
    }

    /// A board rule's example that does not raise it.
    public static func cleanBoard(_ host: String, xen: String = "4.17") -> RuleExample {
        RuleExample(devices: "", guest: "", triggers: false, xen: xen, otherGuest: nil, board: "", chosen: nil, host: host)
    }

    /// The marker.
    public static let marker: Character = "↓"

    /// The full host DTS of the example.
    public var hostSource: String {
        if let host { return host }
        let indented = devices.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "\t\t" + $0 }.joined(separator: "\n")
        return """
            /dts-v1/;

            / {
            \t#address-cells = <2>;
            \t#size-cells = <2>;
            \tinterrupt-parent = <&gic>;
            \(chosen.map { "\n\tchosen {\n\t\tstdout-path = \"\($0)\";\n\t};\n" } ?? "")
            \tsoc {
            \t\tcompatible = "simple-bus";
            \t\t#address-cells = <1>;
            \t\t#size-cells = <1>;
            \t\tranges = <0x0 0x0 0x0 0xffffffff>;

            \t\tgic: interrupt-controller@f9010000 {
            \t\t\tcompatible = "arm,gic-400";
            \t\t\tinterrupt-controller;
            \t\t\t#interrupt-cells = <3>;
            \t\t\treg = <0xf9010000 0x1000>, <0xf9020000 0x2000>;
            \t\t};

            \(indented)
            \t};
            };

            """
    }

    /// The guest manifest without the marker, and the marker's 1-based line and column.
    public var guestManifest: (text: String, line: Int, column: Int)? {
        var text = "guest: example\nboard: board.yaml\nmemory: 256M\n"
        var position: (Int, Int)?
        for (number, line) in guest.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let marker = line.firstIndex(of: Self.marker) {
                position = (number + 4, line[..<marker].unicodeScalars.count + 1)
            }
            text += line.replacingOccurrences(of: String(Self.marker), with: "") + "\n"
        }
        return position.map { (text, $0.0, $0.1) } ?? (triggers ? nil : (text, 0, 0))
    }
}
