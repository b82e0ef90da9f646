import DeviceTree
import Diagnostics
import Foundation

/// `xenpt import`: an existing `xl` configuration turned into a guest manifest for a board.
///
/// `iomem` pages and `irqs` are mapped back to the board's host devices (the top-level
/// passthrough candidates whose registers or interrupts they are), `dtdev` entries to the
/// nodes they name; `name`, `memory`, `vcpus`, `kernel`, `ramdisk`, `cmdline`, `gic_version`,
/// `vuart` and `device_tree` are kept. Whatever does not map, and every other setting, is
/// reported. The manifest is then planned, and each of the three passthrough lists the plan
/// would write is compared with the configuration's, so the report also says where a build
/// of the manifest would differ from the configuration.
public enum GuestImporter {
    /// The result: the manifest text and what the user should know about it.
    public struct Result: Sendable {
        /// The guest manifest, YAML.
        public let manifest: String
        /// Things that did not map or were not kept, one sentence each.
        public let notes: [String]
    }

    /// A device found for the guest and where its first page goes.
    struct Found {
        let node: NodeID
        var guestAddress: String?
    }

    /// Imports `config` for `board`. `manifestPath` is where the manifest will be written
    /// (for the relative `board:` path); `partialTree` is the configuration's `device_tree`
    /// when it could be read.
    public static func run(config: XLConfig, board: Board, manifestPath: String, xen: XenVersion?,
                           partialTree: DeviceTree?, catalog: SchemaCatalog) -> (Result?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var notes: [String] = []
        let kept: Set<String> = ["name", "memory", "vcpus", "kernel", "ramdisk", "cmdline", "gic_version", "vuart",
                                 "device_tree", "dtdev", "irqs", "iomem"]

        func string(_ key: String) -> XLConfig.Atom? {
            guard let setting = config.setting(key) else { return nil }
            guard case .atom(let atom) = setting.value, atom.isString else {
                diagnostics.append(XLConfig.valueError("`\(key)` must be a quoted string", at: setting.keyRange))
                return nil
            }
            return atom
        }
        func number(_ key: String, range: ClosedRange<UInt64>) -> UInt64? {
            guard let setting = config.setting(key) else { return nil }
            guard case .atom(let atom) = setting.value, let value = parseNumber(atom.text, radix: 10), range.contains(value) else {
                diagnostics.append(XLConfig.valueError("`\(key)` must be a number from \(range.lowerBound) to \(range.upperBound)", at: setting.keyRange))
                return nil
            }
            return value
        }
        func list(_ key: String) -> [XLConfig.Atom] {
            guard let setting = config.setting(key) else { return [] }
            switch setting.value {
            case .list(let items, _): return items
            case .atom(let atom): return [atom]
            }
        }

        let start = SourceRange(start: SourceLocation(file: config.file, line: 1, column: 1))
        let name = string("name")
        if config.setting("name") == nil {
            diagnostics.append(XLConfig.valueError("the configuration has no `name`", at: config.settings.first?.keyRange ?? start,
                                                   help: ["add `name = \"…\"`: it names the guest"]))
        }
        let memory = number("memory", range: 1...(1 << 40))
        if config.setting("memory") == nil {
            diagnostics.append(XLConfig.valueError("the configuration has no `memory`", at: config.settings.first?.keyRange ?? start,
                                                   help: ["add `memory = …` in MiB"]))
        }
        let vcpus = number("vcpus", range: 1...128)
        let kernel = string("kernel"), ramdisk = string("ramdisk"), cmdline = string("cmdline")
        let deviceTree = string("device_tree")
        var gic: String?
        if let atom = string("gic_version") {
            guard atom.text == "v2" || atom.text == "v3" else {
                diagnostics.append(XLConfig.valueError("`gic_version` `\(shown(atom.text))` is not `v2` or `v3`", at: atom.range))
                return (nil, diagnostics)
            }
            gic = atom.text
        }
        var vuart = false
        if let atom = string("vuart") {
            guard atom.text == "sbsa_uart" else {
                diagnostics.append(XLConfig.valueError("`vuart` `\(shown(atom.text))` is not `sbsa_uart`", at: atom.range))
                return (nil, diagnostics)
            }
            vuart = true
        }
        guard diagnostics.isEmpty, let name, let memory else { return (nil, diagnostics) }
        guard let version = xen ?? board.xen, catalog.release(version) != nil else {
            diagnostics.append(XLConfig.valueError("no Xen release for the guest", at: start,
                                                   help: ["give --xen 4.17 (or another release), or `xen:` in the board manifest"]))
            return (nil, diagnostics)
        }

        // iomem: `MFN,NR[@GFN]` in hexadecimal, as libxl reads them.
        let index = board.index
        let facts = board.hostFacts(catalog.release(version)!)
        var found: [Found] = []
        var foundAt: [NodeID: Int] = [:]
        func candidate(_ node: NodeID) -> NodeID? {
            var current: NodeID? = node
            while let here = current {
                if Survey.isCandidate(here, index: index, gic: facts.gicNodes) { return here }
                current = index.parent(here)
            }
            return nil
        }
        func add(_ node: NodeID) {
            guard foundAt[node] == nil else { return }
            foundAt[node] = found.count
            found.append(Found(node: node, guestAddress: nil))
        }
        var mappings: [(host: UInt64, count: UInt64, guest: UInt64, explicit: Bool)] = []
        for atom in list("iomem") {
            guard let mapping = parseIomem(atom.text) else {
                diagnostics.append(XLConfig.valueError("`iomem` entry `\(shown(atom.text))` is not `MFN,NR_PAGES[@GFN]` in hexadecimal", at: atom.range))
                continue
            }
            mappings.append(mapping)
            let owners = Set(facts.regions(overlapping: mapping.host << 12, (mapping.host + mapping.count) << 12).compactMap { candidate($0.node) })
            if owners.isEmpty {
                notes.append("iomem `\(shown(atom.text))`: no host device has registers in pages \(hex(mapping.host))-\(hex(mapping.host + mapping.count - 1))")
            }
            for owner in owners.sorted() { add(owner) }
        }
        // dtdev: host paths.
        for atom in list("dtdev") {
            guard let node = index.node(atPath: atom.text) else {
                notes.append("dtdev `\(shown(atom.text))`: no such node in the host tree")
                continue
            }
            guard let owner = candidate(node) else {
                notes.append("dtdev `\(shown(atom.text))`: not a device xenpt passes through")
                continue
            }
            add(owner)
        }
        // irqs: explained when a found device (or a node inside it) raises them.
        let raised = Set(found.flatMap { [$0.node] + index.descendants($0.node) }.flatMap { node in
            ((try? index.interrupts(of: node)) ?? []).filter { facts.gicNodes.contains($0.controller) }.compactMap { GICSpecifier($0.specifier).interruptID }
        })
        for atom in list("irqs") {
            guard let intid = parseNumber(atom.text, radix: 10), intid <= UInt64(UInt32.max) else {
                diagnostics.append(XLConfig.valueError("`irqs` entry `\(shown(atom.text))` is not a number", at: atom.range))
                continue
            }
            let users = facts.interruptUsers[UInt32(intid)] ?? []
            if !raised.contains(UInt32(intid)) {
                let owner = users.compactMap(candidate).first.map { " (it is \(shown(index.path($0)))'s, whose pages are not in `iomem`)" } ?? ""
                notes.append("irq \(intid): no device of this guest raises it\(owner)")
            }
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }

        // Where each device's first page goes. A frame that holds several devices is mapped once
        // per device (each at its own guest frame): the n-th device of that frame takes the n-th
        // mapping that covers it.
        var devicesInPage: [UInt64: Int] = [:]
        for position in found.indices {
            guard let first = (try? index.registerRegions(of: found[position].node))?.compactMap(\.cpuAddress).first else { continue }
            let page = first >> 12
            let covering = mappings.filter { page >= $0.host && page < $0.host + $0.count }
            let seen = devicesInPage[page, default: 0]
            devicesInPage[page] = seen + 1
            guard let mapping = seen < covering.count ? covering[seen] : covering.first else { continue }
            // No `@GFN` is xl's 1:1 mapping, which `identity` writes back; an explicit frame stays explicit.
            let guestPage = mapping.guest + (page - mapping.host)
            found[position].guestAddress = mapping.explicit ? hex(guestPage << 12) : "identity"
        }

        let hidden = config.settings.map(\.key).filter { !kept.contains($0) }
        if !hidden.isEmpty {
            notes.append("not kept (xenpt writes only the passthrough part of an xl configuration): " + hidden.map { "`\($0)`" }.joined(separator: ", "))
        }
        if let partialTree {
            notes += compare(partialTree: partialTree, with: found.map(\.node), index: index)
        }

        let boardPath = relativePath(from: PathNormalizer.directory(of: absolute(manifestPath)), to: absolute(board.manifest.file))
        var yaml = "# yaml-language-server: $schema=https://raw.githubusercontent.com/xenpt/xenpt/main/schemas/guest.schema.json\n"
        yaml += "# Imported by `xenpt import` from an xl configuration; check it with `xenpt plan`.\n"
        yaml += "guest: \(quote(name.text))\n"
        yaml += "board: \(quote(boardPath))\n"
        if let xen, xen != board.xen { yaml += "xen: \"\(xen)\"\n" }
        yaml += "memory: \(memory % 1024 == 0 ? "\(memory / 1024)G" : "\(memory)M")\n"
        yaml += "vcpus: \(vcpus ?? 1)\n"
        if let gic { yaml += "gic: \(gic)\n" }
        if vuart { yaml += "vuart: true\n" }
        if let kernel { yaml += "kernel: \(quote(kernel.text))\n" }
        if let ramdisk { yaml += "ramdisk: \(quote(ramdisk.text))\n" }
        if let cmdline { yaml += "cmdline: \(quote(cmdline.text))\n" }
        if let deviceTree, deviceTree.text != "/etc/xen/\(board.name)/\(name.text)/guest.dtb" {
            yaml += "device-tree: \(quote(deviceTree.text))\n"
        }
        if !found.isEmpty {
            yaml += "passthrough:\n"
            for device in found {
                yaml += "  - device: \(quote(index.path(device.node)))\n"
                if let address = device.guestAddress { yaml += "    guest-address: \(address)\n" }
            }
        }

        // Plan the manifest and compare the lists it would write with the configuration's.
        let loader = WorkspaceLoader(schemaRoot: board.schemaRoot)
        let (root, parseProblems) = YAMLLoader.parse(text: yaml, file: manifestPath)
        var planProblems = parseProblems
        if let root, let manifest = ManifestLoader.guest(root, file: manifestPath, diagnostics: &planProblems),
           let guest = loader.loadGuest(manifest, board: board, catalog: catalog, sources: SourceStore(), diagnostics: &planProblems) {
            let workspace = Workspace(boards: [guest.boardFile: board], guests: [guest], sources: SourceStore(), diagnostics: [], catalog: catalog)
            if let plan = workspace.planAll().first?.plan {
                let errors = plan.diagnostics.filter { $0.severity == .error }
                if !errors.isEmpty {
                    notes.append("the manifest plans with errors (see `xenpt lint`): " + Set(errors.map(\.code)).sorted().joined(separator: ", "))
                }
                notes += differences("dtdev", plan.dtdev, list("dtdev").map(\.text))
                notes += differences("irqs", plan.interruptIDs.map(String.init), list("irqs").compactMap { parseNumber($0.text, radix: 10).map(String.init) })
                notes += differences("iomem", plan.pageMappings.map(XLConfigWriter.iomemEntry),
                                     mappings.map { "\(hex($0.host)),\(hex($0.count))" + ($0.explicit ? "@\(hex($0.guest))" : "") })
            }
        }
        if !planProblems.isEmpty {
            notes.append("the manifest does not load: " + planProblems.map { shown($0.message) }.joined(separator: "; "))
        }
        return (Result(manifest: yaml, notes: notes), [])
    }

