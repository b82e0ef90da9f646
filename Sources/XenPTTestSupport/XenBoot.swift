import Foundation
import Testing

/// Xen itself as an oracle: `Tests/Boot/xenboot.py` boots xenpt's artifacts on Xen 4.17 under
/// QEMU (arm64 `virt`, TCG) and records the serial line; `XenBootLog` reads what Xen and the
/// guest said, and `problems(plan:)` compares it with what xenpt planned.
public enum XenBoot {
    /// How the guest is started.
    public enum Path: String, Sendable {
        /// Xen starts the guest from boot modules (`dom0less.dtsi`, `dom0less.dtb`).
        case dom0less
        /// dom0 runs `xl create guest.cfg` with `guest.dtb`.
        case xl
    }

    /// The harness script.
    public static let script = packageRoot.appendingPathComponent("Tests/Boot/xenboot.py")

    private static let tools = ["qemu-system-aarch64", "python3", "dtc", "fdtoverlay", "fdtget", "dpkg-deb"]

    /// Whether the cache holds what `path` boots need, or why not: prepared once per path and run.
    private static let prepared: [Path: Result<Void, PrepareFailure>] = {
        var results: [Path: Result<Void, PrepareFailure>] = [:]
        for path in [Path.dom0less, .xl] {
            guard let result = try? Subprocess.run("python3", args: [script.path, "prepare", path.rawValue]) else {
                results[path] = .failure(PrepareFailure(message: "python3 did not start"))
                continue
            }
            results[path] = result.status == 0 ? .success(()) : .failure(PrepareFailure(message: result.stderrText))
        }
        return results
    }()

    private struct PrepareFailure: Error {
        var message: String
    }

    /// True when boots of `path` can run; otherwise prints a visible `SKIP:` (an issue under `CI=true`).
    public static func require(_ path: Path, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        let missing = tools.filter { Oracle.find($0) == nil }
        if !missing.isEmpty {
            print("SKIP: Xen boot tests need \(missing.joined(separator: ", ")) (\(sourceLocation.fileName):\(sourceLocation.line))")
            if isCI { Issue.record("\(missing.joined(separator: ", ")) required when CI=true", sourceLocation: sourceLocation) }
            return false
        }
        switch prepared[path] {
        case .success?:
            return true
        case .failure(let failure)?:
            print("SKIP: the Xen boot packages are not available: \(failure.message) (\(sourceLocation.fileName):\(sourceLocation.line))")
            if isCI { Issue.record("preparing the \(path.rawValue) boot failed: \(failure.message)", sourceLocation: sourceLocation) }
            return false
        case nil:
            return false
        }
    }

    /// Boots `guest` of the board xenpt built into `boardOut` and returns the harness's exit
    /// status and the serial line.
    public static func boot(
        _ path: Path, host: URL, boardOut: URL, guest: String, timeout: Int
    ) throws -> (status: Int32, log: XenBootLog) {
        try TemporaryDirectory.with(prefix: "xen-boot-log") { folder in
            let log = folder.appendingPathComponent("serial.log")
            let result = try Subprocess.run("python3", args: [
                script.path, "boot", path.rawValue, "--host", host.path, "--board-out", boardOut.path,
                "--guest", guest, "--timeout", String(timeout), "--log", log.path, "--quiet",
            ])
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            // XENPT_BOOT_LOGS=DIR keeps every serial line for a look afterwards.
            if let keep = ProcessInfo.processInfo.environment["XENPT_BOOT_LOGS"], !keep.isEmpty {
                try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                try? Data(text.utf8).write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(guest)-\(path.rawValue)-\(UUID().uuidString.prefix(8)).log"))
            }
            return (result.status, XenBootLog(text: text, harness: result.stderrText))
        }
    }
}

