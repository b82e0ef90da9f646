import DeviceTree
import Diagnostics

/// Turns a plan request into a guest plan: placement, interrupts, protection, and the guest
/// copy of each device. Deterministic: the same request gives the same plan.
public enum Resolver {
    /// Plans one guest. Host facts can be shared between guests of one board.
    public static func plan(_ request: PlanRequest, facts: HostFacts? = nil) -> GuestPlan {
        var planner = GuestPlanner(request: request, facts: facts ?? HostFacts(index: request.index, gicCompatibles: request.gicCompatibles))
        return planner.run()
    }
}

/// The working state of planning one guest.
struct GuestPlanner {
    let request: PlanRequest
    let facts: HostFacts
    var index: DeviceTreeIndex { request.index }
    var diagnostics: [Diagnostic] = []
    /// Every node given to this guest (devices and their descendants).
    var assigned: Set<NodeID> = []
    /// Guest ranges already taken by devices: start, end, host path.
    var placed: [(start: UInt64, end: UInt64, path: String)] = []
    /// Clock stand-ins by (provider, specifier), in creation order.
    var clockStubs: [ClockKey: ClockStub] = [:]
    var clockOrder: [ClockKey] = []
    /// The bytes the device being planned needed when the allocator found no free guest range.
    var unplacedBytes: UInt64?
    /// Guest labels given to host nodes referenced inside the guest.
    var guestLabels: [NodeID: String] = [:]

    struct ClockKey: Hashable {
        let provider: NodeID
        let specifier: [UInt32]
    }

    init(request: PlanRequest, facts: HostFacts) {
        self.request = request
        self.facts = facts
    }

    mutating func run() -> GuestPlan {
        for device in request.devices {
            assigned.insert(device.node)
            for descendant in index.descendants(device.node) { assigned.insert(descendant) }
        }
        var devices: [PlannedDevice] = []
        var seen: Set<NodeID> = []
        for device in request.devices {
            guard seen.insert(device.node).inserted else {
                diagnostics.append(ResolveError.duplicateDevice(device.reference, path: index.path(device.node)))
                continue
            }
            devices.append(planDevice(device))
        }
        let mappings = PageMapping.runs(of: devices)
        var interruptIDs = Set<UInt32>()
        for device in devices { for interrupt in device.interrupts { if let id = interrupt.interruptID { interruptIDs.insert(id) } } }
        return GuestPlan(
            guest: request.guest, board: request.board, xenVersion: request.layout.xenVersion, layout: request.layout,
            devices: devices, assigned: assigned, pageMappings: mappings, interruptIDs: interruptIDs.sorted(),
            dtdev: devices.filter { $0.protection.isProtected }.map(\.hostPath),
            diagnostics: diagnostics
        )
    }

    // MARK: - One device

