import DeviceTree
import Diagnostics
import Foundation

/// One generated file: its path under the output folder and its bytes.
public struct Artifact: Sendable, Hashable {
    /// Relative path (`midway/net/guest.cfg`).
    public let path: String
    /// Content.
    public let bytes: [UInt8]

    /// Creates an artifact from text.
    public init(path: String, text: String) {
        self.path = path
        self.bytes = Array(text.utf8)
    }

    /// Creates an artifact from bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Produces every artifact of a set of planned guests.
public enum ArtifactBuilder {
    /// How xenpt compiles the DTS it generated itself: never through cpp, so nothing in the text
    /// (a header line, a value) can act as a directive, include a file or expand a macro.
    static let generatedSource = DTSCompileOptions(usePreprocessor: .never)

    /// Every file name a build can produce (what `OutputFolder` may replace or remove).
    public static let fileNames: Set<String> = [
        "guest.dts", "guest.dtb", "guest.cfg", "plan.json", "dom0less.dts", "dom0less.dtb", "dom0less.dtsi",
        "passthrough.dtso", "uboot-passthrough.cmd",
    ]

    /// Artifacts of all guests and of their boards' host patches, sorted by path. Fails with
    /// diagnostics only on internal inconsistencies (a generated DTS our compiler rejects).
    public static func build(_ guests: [PlannedGuest]) -> Result<[Artifact], DiagnosticList> {
        var artifacts: [Artifact] = []
        var problems: [Diagnostic] = []
        var byBoard: [String: [PlannedGuest]] = [:]
        for planned in guests {
            byBoard[planned.board.manifest.file, default: []].append(planned)
            switch guestArtifacts(planned) {
            case .success(let files): artifacts += files
            case .failure(let list): problems += list.diagnostics
            }
        }
        for (_, planned) in byBoard.sorted(by: { $0.key < $1.key }) {
            artifacts += hostArtifacts(planned)
        }
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        return .success(artifacts.sorted { $0.path < $1.path })
    }

    /// `guest.dts`, `guest.dtb`, `guest.cfg`, `plan.json` of one guest.
    public static func guestArtifacts(_ planned: PlannedGuest) -> Result<[Artifact], DiagnosticList> {
        let plan = planned.plan
        let guest = planned.guest
        let board = planned.board
        let folder = "\(board.name)/\(guest.name)"
        let header = ArtifactHeader(
            title: "Guest `\(guest.name)` on board `\(board.name)`",
            xenVersion: plan.xenVersion,
            inputs: [(board.name(ofGuest: guest.manifest), guest.manifestHash), (board.manifestName, board.manifestHash), (board.hostName, board.hostHash)])

        var builder = GuestTreeBuilder(plan: plan, index: board.index)
        let tree = builder.build()
        if let name = HostNames.firstBadName(in: tree.root) { return .failure(DiagnosticList([unwritableName(name, guest: guest)])) }
        let dts = header.comment("//") + "// The guest GIC is the toolstack's (phandle \(plan.layout.gicPhandle) = \(hex(plan.layout.gicPhandle))); `/gic` only stands in for it.\n"
            + DTSPrinter.source(tree)
        let dtb: [UInt8]
        switch DTSCompiler.compile(source: dts, fileName: "\(folder)/guest.dts", options: generatedSource) {
        case .success(let compiled):
            do { dtb = try DTBWriter.write(compiled) } catch {
                return .failure(DiagnosticList([internalError("cannot write the guest DTB: \(error)")]))
            }
        case .failure(let list):
            return .failure(DiagnosticList([internalError("the generated guest DTS does not compile")] + list.diagnostics))
        }
        let settings = XLConfigWriter.GuestSettings(
            name: guest.name, memoryMiB: (guest.manifest.memory?.value ?? 0) >> 20, vcpus: guest.manifest.vcpus?.value ?? 1,
            kernel: guest.manifest.kernel?.value, ramdisk: guest.manifest.ramdisk?.value, cmdline: guest.manifest.cmdline?.value,
            deviceTree: guest.manifest.deviceTreePath?.value ?? "/etc/xen/\(board.name)/\(guest.name)/guest.dtb",
            gicVersion: guest.manifest.gic?.value, vuart: guest.manifest.vuart?.value ?? false)
        var files: [Artifact] = []
        if let boot = guest.manifest.dom0less {
            switch dom0lessArtifacts(planned, boot: boot, header: header, folder: folder) {
            case .success(let made): files += made
            case .failure(let list): return .failure(list)
            }
        }
        return .success(files + [
            Artifact(path: "\(folder)/guest.dts", text: dts),
            Artifact(path: "\(folder)/guest.dtb", bytes: dtb),
            Artifact(path: "\(folder)/guest.cfg", text: XLConfigWriter.write(plan: plan, settings: settings, header: header)),
            Artifact(path: "\(folder)/plan.json", text: PlanReport.json(plan)),
        ])
    }

