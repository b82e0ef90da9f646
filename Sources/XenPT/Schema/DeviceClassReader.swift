import Diagnostics

/// A device class as written in one file, before it is merged with the generic class.
struct WrittenDeviceClass {
    let name: Located<String>
    let compatibles: [Located<String>]
    let description: String
    let references: [String]
    let dma: DMACapability
    let reset: ResetMethod
    let policies: [DependencyKind: DependencyPolicy]
    let dropProperties: [String]
    let rewriteProperties: [PropertyRewrite]
    let origin: String
    let source: SourceRange
    /// The `dependencies` node (or the document) for "missing policy" diagnostics on generic.
    let dependenciesAnchor: YAMLNode

    /// This class completed with the generic class's policies, drops and rewrites.
    func merged(with generic: WrittenDeviceClass?) -> DeviceClass {
        var policies = generic?.policies ?? [:]
        policies.merge(self.policies) { _, mine in mine }
        var drops: [String] = []
        for property in (generic?.dropProperties ?? []) + dropProperties where !drops.contains(property) {
            drops.append(property)
        }
        var rewrites = generic?.rewriteProperties ?? []
        for rewrite in rewriteProperties {
            rewrites.removeAll { $0.property == rewrite.property }
            rewrites.append(rewrite)
        }
        return DeviceClass(
            name: name.value, compatibles: compatibles.map(\.value), description: description, references: references,
            dma: dma, reset: reset, policies: policies, dropProperties: drops, rewriteProperties: rewrites,
            origin: origin, source: source)
    }
}

/// Reads one `schemas/devices/*.yaml` document.
enum DeviceClassReader {
    static func read(_ root: YAMLNode, file: String, diagnostics: inout [Diagnostic]) -> WrittenDeviceClass? {
        let before = diagnostics.count
        guard let reader = MappingReader(root, path: DataPath(), spec: SchemaSpecs.deviceClass, diagnostics: &diagnostics) else { return nil }
        let name = reader.string("class", diagnostics: &diagnostics)
        let compatibles = reader.strings("compatible", diagnostics: &diagnostics) ?? []
        var seen: [String: SourceRange] = [:]
        for compatible in compatibles {
            if let first = seen[compatible.value] {
                diagnostics.append(SchemaError.duplicate("compatible", compatible.value, at: compatible.range, first: first, path: compatible.path))
            }
            seen[compatible.value] = seen[compatible.value] ?? compatible.range
        }
        let description = reader.string("description", diagnostics: &diagnostics)
        let references = reader.strings("source", diagnostics: &diagnostics)
        let dma = reader.word("dma", from: DMACapability.allCases.map(\.rawValue), diagnostics: &diagnostics)
        let reset = reader.word("reset", from: ResetMethod.allCases.map(\.rawValue), diagnostics: &diagnostics)

        var policies: [DependencyKind: DependencyPolicy] = [:]
        let dependenciesNode = reader.node("dependencies")
        if let dependenciesNode,
           let dependencies = MappingReader(dependenciesNode, path: DataPath([.key("dependencies")]), spec: SchemaSpecs.dependencies, diagnostics: &diagnostics) {
            for kind in DependencyKind.allCases {
                let word = dependencies.word(kind.rawValue, from: kind.allowedPolicies.map(\.rawValue), diagnostics: &diagnostics)
                if let word, let policy = DependencyPolicy(rawValue: word.value) { policies[kind] = policy }
            }
        }

        let drops = (reader.strings("drop-properties", diagnostics: &diagnostics) ?? []).map(\.value)
        var rewrites: [PropertyRewrite] = []
        for (item, path) in reader.sequence("rewrite-properties", diagnostics: &diagnostics) ?? [] {
            guard let entry = MappingReader(item, path: path, spec: SchemaSpecs.rewrite, diagnostics: &diagnostics) else { continue }
            let property = entry.string("property", diagnostics: &diagnostics)
            let value = entry.string("value", diagnostics: &diagnostics)
            if let property, let value {
                rewrites.append(PropertyRewrite(property: property.value, value: value.value, source: item.range))
            }
        }

        if let name, name.value == "generic" {
            if let first = compatibles.first {
                diagnostics.append(ManifestError.invalidValue("the generic class applies to every other node and lists no compatibles",
                                                              at: first.range, path: first.path))
            }
            for kind in DependencyKind.allCases where policies[kind] == nil {
                diagnostics.append(ManifestError.missingKey(
                    kind.rawValue, in: dependenciesNode ?? root, path: DataPath([.key("dependencies")]),
                    summary: "the generic class gives a policy for every dependency kind"))
            }
        }

        guard diagnostics.count == before, let name, let description, let references, let dma, let reset,
              let dmaValue = DMACapability(rawValue: dma.value), let resetValue = ResetMethod(rawValue: reset.value)
        else { return nil }
        return WrittenDeviceClass(
            name: name, compatibles: compatibles, description: description.value, references: references.map(\.value),
            dma: dmaValue, reset: resetValue, policies: policies, dropProperties: drops, rewriteProperties: rewrites,
            origin: file, source: root.range, dependenciesAnchor: dependenciesNode ?? root)
    }
}