/// A device the guest's init (in `xenboot.py`) reports on.
public struct GuestDevice: Sendable {
    /// The Linux driver that must bind it.
    public var driver: String
    /// Its node name without the unit address: the guest's device is `<address>.<node>`.
    public var node: String
    /// Whether the guest raises its interrupt and counts it (the RTC alarm).
    public var raisesInterrupt: Bool

    /// The PL031 RTC: `rtc-pl031`, with an alarm two seconds ahead.
    public static let rtc = GuestDevice(driver: "rtc-pl031", node: "pl031", raisesInterrupt: true)
    /// The PL061 GPIO controller: `pl061_gpio` (its interrupt is chained, not counted by name).
    public static let gpio = GuestDevice(driver: "pl061_gpio", node: "pl061", raisesInterrupt: false)
}

/// What xenpt planned for one guest, read from its `plan.json`.
public struct PlannedAssignment: Sendable, Equatable {
    /// One `iomem` run: host frame, page count, guest frame.
    public struct MemoryRun: Sendable, Equatable {
        /// The first host frame.
        public var hostFrame: UInt64
        /// How many frames.
        public var pages: UInt64
        /// The first guest frame.
        public var guestFrame: UInt64

        /// A run of `pages` frames from `hostFrame`, at `guestFrame` in the guest.
        public init(hostFrame: UInt64, pages: UInt64, guestFrame: UInt64) {
            self.hostFrame = hostFrame
            self.pages = pages
            self.guestFrame = guestFrame
        }
    }

    /// The interrupt IDs (`irqs`).
    public var irqs: [UInt64]
    /// The `iomem` runs.
    public var memory: [MemoryRun]

    /// Reads `xl.irqs` and `xl.iomem` from a plan.
    public init(plan: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any]
        let xl = object?["xl"] as? [String: Any] ?? [:]
        irqs = (xl["irqs"] as? [NSNumber] ?? []).map(\.uint64Value)
        memory = (xl["iomem"] as? [String] ?? []).compactMap { entry in
            // "0xMFN,0xPAGES@0xGFN"; without "@" the guest frame is the host frame.
            let parts = entry.split(separator: "@")
            let host = parts[0].split(separator: ",")
            func hex(_ text: Substring) -> UInt64? { UInt64(text.dropFirst(2), radix: 16) }
            guard host.count == 2, let mfn = hex(host[0]), let pages = hex(host[1]) else { return nil }
            let gfn = parts.count == 2 ? hex(parts[1]) : mfn
            return gfn.map { MemoryRun(hostFrame: mfn, pages: pages, guestFrame: $0) }
        }
    }
}

/// The serial line of one boot, read for what Xen and the guest said.
public struct XenBootLog: Sendable {
    /// Everything QEMU's serial line carried.
    public let text: String
    /// The harness's own lines (timings, timeouts).
    public let harness: String

    /// A log of serial `text` and the harness's `harness` lines.
    public init(text: String, harness: String) {
        self.text = text
        self.harness = harness
    }

    /// Xen's and libxl's lines that say an assignment failed.
    public var xenErrors: [String] {
        lines.filter { line in
            ["Failed to assign", "Couldn't find node", "failed give domain access", "libxl: error"].contains { line.contains($0) }
        }
    }

    /// `Interrupts { … }` and `I/O Memory { … }` of each domain from Xen's `q` dump.
    public var rangesets: [Int: (interrupts: String, memory: String)] {
        var result: [Int: (interrupts: String, memory: String)] = [:]
        var domain: Int?
        for line in lines {
            if let range = line.range(of: "Rangesets belonging to domain ") {
                domain = Int(line[range.upperBound...].prefix { $0.isNumber })
                continue
            }
            guard let current = domain else { continue }
            if let body = Self.braces(line, after: "Interrupts {") {
                result[current, default: ("", "")].interrupts = body
            } else if let body = Self.braces(line, after: "I/O Memory {") {
                result[current, default: ("", "")].memory = body
                domain = nil
            }
        }
        return result
    }

