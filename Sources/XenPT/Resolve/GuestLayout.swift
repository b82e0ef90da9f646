/// The guest physical address map and interrupt reservations of one guest: the Xen release's
/// windows, each marked present or absent for this guest's features.
public struct GuestLayout: Sendable, Hashable {
    /// One window of the guest map.
    public struct Window: Sendable, Hashable {
        /// Short name (`vgic-v3-gicr`).
        public let name: String
        /// What it is for, in words.
        public let use: String
        /// First address.
        public let base: UInt64
        /// Size in bytes.
        public let size: UInt64
        /// What the window is (a RAM bank's unused tail becomes extended regions).
        public let role: WindowRole
        /// Whether the window exists for this guest (vPCI only with PCI devices, …).
        public let isPresent: Bool
        /// The feature that makes it present, when not always (`pci`, `virtio`, …).
        public let feature: String?

        /// Creates a window.
        public init(name: String, use: String, base: UInt64, size: UInt64, role: WindowRole = .mmio, isPresent: Bool = true, feature: String? = nil) {
            self.name = name
            self.use = use
            self.base = base
            self.size = size
            self.role = role
            self.isPresent = isPresent
            self.feature = feature
        }

        /// Whether the window is a guest RAM bank.
        public var isRAM: Bool { role == .ram }

        /// One past the last address (saturating).
        public var end: UInt64 {
            let (sum, overflow) = base.addingReportingOverflow(size)
            return overflow ? UInt64.max : sum
        }

        /// True when `[start, end)` overlaps the window.
        public func overlaps(_ start: UInt64, _ end: UInt64) -> Bool {
            start < self.end && base < end
        }
    }

    /// GIC interrupt IDs Xen keeps for its own virtual devices.
    public struct ReservedInterrupts: Sendable, Hashable {
        /// Short name (`vpl011`).
        public let name: String
        /// First INTID.
        public let first: UInt32
        /// Last INTID (inclusive).
        public let last: UInt32
        /// Whether the device exists for this guest.
        public let isPresent: Bool

        /// Creates a reservation.
        public init(name: String, first: UInt32, last: UInt32, isPresent: Bool) {
            self.name = name
            self.first = first
            self.last = last
            self.isPresent = isPresent
        }
    }

    /// The Xen release this layout is for (`4.17`).
    public let xenVersion: String
    /// Windows in address order.
    public let windows: [Window]
    /// Reserved SPI ranges.
    public let reservedInterrupts: [ReservedInterrupts]
    /// `GUEST_PHANDLE_GIC`.
    public let gicPhandle: UInt32

    /// Creates a layout; windows are sorted by base.
    public init(xenVersion: String, windows: [Window], reservedInterrupts: [ReservedInterrupts], gicPhandle: UInt32) {
        self.xenVersion = xenVersion
        self.windows = windows.sorted { ($0.base, $0.name) < ($1.base, $1.name) }
        self.reservedInterrupts = reservedInterrupts
        self.gicPhandle = gicPhandle
    }

    /// One past the highest address of the guest map: the guest physical address space xenpt
    /// places devices in (1 TiB on arm64, the end of the second RAM bank). A layout without
    /// windows allows the whole 64-bit space but its last page.
    public var addressLimit: UInt64 {
        windows.map(\.end).max() ?? (UInt64.max & ~0xfff)
    }

    /// Windows overlapping `[start, end)`.
    public func windows(overlapping start: UInt64, _ end: UInt64) -> [Window] {
        windows.filter { $0.overlaps(start, end) }
    }

    /// The free holes below `limit`: address ranges no window (present or not) covers, ascending.
    ///
    /// Optional windows count as taken, so a placement stays valid if the guest later gains
    /// PCI or virtio devices.
    public func holes(below limit: UInt64) -> [(start: UInt64, end: UInt64)] {
        var out: [(UInt64, UInt64)] = []
        var cursor: UInt64 = 0
        for window in windows where window.base < limit {
            if window.base > cursor { out.append((cursor, window.base)) }
            cursor = max(cursor, window.end)
        }
        if cursor < limit { out.append((cursor, limit)) }
        return out.map { (start: $0.0, end: $0.1) }
    }
}