    /// A note when the planned list differs from the configuration's.
    static func differences(_ key: String, _ planned: [String], _ configured: [String]) -> [String] {
        let plannedSet = Set(planned), configuredSet = Set(configured)
        guard plannedSet != configuredSet else { return [] }
        let missing = configured.filter { !plannedSet.contains($0) }, extra = planned.filter { !configuredSet.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("leaves out " + missing.map(shown).joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("adds " + extra.map(shown).joined(separator: ", ")) }
        return ["a build of this manifest writes a different `\(key)`: it " + parts.joined(separator: " and ")]
    }

    /// Notes for nodes of the partial tree's `/passthrough` that no imported device matches by
    /// `compatible` (the `fixed-clock` and `regulator-fixed` stand-ins xenpt writes aside).
    static func compare(partialTree: DeviceTree, with nodes: [NodeID], index: DeviceTreeIndex) -> [String] {
        let partial = DeviceTreeIndex(partialTree)
        guard let passthrough = partial.node(atPath: "/passthrough") else {
            return ["the partial device tree has no `/passthrough` node, which is all libxl copies into the guest"]
        }
        let hostCompatibles = Set(nodes.flatMap { index.compatibles($0) })
        return partial.children(passthrough).compactMap { child in
            let compatibles = partial.compatibles(child)
            // Clock and supply stand-ins are the partial tree's own, not host devices.
            guard !compatibles.isEmpty, !compatibles.contains("fixed-clock"), !compatibles.contains("regulator-fixed"),
                  !compatibles.contains(where: hostCompatibles.contains) else { return nil }
            return "partial device tree node \(shown(partial.path(child))) (`\(shown(compatibles[0]))`) matches no imported device"
        }
    }

    /// `MFN,NR[@GFN]`, hexadecimal with or without `0x`; GFN defaults to MFN (a 1:1 mapping),
    /// and `explicit` says whether it was written.
    static func parseIomem(_ text: String) -> (host: UInt64, count: UInt64, guest: UInt64, explicit: Bool)? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let range = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard range.count == 2, let host = parseNumber(String(range[0]), radix: 16), let count = parseNumber(String(range[1]), radix: 16),
              count > 0, host <= (UInt64.max >> 12) - count else { return nil }
        let guest = parts.count == 2 ? parseNumber(String(parts[1]), radix: 16) : host
        guard let guest, guest <= (UInt64.max >> 12) - count else { return nil }
        return (host, count, guest, parts.count == 2)
    }

    /// A non-negative number: `0x` hexadecimal, else in `radix`.
    static func parseNumber(_ text: String, radix: Int) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed, radix: radix)
    }

    /// A YAML double-quoted scalar. A JSON string literal is one, and `JSONString` also escapes
    /// what YAML 1.1 reads as a line break (NEL, U+2028, U+2029) or refuses raw (DEL, C1
    /// controls), and a byte-order mark.
    static func quote(_ text: String) -> String {
        JSONString.quoted(text)
    }

    /// Text from an input, safe in a message or a comment: printable ASCII as it is, anything
    /// else escaped as in a quoted scalar, so no line break or terminal control gets through.
    public static func shown(_ text: String) -> String {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f } ? text : String(quote(text).dropFirst().dropLast())
    }

    /// `path` made absolute against the current folder, normalised.
    static func absolute(_ path: String) -> String {
        PathNormalizer.join(FileManager.default.currentDirectoryPath, path)
    }

    /// The relative path from folder `from` to `to`, both absolute and normalised.
    static func relativePath(from: String, to: String) -> String {
        let base = from.split(separator: "/"), target = to.split(separator: "/")
        var common = 0
        while common < base.count, common < target.count, base[common] == target[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