    /// `dom0less.dts`/`.dtb` (the partial tree with `xen,reg`/`xen,path`) and `dom0less.dtsi`
    /// (the `/chosen` domain node naming the modules).
    static func dom0lessArtifacts(_ planned: PlannedGuest, boot: Dom0lessBoot, header: ArtifactHeader, folder: String) -> Result<[Artifact], DiagnosticList> {
        let guest = planned.guest
        var builder = GuestTreeBuilder(plan: planned.plan, index: planned.board.index, flavor: .dom0less)
        let tree = builder.build()
        if let name = HostNames.firstBadName(in: tree.root) { return .failure(DiagnosticList([unwritableName(name, guest: guest)])) }
        let dts = header.comment("//") + "// Dom0less form: Xen reads `xen,reg` and `xen,path` and takes the guest GIC phandle from `/gic`.\n"
            + DTSPrinter.source(tree)
        let dtb: [UInt8]
        switch DTSCompiler.compile(source: dts, fileName: "\(folder)/dom0less.dts", options: generatedSource) {
        case .success(let compiled):
            do { dtb = try DTBWriter.write(compiled) } catch {
                return .failure(DiagnosticList([internalError("cannot write the dom0less DTB: \(error)")]))
            }
        case .failure(let list):
            return .failure(DiagnosticList([internalError("the generated dom0less DTS does not compile")] + list.diagnostics))
        }
        let treeAddress = boot.deviceTree.address
        if treeAddress.value.addingReportingOverflow(UInt64(dtb.count) - 1).overflow {
            return .failure(DiagnosticList([ManifestError.invalidValue(
                "the device-tree module at \(hex(treeAddress.value)) runs past the end of the 64-bit address space",
                at: treeAddress.range, path: treeAddress.path,
                help: ["the partial device tree is \(dtb.count) bytes: place it at or below \(hex(UInt64.max - UInt64(dtb.count - 1)))"])]))
        }
        let clashes = Dom0lessWriter.overlaps(boot, dtbSize: UInt64(dtb.count))
        if !clashes.isEmpty {
            return .failure(DiagnosticList(clashes.map { first, second, range in
                ManifestError.invalidValue("the \(second) module overlaps the \(first) module in host memory", at: range,
                                           path: DataPath([.key("dom0less"), .key(second), .key("address")]),
                                           help: ["move it past the end of the \(first) (the device tree is \(dtb.count) bytes)"])
            }))
        }
        let fragment = Dom0lessWriter.fragment(
            guest: guest.name, memoryKiB: (guest.manifest.memory?.value ?? 0) >> 10, vcpus: guest.manifest.vcpus?.value ?? 1,
            vuart: guest.manifest.vuart?.value ?? false, cmdline: guest.manifest.cmdline?.value, boot: boot, dtbSize: UInt64(dtb.count))
        var dtsi = DTSPrinter.source(fragment)
        if dtsi.hasPrefix("/dts-v1/;\n\n") { dtsi.removeFirst("/dts-v1/;\n\n".count) }
        dtsi = header.comment("//") + "// Dom0less domain node; add it to the host tree with /include/ \"dom0less.dtsi\" after its root node.\n" + dtsi
        return .success([
            Artifact(path: "\(folder)/dom0less.dtb", bytes: dtb),
            Artifact(path: "\(folder)/dom0less.dts", text: dts),
            Artifact(path: "\(folder)/dom0less.dtsi", text: dtsi),
        ])
    }

    /// The host patch of one board: every node any of its guests gets.
    static func hostArtifacts(_ unordered: [PlannedGuest]) -> [Artifact] {
        guard let board = unordered.first?.board else { return [] }
        // In the order of their anchored names, so the spelling of the paths given cannot reorder them.
        let guests = unordered.sorted { board.name(ofGuest: $0.guest.manifest) < board.name(ofGuest: $1.guest.manifest) }
        var paths: [String] = []
        for planned in guests { for device in planned.plan.devices where !paths.contains(device.hostPath) { paths.append(device.hostPath) } }
        let versions = Set(guests.map(\.plan.xenVersion)).sorted()
        let header = ArtifactHeader(
            title: "Host change for board `\(board.name)`: mark passed-through devices so dom0 leaves them alone",
            xenVersion: versions.joined(separator: ", "),
            inputs: [(board.manifestName, board.manifestHash), (board.hostName, board.hostHash)]
                + guests.map { (board.name(ofGuest: $0.guest.manifest), $0.guest.manifestHash) })
        let overlay = header.comment("//") + DTSPrinter.source(HostPatchWriter.overlay(hostPaths: paths))
        return [
            Artifact(path: "\(board.name)/host/passthrough.dtso", text: overlay),
            Artifact(path: "\(board.name)/host/uboot-passthrough.cmd", text: HostPatchWriter.ubootScript(hostPaths: paths, header: header)),
        ]
    }

    /// A host name the guest tree would carry that no DTS can: refused before anything is
    /// printed or compiled (the resolver reports the device's own names with their places).
    static func unwritableName(_ name: String, guest: Guest) -> Diagnostic {
        Diagnostic(code: "XPT-E009", severity: .error,
                   message: "host tree: the name `\(name)` cannot be written into the device tree of guest `\(guest.name)`",
                   primary: Label(guest.manifest.name.range, "this guest's tree would carry it"),
                   help: ["names use letters, digits and `,._+*#?@-`; correct the host device tree"])
    }

    static func internalError(_ message: String) -> Diagnostic {
        Diagnostic(code: "XPT-E099", severity: .error, message: "internal error: \(message)",
                   help: ["this is a bug in xenpt; please report it with the manifests"])
    }
}

extension PathNormalizer {
    /// The last component of a path.
    public static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
