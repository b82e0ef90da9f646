import Diagnostics

/// A release read from one file, with what the loader needs for checks across files.
struct ReadRelease {
    let release: XenRelease
    let capabilitySince: [(capability: XenCapability, since: Located<XenVersion>)]
}

/// Reads one `schemas/xen/<version>.yaml` document into a `XenRelease`.
enum XenReleaseReader {
    static func read(_ root: YAMLNode, file: String, fileVersion: XenVersion?, diagnostics: inout [Diagnostic]) -> ReadRelease? {
        let errorsBefore = diagnostics.count
        guard let reader = MappingReader(root, path: DataPath(), spec: SchemaSpecs.xenRelease, diagnostics: &diagnostics) else { return nil }
        let version = versionValue(reader, "version", diagnostics: &diagnostics)
        if let version, let fileVersion, version.value != fileVersion {
            diagnostics.append(ManifestError.invalidValue(
                "version \(version.value) does not match the file name `\(fileVersion).yaml`", at: version.range, path: version.path))
        }
        let tag = reader.string("tag", diagnostics: &diagnostics)
        let commit = reader.string("commit", diagnostics: &diagnostics)

        var windows: [GuestWindow] = []
        var windowNames: [String: SourceRange] = [:]
        for (item, path) in reader.sequence("windows", diagnostics: &diagnostics) ?? [] {
            guard let window = readWindow(item, path: path, diagnostics: &diagnostics) else { continue }
            if let first = windowNames[window.name] {
                diagnostics.append(SchemaError.duplicate("window", window.name, at: item.range, first: first, path: path))
                continue
            }
            windowNames[window.name] = item.range
            windows.append(window)
        }

        var interrupts: [ReservedInterrupt] = []
        var interruptNames: [String: SourceRange] = [:]
        for (item, path) in reader.sequence("interrupts", diagnostics: &diagnostics) ?? [] {
            guard let interrupt = readInterrupt(item, path: path, diagnostics: &diagnostics) else { continue }
            if let first = interruptNames[interrupt.name] {
                diagnostics.append(SchemaError.duplicate("interrupt", interrupt.name, at: item.range, first: first, path: path))
                continue
            }
            interruptNames[interrupt.name] = item.range
            interrupts.append(interrupt)
        }

        let spis = reader.node("spis").flatMap { readSPIs($0, path: DataPath([.key("spis")]), diagnostics: &diagnostics) }

        var gicPhandle: UInt32?
        var iommuPhandle: UInt32?
        if let node = reader.node("phandles"),
           let phandles = MappingReader(node, path: DataPath([.key("phandles")]), spec: SchemaSpecs.phandles, diagnostics: &diagnostics) {
            gicPhandle = phandles.integer("gic", min: 1, max: 0xffff_fffe, diagnostics: &diagnostics).map { UInt32($0.value) }
            iommuPhandle = phandles.integer("iommu", min: 1, max: 0xffff_fffe, diagnostics: &diagnostics).map { UInt32($0.value) }
        }

        var addressCells: UInt32?
        var sizeCells: UInt32?
        if let node = reader.node("root"),
           let cells = MappingReader(node, path: DataPath([.key("root")]), spec: SchemaSpecs.root, diagnostics: &diagnostics) {
            addressCells = cells.integer("address-cells", min: 1, max: 2, diagnostics: &diagnostics).map { UInt32($0.value) }
            sizeCells = cells.integer("size-cells", min: 1, max: 2, diagnostics: &diagnostics).map { UInt32($0.value) }
        }

        var capabilities: Set<XenCapability> = []
        var since: [(capability: XenCapability, since: Located<XenVersion>)] = []
        var capabilityRanges: [XenCapability: SourceRange] = [:]
        for (item, path) in reader.sequence("capabilities", diagnostics: &diagnostics) ?? [] {
            guard let entry = MappingReader(item, path: path, spec: SchemaSpecs.capability, diagnostics: &diagnostics) else { continue }
            let name = entry.word("name", from: XenCapability.allCases.map(\.rawValue), diagnostics: &diagnostics)
            let first = versionValue(entry, "since", diagnostics: &diagnostics)
            _ = entry.string("note", diagnostics: &diagnostics)
            guard let name, let capability = XenCapability(rawValue: name.value), let first else { continue }
            if let earlier = capabilityRanges[capability] {
                diagnostics.append(SchemaError.duplicate("capability", name.value, at: name.range, first: earlier, path: name.path))
                continue
            }
            if let version, first.value > version.value {
                diagnostics.append(ManifestError.invalidValue(
                    "capability `\(name.value)` starts in \(first.value), after this release \(version.value)", at: first.range, path: first.path))
                continue
            }
            capabilityRanges[capability] = name.range
            capabilities.insert(capability)
            since.append((capability, first))
        }

        let iommus = compatibleTable(reader, "iommus", spec: SchemaSpecs.iommu, valueKey: "driver", as: IOMMUKind.self,
                                     what: "IOMMU compatible", diagnostics: &diagnostics)
        let gics = compatibleTable(reader, "gic-compatibles", spec: SchemaSpecs.gic, valueKey: "version", as: GICVersion.self,
                                   what: "GIC compatible", diagnostics: &diagnostics)

        var vgic: VGICLimits?
        if let node = reader.node("vgic"),
           let limits = MappingReader(node, path: DataPath([.key("vgic")]), spec: SchemaSpecs.vgic, diagnostics: &diagnostics) {
            let v2 = limits.integer("v2-max-vcpus", min: 1, max: 4096, diagnostics: &diagnostics)
            let size = hexadecimal(limits, "v3-redistributor-size", diagnostics: &diagnostics)
            if let size, size.value == 0 {
                diagnostics.append(ManifestError.invalidValue("a redistributor cannot be empty", at: size.range, path: size.path))
            }
            if let v2, let size, size.value > 0 { vgic = VGICLimits(v2MaxVCPUs: UInt64(v2.value), v3RedistributorSize: size.value) }
        }

        guard diagnostics.count == errorsBefore,
              let version, let tag, let commit, let spis, let gicPhandle, let addressCells, let sizeCells, let vgic
        else { return nil }
        let release = XenRelease(
            version: version.value, tag: tag.value, commit: commit.value, windows: windows, reservedInterrupts: interrupts,
            gicPhandle: gicPhandle, iommuPhandle: iommuPhandle, spis: spis, rootAddressCells: addressCells, rootSizeCells: sizeCells,
            capabilities: capabilities, iommuCompatibles: iommus, gicCompatibles: gics, vgic: vgic, origin: file, source: root.range)
        return ReadRelease(release: release, capabilitySince: since)
    }

