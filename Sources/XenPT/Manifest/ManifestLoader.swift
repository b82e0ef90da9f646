import Diagnostics
import Foundation

/// Loads board and guest manifests into located, typed values, collecting every problem.
public enum ManifestLoader {
    /// What kind of manifest a document is, by its first identifying key.
    public enum Kind: Sendable { case board, guest }

    /// The kind of a parsed document, or nil if it is neither.
    public static func kind(of root: YAMLNode) -> Kind? {
        if root["board"] != nil, root["guest"] == nil, root["host"] != nil { return .board }
        if root["guest"] != nil { return .guest }
        if root["host"] != nil { return .board }
        return nil
    }

    /// Reads a board manifest from a parsed document.
    public static func board(_ root: YAMLNode, file: String, diagnostics: inout [Diagnostic]) -> BoardManifest? {
        guard let reader = MappingReader(root, path: DataPath(), spec: ManifestSpecs.board, diagnostics: &diagnostics) else { return nil }
        let name = reader.string("board", diagnostics: &diagnostics).flatMap { ManifestText.name($0, kind: "board", diagnostics: &diagnostics) }
        let hostWritten = reader.string("host", diagnostics: &diagnostics)
        let host = hostWritten.map { relative($0, to: file) }
        let xen = xenVersion(reader, diagnostics: &diagnostics)
        let includes = (reader.strings("include-dirs", diagnostics: &diagnostics) ?? []).map { relative($0, to: file) }
        let schemasWritten = reader.strings("schemas", diagnostics: &diagnostics) ?? []
        let schemas = schemasWritten.map { relative($0, to: file) }
        var devices: [DeviceAnnotation] = []
        if let table = reader.node("devices") {
            if let pairs = table.pairs {
                for pair in pairs {
                    guard let key = pair.key.scalar else { continue }
                    let path = DataPath([.key("devices"), .key(key)])
                    if let annotation = deviceAnnotation(pair, path: path, diagnostics: &diagnostics) {
                        devices.append(annotation)
                    }
                }
            } else {
                diagnostics.append(ManifestError.wrongType(expected: "a mapping of node paths", found: table, path: DataPath([.key("devices")])))
            }
        }
        guard let name, let host, let hostWritten else { return nil }
        return BoardManifest(file: file, name: name, host: host, hostAsWritten: PathNormalizer.normalize(hostWritten.value), xen: xen,
                             includeDirectories: includes, schemaDirectories: schemas,
                             schemaDirectoriesAsWritten: schemasWritten.map { PathNormalizer.normalize($0.value) }, devices: devices)
    }

    private static func deviceAnnotation(_ pair: YAMLPair, path: DataPath, diagnostics: inout [Diagnostic]) -> DeviceAnnotation? {
        let device = Located(pair.key.scalar ?? "", range: pair.key.range, path: path)
        guard let reader = MappingReader(pair.value, path: path, spec: ManifestSpecs.deviceAnnotation, diagnostics: &diagnostics) else { return nil }
        var rates: [(Located<String>, Located<UInt64>)] = []
        if let table = reader.node("clock-rates") {
            if let pairs = table.pairs {
                for rate in pairs {
                    let ratePath = path.appending("clock-rates").appending(rate.key.scalar ?? "")
                    guard let name = ScalarReader.string(rate.key, path: ratePath, diagnostics: &diagnostics),
                          let hertz = ScalarReader.integer(rate.value, min: 1, max: UInt64(UInt32.max), path: ratePath, diagnostics: &diagnostics)
                    else { continue }
                    rates.append((name, hertz))
                }
            } else {
                diagnostics.append(ManifestError.wrongType(expected: "a mapping of clock names to rates", found: table, path: path.appending("clock-rates")))
            }
        }
        return DeviceAnnotation(
            device: device,
            className: reader.string("class", diagnostics: &diagnostics),
            dma: reader.word("dma", diagnostics: &diagnostics),
            reset: reader.word("reset", diagnostics: &diagnostics),
            clockRates: rates.map { (name: $0.0, hertz: $0.1) }
        )
    }