    mutating func planDevice(_ device: DeviceRequest) -> PlannedDevice {
        let node = device.node
        let path = index.path(node)
        let subtree = [node] + index.descendants(node)
        let hostNote = hostLocationNote(node)

        // The path goes into `dtdev`, the U-Boot script and the overlay: only characters every
        // one of them carries as written.
        if let bad = HostNames.firstBadScalar(inPath: path) {
            diagnostics.append(ResolveError.unwritableHostName(device.reference, name: path, character: bad, at: hostNote))
        }
        // Every node and property of the subtree is copied into the guest tree by name.
        for member in subtree.dropFirst() {
            if let bad = index.node(member).name.unicodeScalars.first(where: { !HostNames.isNameScalar($0) }) {
                diagnostics.append(ResolveError.unwritableHostName(device.reference, name: index.path(member), character: bad, at: hostLocationNote(member)))
            }
        }
        for member in subtree {
            for property in index.node(member).properties {
                if let bad = property.name.unicodeScalars.first(where: { !HostNames.isNameScalar($0) }) {
                    diagnostics.append(ResolveError.unwritableHostName(device.reference, name: "property `\(property.name)` of \(index.path(member))",
                                                                       character: bad, at: hostLocationNote(member)))
                }
            }
        }

        // MMIO regions of the node and every CPU-visible descendant.
        var hostRegions: [(node: NodeID, region: RegisterRegion, first: UInt64, last: UInt64)] = []
        var recorded: [HostRegion] = []
        for member in subtree {
            let regions: [RegisterRegion]
            do { regions = try index.registerRegions(of: member) } catch {
                diagnostics.append(ResolveError.hostTree(error, at: device.reference, note: hostLocationNote(member)))
                continue
            }
            for region in regions {
                guard let cpu = region.cpuAddress, region.size > 0 else { continue }
                let (lastByte, overflow) = cpu.addingReportingOverflow(region.size - 1)
                if overflow {
                    diagnostics.append(ResolveError.addressOverflow(device.reference, path: index.path(member), regIndex: region.index))
                    continue
                }
                recorded.append(HostRegion(node: member, nodePath: index.path(member), regIndex: region.index, hostAddress: cpu, size: region.size))
                hostRegions.append((member, region, cpu >> 12, lastByte >> 12))
            }
        }

        unplacedBytes = nil
        let placement = place(device, frames: hostRegions.map { ($0.first, $0.last) })
        var planned: [PlannedRegion] = []
        for (member, region, first, last) in hostRegions {
            guard let placement, let cpu = region.cpuAddress else { continue }
            let guestAddress = placement.guestBase + (cpu - placement.hostBase)
            planned.append(PlannedRegion(
                node: member, nodePath: index.path(member), regIndex: region.index, hostAddress: cpu, size: region.size,
                guestAddress: guestAddress, firstFrame: first, frameCount: last - first + 1))
        }

        let interrupts = planInterrupts(subtree: subtree, device: device)
        let (protection, protectionPaths) = planProtection(device)
        var clocks: [ClockStub] = []
        var clockUses: [ClockUse] = []
        var regulators: [RegulatorStub] = []
        var dropped: [DroppedProperty] = []
        for member in subtree {
            let planned = planClocks(member, device: device)
            clocks += planned.stubs
            clockUses += planned.uses
            regulators += planRegulators(member, device: device)
            dropped += droppedProperties(member, device: device)
        }

        let ownRegion = planned.first { $0.node == node }
        let guestName = ownRegion.map { "\(index.node(node).baseName)@\(String($0.guestAddress, radix: 16))" } ?? index.node(node).name
        var uniqueClocks: [ClockStub] = []
        for clock in clocks where !uniqueClocks.contains(clock) { uniqueClocks.append(clock) }
        return PlannedDevice(
            node: node, hostPath: path, guestName: guestName, policy: device.policy,
            placement: placement ?? Placement(mode: .fixed, guestBase: 0, hostBase: 0, pageSpan: 0,
                                              reason: hostRegions.isEmpty ? "the device has no memory-mapped registers"
                                                  : "no guest address can be given to its registers (see the errors)"),
            regions: planned, unplacedBytes: unplacedBytes, hostRegions: recorded, interrupts: interrupts, protection: protection,
            protectionPaths: protectionPaths, clocks: uniqueClocks, clockUses: clockUses, regulators: regulators,
            droppedProperties: dropped, aliases: index.aliases(of: node))
    }

    /// A note pointing at a host node's definition; empty when the tree came from a blob.
    func hostLocationNote(_ node: NodeID) -> [Note] {
        index.definitionNote(node)
    }