    /// The guest's marker lines (`XENPT-…`), without Xen's or dom0's prefix.
    public var markers: [String] {
        lines.compactMap { line in line.range(of: "XENPT-").map { String(line[$0.lowerBound...]) } }
    }

    /// Kernel panics, the guest's or dom0's.
    public var panics: [String] { lines.filter { $0.contains("Kernel panic - not syncing") } }

    private var lines: [String] { text.split(separator: "\n").map(String.init) }

    private static func braces(_ line: String, after opening: String) -> String? {
        guard let start = line.range(of: opening), let end = line.range(of: "}", range: start.upperBound..<line.endIndex) else { return nil }
        return line[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
    }

    /// Everything that says the guest did not get the planned device, one line each; empty when
    /// Xen accepted the assignment with exactly the planned interrupts and frames and the guest
    /// kernel bound `device`'s driver at the planned guest address (and took its interrupt).
    public func problems(plan: PlannedAssignment, path: XenBoot.Path, device: GuestDevice = .rtc) -> [String] {
        var problems: [String] = []
        if harness.contains("end=timeout") || harness.contains("end=qemu-exited") || !harness.contains("end=") {
            problems.append("the boot did not finish: \(harness.split(separator: "\n").joined(separator: "; "))")
        }
        problems += xenErrors.map { "Xen reported: \($0)" }
        problems += panics.map { "a kernel panicked: \($0)" }
        // Xen 4.17's dom0less code permits one frame past each `xen,reg` run; xl's `iomem` permits
        // exactly the run, and xl's `irqs` never enter the domain's rangeset on Arm.
        let memory = plan.memory.map { run in
            let last = run.hostFrame + run.pages - (path == .dom0less ? 0 : 1)
            return last == run.hostFrame ? hex(run.hostFrame) : "\(hex(run.hostFrame))-\(hex(last))"
        }.joined(separator: ", ")
        let interrupts = path == .dom0less ? plan.irqs.map(String.init).joined(separator: ", ") : ""
        if let domain = rangesets[1] {
            if domain.interrupts != interrupts { problems.append("domain 1 may use interrupts { \(domain.interrupts) }, planned { \(interrupts) }") }
            if domain.memory != memory { problems.append("domain 1 may map frames { \(domain.memory) }, planned { \(memory) }") }
        } else {
            problems.append("Xen printed no rangesets for domain 1")
        }
        if path == .xl {
            for irq in plan.irqs where !text.contains("Domain 1:irq \(irq)\n") {
                problems.append("libxl did not route irq \(irq) to domain 1")
            }
            if !markers.contains("XENPT-XL-CREATE status=0") { problems.append("xl create failed") }
        }
        // The guest side: the driver bound at the planned guest address and the alarm interrupt came.
        guard let first = plan.memory.first else { return problems + ["the plan maps no frames"] }
        let address = hex(first.guestFrame << 12)
        if !markers.contains("XENPT-BOUND \(device.driver) \(address).\(device.node)") {
            let bound = markers.filter { $0.hasPrefix("XENPT-BOUND") || $0.hasPrefix("XENPT-UNBOUND") }
            problems.append("the guest did not bind \(device.driver) at 0x\(address) (\(bound.isEmpty ? "no driver report" : bound.joined(separator: "; ")))")
        }
        for irq in plan.irqs where device.raisesInterrupt {
            let taken = markers.contains { marker in
                let fields = marker.split(separator: " ", omittingEmptySubsequences: true)
                // "XENPT-IRQ 13: 1 GICv3 34 Level rtc-pl031"
                return fields.count >= 6 && fields[0] == "XENPT-IRQ" && (UInt64(fields[2]) ?? 0) > 0 && fields[4] == "\(irq)"
                    && fields.last.map(String.init) == device.driver
            }
            if !taken { problems.append("the guest took no interrupt \(irq)") }
        }
        return problems
    }

    private func hex(_ value: UInt64) -> String { String(value, radix: 16) }
}