    /// A list of `{compatible, <valueKey>}` entries as a table by compatible; a compatible listed
    /// twice is reported at its second place.
    static func compatibleTable<Value: RawRepresentable & CaseIterable>(
        _ reader: MappingReader, _ key: String, spec: MappingSpec, valueKey: String, as _: Value.Type, what: String,
        diagnostics: inout [Diagnostic]
    ) -> [String: Value] where Value.RawValue == String {
        var table: [String: Value] = [:]
        var ranges: [String: SourceRange] = [:]
        for (item, path) in reader.sequence(key, diagnostics: &diagnostics) ?? [] {
            guard let entry = MappingReader(item, path: path, spec: spec, diagnostics: &diagnostics) else { continue }
            let compatible = entry.string("compatible", diagnostics: &diagnostics)
            let word = entry.word(valueKey, from: Value.allCases.map(\.rawValue), diagnostics: &diagnostics)
            guard let compatible, let word, let value = Value(rawValue: word.value) else { continue }
            if let earlier = ranges[compatible.value] {
                diagnostics.append(SchemaError.duplicate(what, compatible.value, at: compatible.range, first: earlier, path: compatible.path))
                continue
            }
            ranges[compatible.value] = compatible.range
            table[compatible.value] = value
        }
        return table
    }

    static func versionValue(_ reader: MappingReader, _ key: String, diagnostics: inout [Diagnostic]) -> Located<XenVersion>? {
        guard let text = reader.string(key, diagnostics: &diagnostics) else { return nil }
        guard let version = XenVersion(text.value) else {
            diagnostics.append(ManifestError.invalidValue(
                "`\(text.value)` is not a Xen release (MAJOR.MINOR)", at: text.range, path: text.path,
                help: ["write the release as a quoted string, e.g. `\"4.17\"`"]))
            return nil
        }
        return Located(version, range: text.range, path: text.path)
    }