    /// Chooses the guest address of a device's first frame. Every range it returns lies inside
    /// the guest physical address space (`GuestLayout.addressLimit`), so no later sum overflows.
    mutating func place(_ device: DeviceRequest, frames: [(UInt64, UInt64)]) -> Placement? {
        guard let firstFrame = frames.map(\.0).min(), let lastFrame = frames.map(\.1).max() else { return nil }
        let hostBase = firstFrame << 12
        let span = lastFrame - firstFrame + 1
        let path = index.path(device.node)
        let asked = device.address?.value ?? .auto
        let label = Label(device.address?.range ?? device.reference.range, "")
        let limit = request.layout.addressLimit
        let (bytes, tooLarge) = span.multipliedReportingOverflow(by: 4096)
        guard !tooLarge, bytes <= limit else {
            diagnostics.append(ResolveError.spanTooLarge(device.reference, path: path, firstFrame: firstFrame, lastFrame: lastFrame,
                                                         limit: limit, xenVersion: request.layout.xenVersion))
            return nil
        }
        /// Whether `bytes` from `base` stay inside the guest physical address space.
        func fits(_ base: UInt64) -> Bool { base <= limit - bytes }

        func record(_ mode: Placement.Mode, _ base: UInt64, _ reason: String) -> Placement {
            placed.append((base, base + bytes, path))
            return Placement(mode: mode, guestBase: base, hostBase: hostBase, pageSpan: span, reason: reason)
        }

        switch asked {
        case .identity, .address:
            var base = hostBase
            if case .address(let given) = asked { base = given }
            guard fits(base) else {
                diagnostics.append(ResolveError.guestRangeOutside(
                    at: label.range, path: path, start: base, bytes: bytes, limit: limit, identity: asked == .identity,
                    xenVersion: request.layout.xenVersion, dataPath: device.address?.path.description ?? device.reference.path.description))
                return nil
            }
            return asked == .identity
                ? record(.identity, base, "`identity` in the manifest: guest address equals host address")
                : record(.fixed, base, "given in the manifest")
        case .auto:
            if fits(hostBase), conflicts(hostBase, bytes).isEmpty {
                return record(.identity, hostBase, "the host address is free in the Xen \(request.layout.xenVersion) guest map, so it is kept (1:1)")
            }
            let alignment = Self.alignment(forBytes: bytes)
            let below4G: UInt64 = 1 << 32
            let holes = request.layout.holes(below: min(below4G, limit))
                .sorted { ($0.end - $0.start, $1.start) > ($1.end - $1.start, $0.start) }
            for hole in holes {
                var candidate = Self.alignUp(hole.start, alignment)
                while candidate < hole.end, hole.end - candidate >= bytes {
                    if let clash = placed.first(where: { $0.start < candidate + bytes && candidate < $0.end }) {
                        candidate = Self.alignUp(clash.end, alignment)
                        continue
                    }
                    let window = "\(hex(hole.start))-\(hex(hole.end - 1))"
                    let why = !fits(hostBase) ? "host address \(hex(hostBase)) is past the end of the guest physical address space"
                        : conflicts(hostBase, bytes).first.map { "host address \(hex(hostBase)) is \($0)" } ?? "host address is not free"
                    return record(.allocated, candidate,
                                  "\(why); placed in the largest free hole of the Xen \(request.layout.xenVersion) guest map below 4 GiB (\(window)), \(hex(alignment))-aligned")
                }
            }
            unplacedBytes = bytes
            return nil
        }
    }

    /// What a guest range collides with, in words; empty when free.
    func conflicts(_ start: UInt64, _ bytes: UInt64) -> [String] {
        let end = start.addingReportingOverflow(bytes).overflow ? UInt64.max : start + bytes
        var out = request.layout.windows(overlapping: start, end).map { "in the `\($0.name)` window (\($0.use))" }
        out += placed.filter { $0.start < end && start < $0.end }.map { "taken by \($0.path)" }
        return out
    }

    static func alignment(forBytes bytes: UInt64) -> UInt64 {
        var alignment: UInt64 = 0x10000
        while alignment < bytes, alignment < 0x200000 { alignment <<= 1 }
        return alignment
    }

    static func alignUp(_ value: UInt64, _ alignment: UInt64) -> UInt64 {
        let (sum, overflow) = value.addingReportingOverflow(alignment - 1)
        return overflow ? UInt64.max & ~(alignment - 1) : sum & ~(alignment - 1)
    }
}

extension DeviceTreeIndex {
    /// Where a host node is defined, when the tree came from source.
    func definitionRange(_ node: NodeID) -> SourceRange? {
        location(of: node).map { SourceRange(start: $0) }
    }

    /// A note pointing at a host node's definition; empty when the tree came from a blob.
    func definitionNote(_ node: NodeID) -> [Note] {
        guard let range = definitionRange(node) else { return [] }
        return [Note("\(path(node)) is defined here", at: range)]
    }
}

/// `0x…` lowercase hex.
func hex<T: BinaryInteger>(_ value: T) -> String {
    "0x" + String(value, radix: 16)
}
