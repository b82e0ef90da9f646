// MMIO rules: `iomem` maps whole 4 KiB frames; nothing in Xen checks a GFN against the guest
// map (see reference/xen-guest-layout.md section 5).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// The guest placement collides with the guest memory map.
    public static let guestAddressConflict = RuleDescription(
        code: "XPT-MMIO-004", name: "guest-address-conflict", family: .mmio, severity: .error,
        summary: "a device's guest address overlaps Xen's guest memory map or another device",
        rationale: """
            Xen and libxl map RAM, the vGIC, grant table, magic pages and more at fixed guest addresses \
            (xen/include/public/arch-arm.h) and check nothing against `iomem`. An overlap gives a guest that \
            hangs or corrupts memory. Warning only for windows this guest does not use (vPCI without PCI devices).
            """,
        fix: "use `guest-address: auto`, or an address in a hole of the guest map",
        examples: [
            .triggering(
                RuleExample.uart,
                guest: """
                passthrough:
                  - device: /soc/serial@ff000000
                    guest-address: ↓identity

                """
            ),
            .triggering(
                RuleExample.uart,
                guest: """
                passthrough:
                  - device: /soc/serial@ff000000
                    guest-address: ↓0x03001000

                """
            ),
            .clean(
                RuleExample.uart,
                guest: """
                passthrough:
                  - device: /soc/serial@ff000000
                    guest-address: 0x05000000

                """
            ),
        ])
}

extension LintRule {
    /// Raises a guest range the manifest asks for (`identity` or an address) that overlaps a
    /// window of the guest map or a device placed before it, and a device the allocator could
    /// not place.
    public static let guestAddressConflict = LintRule(.guestAddressConflict) { input in
        let layout = input.plan.layout
        var out: [Diagnostic] = []
        var placed: [(start: UInt64, end: UInt64, path: String)] = []
        for (device, request) in input.devices {
            let path = device.hostPath
            let label = Label(request.address?.range ?? request.reference.range, "")
            if let bytes = device.unplacedBytes {
                out.append(RuleDescription.guestAddressConflict.diagnostic(
                    "no free guest range of \(hex(bytes)) bytes for \(path) below 4 GiB", at: label, devicePath: path,
                    fields: [.number("bytes", bytes)]))
            }
            let placement = device.placement
            // A device without registers, or one that could not be placed, takes no guest range.
            guard placement.pageSpan > 0 else { continue }
            let start = placement.guestBase
            let (sum, overflow) = start.addingReportingOverflow(placement.pageSpan << 12)
            let end = overflow ? UInt64.max : sum
            defer { placed.append((start, end, path)) }
            guard let asked = request.address?.value, asked != .auto else { continue }
            for window in layout.windows(overlapping: start, end) {
                let optional = !window.isPresent
                var label = label
                label.message = "\(hex(start))-\(hex(end - 1)) overlaps \(hex(window.base))-\(hex(window.end - 1))"
                var notes = [Note("`\(window.name)` in the Xen \(layout.xenVersion) guest map: \(window.use)")]
                if window.isRAM {
                    notes.append(Note("libxl places guest RAM from the start of the bank and advertises the rest as extended regions"))
                }
                if optional, let feature = window.feature {
                    notes.append(Note("the window exists only when the guest uses \(feature)"))
                }
                out.append(RuleDescription.guestAddressConflict.diagnostic(
                    "guest address of \(path) overlaps the `\(window.name)` window of the guest map",
                    severity: optional ? .warning : .error, at: label, notes: notes,
                    devicePath: path, dataPath: request.address?.path.description ?? request.reference.path.description,
                    fields: [.number("gfn", start >> 12), .number("frames", placement.pageSpan), .text("window", window.name)]))
            }
            for other in placed where other.start < end && start < other.end {
                var label = label
                label.message = "\(hex(start))-\(hex(end - 1))"
                out.append(RuleDescription.guestAddressConflict.diagnostic(
                    "guest address of \(path) overlaps \(other.path) in the guest", at: label, devicePath: path,
                    related: [RelatedNode(other.path, "placed at \(hex(other.start))-\(hex(other.end &- 1)) in the guest")],
                    fields: [.number("gfn", start >> 12), .number("frames", placement.pageSpan)]))
            }
        }
        return out
    }
}