    static func hexadecimal(_ reader: MappingReader, _ key: String, diagnostics: inout [Diagnostic]) -> Located<UInt64>? {
        guard let text = reader.string(key, diagnostics: &diagnostics) else { return nil }
        guard let value = parseHexadecimal(text.value) else {
            diagnostics.append(SchemaError.notHexadecimal(text.value, at: text.range, path: text.path))
            return nil
        }
        return Located(value, range: text.range, path: text.path)
    }

    /// `0x` and 1-16 significant hexadecimal digits; nil otherwise.
    static func parseHexadecimal(_ text: String) -> UInt64? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
        return UInt64(digits, radix: 16)
    }

    private static func readWindow(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> GuestWindow? {
        let before = diagnostics.count
        guard let reader = MappingReader(node, path: path, spec: SchemaSpecs.window, diagnostics: &diagnostics) else { return nil }
        let name = reader.string("name", diagnostics: &diagnostics)
        let kind = reader.word("kind", from: WindowRole.allCases.map(\.rawValue), diagnostics: &diagnostics)
        let base = hexadecimal(reader, "base", diagnostics: &diagnostics)
        let size = hexadecimal(reader, "size", diagnostics: &diagnostics)
        let use = reader.string("use", diagnostics: &diagnostics)
        let present = reader.word("present", from: SchemaSpecs.presenceWords, diagnostics: &diagnostics)
        if let size, size.value == 0 {
            diagnostics.append(ManifestError.invalidValue("a window cannot be empty", at: size.range, path: size.path))
        }
        if let base, let size, base.value.addingReportingOverflow(size.value).overflow {
            diagnostics.append(ManifestError.invalidValue(
                "window 0x\(String(base.value, radix: 16)) + 0x\(String(size.value, radix: 16)) passes the end of the 64-bit address space",
                at: size.range, path: size.path))
        }
        guard diagnostics.count == before, let name, let base, let size, let use, let present,
              let presence = WindowPresence(rawValue: present.value)
        else { return nil }
        return GuestWindow(name: name.value, use: use.value, base: base.value, size: size.value,
                           role: kind.flatMap { WindowRole(rawValue: $0.value) } ?? .mmio, presence: presence, source: node.range)
    }

    private static func readInterrupt(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> ReservedInterrupt? {
        let before = diagnostics.count
        guard let reader = MappingReader(node, path: path, spec: SchemaSpecs.interrupt, diagnostics: &diagnostics) else { return nil }
        let name = reader.string("name", diagnostics: &diagnostics)
        let kindWord = reader.word("kind", from: InterruptKind.allCases.map(\.rawValue), diagnostics: &diagnostics)
        let id = reader.integer("id", min: 0, max: 1019, diagnostics: &diagnostics)
        let first = reader.integer("first", min: 0, max: 1019, diagnostics: &diagnostics)
        let last = reader.integer("last", min: 0, max: 1019, diagnostics: &diagnostics)
        let use = reader.string("use", diagnostics: &diagnostics)
        let present = reader.word("present", from: SchemaSpecs.presenceWords, diagnostics: &diagnostics)
        guard diagnostics.count == before else { return nil }
        var range: (Located<UInt64>, Located<UInt64>)?
        switch (id, first, last) {
        case (let id?, nil, nil): range = (id, id)
        case (nil, let first?, let last?): range = (first, last)
        default:
            diagnostics.append(ManifestError.invalidValue(
                "give either `id`, or both `first` and `last`", at: reader.keyRange("id") ?? reader.keyRange("first") ?? reader.keyRange("last") ?? node.range,
                path: path))
        }
        guard let (low, high) = range, let name, let kindWord, let kind = InterruptKind(rawValue: kindWord.value), let use, let present,
              let presence = WindowPresence(rawValue: present.value)
        else { return nil }
        if low.value > high.value {
            diagnostics.append(ManifestError.invalidValue("range \(low.value)-\(high.value) is empty", at: high.range, path: high.path))
            return nil
        }
        for bound in [low, high] where !kind.intids.contains(UInt32(bound.value)) {
            diagnostics.append(ManifestError.invalidValue(
                "INTID \(bound.value) is outside the \(kind.rawValue.uppercased()) range \(kind.intids.lowerBound)-\(kind.intids.upperBound)",
                at: bound.range, path: bound.path))
            return nil
        }
        return ReservedInterrupt(name: name.value, first: UInt32(low.value), last: UInt32(high.value), presence: presence,
                                 kind: kind, use: use.value, source: node.range)
    }

    private static func readSPIs(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> SPIRule? {
        let before = diagnostics.count
        guard let reader = MappingReader(node, path: path, spec: SchemaSpecs.spis, diagnostics: &diagnostics) else { return nil }
        let guestSPIs = reader.boolean("guest-spis", diagnostics: &diagnostics)
        let roundUp = reader.integer("round-up", min: 1, max: 1024, diagnostics: &diagnostics)
        let limit = reader.integer("hypervisor-limit", min: 0, max: 988, diagnostics: &diagnostics)
        let maxCount = reader.integer("max-nr-spis", min: 0, max: 988, diagnostics: &diagnostics)
        let maxID = reader.integer("max-spi-id", min: 32, max: 1019, diagnostics: &diagnostics)
        let option = reader.word("xl-option", from: NrSPIsOption.allCases.map(\.rawValue), diagnostics: &diagnostics)
        let rule = reader.string("rule", diagnostics: &diagnostics)
        guard diagnostics.count == before, let guestSPIs, let roundUp, let limit, let maxCount, let option,
              let xlOption = NrSPIsOption(rawValue: option.value), let rule
        else { return nil }
        if maxCount.value > limit.value {
            diagnostics.append(ManifestError.invalidValue(
                "max-nr-spis \(maxCount.value) is above hypervisor-limit \(limit.value)", at: maxCount.range, path: maxCount.path))
            return nil
        }
        if guestSPIs.value {
            let expected = 32 + maxCount.value - 1
            guard let maxID else {
                diagnostics.append(ManifestError.missingKey("max-spi-id", in: node, path: path, summary: "highest SPI INTID, here \(expected)"))
                return nil
            }
            if maxID.value != expected {
                diagnostics.append(ManifestError.invalidValue(
                    "max-spi-id \(maxID.value) does not match max-nr-spis \(maxCount.value) (expected \(expected))", at: maxID.range, path: maxID.path))
                return nil
            }
        } else if maxCount.value != 0 || maxID != nil {
            diagnostics.append(ManifestError.invalidValue(
                "a release without guest SPIs has max-nr-spis 0 and no max-spi-id", at: guestSPIs.range, path: guestSPIs.path))
            return nil
        }
        return SPIRule(guestSPIs: guestSPIs.value, roundUp: UInt32(roundUp.value), hypervisorLimit: UInt32(limit.value),
                       maxCount: UInt32(maxCount.value), maxSPIID: maxID.map { UInt32($0.value) }, xlOption: xlOption, rule: rule.value)
    }
}