    /// Reads a guest manifest from a parsed document.
    public static func guest(_ root: YAMLNode, file: String, diagnostics: inout [Diagnostic]) -> GuestManifest? {
        let spec = ManifestSpecs.guest
        guard let reader = MappingReader(root, path: DataPath(), spec: spec, diagnostics: &diagnostics) else { return nil }
        let name = reader.string("guest", diagnostics: &diagnostics).flatMap { ManifestText.name($0, kind: "guest", diagnostics: &diagnostics) }
        let boardWritten = reader.string("board", diagnostics: &diagnostics)
        let board = boardWritten.map { relative($0, to: file) }
        let memory = reader.node("memory").flatMap { ScalarReader.memorySize($0, path: DataPath([.key("memory")]), diagnostics: &diagnostics) }
        var entries: [PassthroughEntry] = []
        for (item, path) in reader.sequence("passthrough", diagnostics: &diagnostics) ?? [] {
            if let entry = passthroughEntry(item, path: path, diagnostics: &diagnostics) { entries.append(entry) }
        }
        var waivers: [WaiverEntry] = []
        for (item, path) in reader.sequence("waive", diagnostics: &diagnostics) ?? [] {
            if let waiver = waiverEntry(item, path: path, diagnostics: &diagnostics) { waivers.append(waiver) }
        }
        guard let name, let board, let boardWritten else { return nil }
        return GuestManifest(
            file: file, name: name, board: board, boardAsWritten: PathNormalizer.normalize(boardWritten.value),
            xen: xenVersion(reader, diagnostics: &diagnostics),
            memory: memory,
            vcpus: reader.integer("vcpus", min: 1, max: 128, diagnostics: &diagnostics),
            trust: reader.word("trust", diagnostics: &diagnostics),
            gic: reader.word("gic", diagnostics: &diagnostics),
            vuart: reader.boolean("vuart", diagnostics: &diagnostics),
            virtio: reader.boolean("virtio", diagnostics: &diagnostics),
            pci: reader.boolean("pci", diagnostics: &diagnostics),
            kernel: reader.string("kernel", diagnostics: &diagnostics),
            ramdisk: reader.string("ramdisk", diagnostics: &diagnostics),
            cmdline: reader.string("cmdline", diagnostics: &diagnostics),
            deviceTreePath: reader.string("device-tree", diagnostics: &diagnostics),
            dom0less: reader.node("dom0less").flatMap { dom0less($0, key: reader.keyRange("dom0less") ?? $0.range, diagnostics: &diagnostics) },
            passthrough: entries,
            waivers: waivers,
            passthroughKey: reader.keyRange("passthrough")
        )
    }

    private static func dom0less(_ node: YAMLNode, key: SourceRange, diagnostics: inout [Diagnostic]) -> Dom0lessBoot? {
        let path = DataPath([.key("dom0less")])
        guard let reader = MappingReader(node, path: path, spec: ManifestSpecs.dom0less, diagnostics: &diagnostics) else { return nil }
        func module(_ key: String, spec: MappingSpec) -> Dom0lessBoot.Module? {
            guard let value = reader.node(key),
                  let module = MappingReader(value, path: path.appending(key), spec: spec, diagnostics: &diagnostics) else { return nil }
            let address = module.integer("address", min: 0, max: UInt64.max, diagnostics: &diagnostics)
            let size = spec.field("size") == nil ? nil : module.integer("size", min: 1, max: UInt64.max, diagnostics: &diagnostics)
            guard let address, spec.field("size") == nil || size != nil else { return nil }
            if let size, address.value.addingReportingOverflow(size.value - 1).overflow {
                diagnostics.append(ManifestError.invalidValue(
                    "the \(key) module at \(hex(address.value)) runs past the end of the 64-bit address space", at: size.range, path: size.path,
                    help: ["a module of \(hex(size.value)) bytes must start at or below \(hex(UInt64.max - (size.value - 1)))"]))
                return nil
            }
            return Dom0lessBoot.Module(address: address, size: size)
        }
        let kernel = module("kernel", spec: ManifestSpecs.bootModule)
        let ramdisk = module("ramdisk", spec: ManifestSpecs.bootModule)
        let tree = module("device-tree", spec: ManifestSpecs.deviceTreeModule)
        guard let kernel, let tree else { return nil }
        return Dom0lessBoot(kernel: kernel, ramdisk: ramdisk, deviceTree: tree, range: key)
    }

    private static func passthroughEntry(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> PassthroughEntry? {
        // A bare string is shorthand for `{ device: … }`.
        if let text = node.scalar {
            guard !node.isNull else {
                diagnostics.append(ManifestError.invalidValue("empty passthrough entry", at: node.range, path: path,
                                                              help: ["name a device: `- device: /soc/serial@…`"]))
                return nil
            }
            return PassthroughEntry(device: Located(text, range: node.range, path: path), guestAddress: nil, path: path)
        }
        guard let reader = MappingReader(node, path: path, spec: ManifestSpecs.passthroughEntry, diagnostics: &diagnostics) else { return nil }
        let device = reader.string("device", diagnostics: &diagnostics)
        var address: Located<GuestAddressRequest>?
        if let value = reader.node("guest-address") {
            address = guestAddress(value, path: path.appending("guest-address"), diagnostics: &diagnostics)
        }
        guard let device else { return nil }
        return PassthroughEntry(device: device, guestAddress: address, path: path)
    }

    private static func guestAddress(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> Located<GuestAddressRequest>? {
        guard let text = ScalarReader.string(node, path: path, diagnostics: &diagnostics) else { return nil }
        switch text.value {
        case "auto": return Located(.auto, range: node.range, path: path)
        case "identity": return Located(.identity, range: node.range, path: path)
        default:
            guard let value = ScalarReader.parseInteger(text.value) else {
                diagnostics.append(ManifestError.invalidValue(
                    "`\(text.value)` is not a guest address", at: node.range, path: path,
                    help: ["write `auto`, `identity` or a hexadecimal address such as `0x05000000`"]))
                return nil
            }
            guard value & 0xfff == 0 else {
                diagnostics.append(ManifestError.invalidValue(
                    "guest address 0x\(String(value, radix: 16)) is not 4 KiB aligned", at: node.range, path: path,
                    help: ["use 0x\(String(value & ~0xfff, radix: 16)); the offset inside the page is kept from the host address"]))
                return nil
            }
            return Located(.address(value), range: node.range, path: path)
        }
    }

    private static func waiverEntry(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> WaiverEntry? {
        guard let reader = MappingReader(node, path: path, spec: ManifestSpecs.waiver, diagnostics: &diagnostics) else { return nil }
        let rule = reader.string("rule", diagnostics: &diagnostics)
        let at = reader.string("at", diagnostics: &diagnostics)
        let reason = reader.text("reason", diagnostics: &diagnostics)
        if let reason, reason.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            diagnostics.append(ManifestError.invalidValue("a waiver needs a reason", at: reason.range, path: reason.path,
                                                          help: ["say why this finding is acceptable for this board"]))
            return nil
        }
        guard let rule, let reason else { return nil }
        return WaiverEntry(rule: rule, at: at, reason: reason)
    }

    private static func xenVersion(_ reader: MappingReader, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let value = reader.node("xen") else { return nil }
        guard let text = ScalarReader.string(value, path: DataPath([.key("xen")]), diagnostics: &diagnostics) else { return nil }
        let parts = text.value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
            let help = ["write the release as `MAJOR.MINOR`, e.g. `xen: \"4.17\"`"]
            diagnostics.append(ManifestError.invalidValue("`\(text.value)` is not a Xen release (MAJOR.MINOR)", at: value.range, path: text.path, help: help))
            return nil
        }
        return text
    }

    /// Resolves a path written in a manifest against the manifest's folder, lexically.
    static func relative(_ value: Located<String>, to manifest: String) -> Located<String> {
        var copy = value
        copy.value = PathNormalizer.join(PathNormalizer.directory(of: manifest), value.value)
        return copy
    }
}

/// Lexical path helpers (no symlink resolution, so paths in messages stay as users wrote them).
public enum PathNormalizer {
    /// The folder part of a path (`.` when none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `base/relative`, normalised; an absolute `relative` wins.
    public static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        return normalize(base + "/" + relative)
    }

    /// Removes `.` and resolvable `..` components and duplicate slashes.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
