import Foundation
import Diagnostics

/// Reads one YAML mapping against its `MappingSpec`: reports unknown and missing keys once,
/// then hands out typed, located values. Every problem goes to `diagnostics`; nothing throws.
public struct MappingReader {
    /// The mapping node.
    public let node: YAMLNode
    /// Its data path.
    public let path: DataPath
    /// The keys it may have.
    public let spec: MappingSpec
    private let pairs: [YAMLPair]

    /// Checks the node's shape and keys; nil when it is not a mapping.
    public init?(_ node: YAMLNode, path: DataPath, spec: MappingSpec, diagnostics: inout [Diagnostic]) {
        guard let pairs = node.pairs else {
            diagnostics.append(ManifestError.wrongType(expected: "a mapping (\(spec.title))", found: node, path: path))
            return nil
        }
        self.node = node
        self.path = path
        self.spec = spec
        self.pairs = pairs
        let known = spec.fields.map(\.key)
        for pair in pairs {
            guard let key = pair.key.scalar else {
                diagnostics.append(ManifestError.wrongType(expected: "a key", found: pair.key, path: path))
                continue
            }
            if spec.field(key) == nil {
                diagnostics.append(ManifestError.unknownKey(key, at: pair.key.range, path: path, known: known))
            }
        }
        for field in spec.fields where field.required {
            guard let pair = self.pair(field.key) else {
                diagnostics.append(ManifestError.missingKey(field.key, in: node, path: path, summary: field.summary))
                continue
            }
            if pair.value.isNull {
                diagnostics.append(ManifestError.invalidValue(
                    "`\(field.key)` has no value", at: pair.key.range, path: path.appending(field.key),
                    help: ["give `\(field.key)` a value (\(field.summary))"]))
            }
        }
    }

    private func pair(_ key: String) -> YAMLPair? {
        pairs.first { $0.key.scalar == key }
    }

    /// The raw node for a key, if present and not null.
    public func node(_ key: String) -> YAMLNode? {
        guard let value = pair(key)?.value, !value.isNull else { return nil }
        return value
    }

    /// The range of a key itself, for diagnostics about the key.
    public func keyRange(_ key: String) -> SourceRange? {
        pair(key)?.key.range
    }

    /// A string value.
    public func string(_ key: String, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let value = node(key) else { return nil }
        return ScalarReader.string(value, path: path.appending(key), diagnostics: &diagnostics)
    }

    /// A free-text value (newlines and tabs allowed).
    public func text(_ key: String, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let value = node(key) else { return nil }
        return ScalarReader.text(value, path: path.appending(key), diagnostics: &diagnostics)
    }

    /// An integer within bounds.
    public func integer(_ key: String, min: UInt64, max: UInt64, diagnostics: inout [Diagnostic]) -> Located<UInt64>? {
        guard let value = node(key) else { return nil }
        return ScalarReader.integer(value, min: min, max: max, path: path.appending(key), diagnostics: &diagnostics)
    }

    /// A boolean.
    public func boolean(_ key: String, diagnostics: inout [Diagnostic]) -> Located<Bool>? {
        guard let value = node(key) else { return nil }
        return ScalarReader.boolean(value, path: path.appending(key), diagnostics: &diagnostics)
    }

    /// One of the words the spec's `.enumeration` allows for `key`.
    public func word(_ key: String, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard case .enumeration(let choices)? = spec.field(key)?.type else { return string(key, diagnostics: &diagnostics) }
        return word(key, from: choices, diagnostics: &diagnostics)
    }

    /// One of a fixed set of words.
    public func word(_ key: String, from choices: [String], diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let value = node(key) else { return nil }
        return ScalarReader.word(value, from: choices, path: path.appending(key), diagnostics: &diagnostics)
    }

    /// A sequence's items with their paths.
    public func sequence(_ key: String, diagnostics: inout [Diagnostic]) -> [(YAMLNode, DataPath)]? {
        guard let value = node(key) else { return nil }
        guard let items = value.items else {
            diagnostics.append(ManifestError.wrongType(expected: "a sequence", found: value, path: path.appending(key)))
            return nil
        }
        let base = path.appending(key)
        return items.enumerated().map { ($1, base.appending(index: $0)) }
    }

    /// A list of strings (a single string is accepted as a list of one).
    public func strings(_ key: String, diagnostics: inout [Diagnostic]) -> [Located<String>]? {
        guard let value = node(key) else { return nil }
        if value.scalar != nil {
            return ScalarReader.string(value, path: path.appending(key), diagnostics: &diagnostics).map { [$0] }
        }
        guard let items = sequence(key, diagnostics: &diagnostics) else { return nil }
        return items.compactMap { ScalarReader.string($0.0, path: $0.1, diagnostics: &diagnostics) }
    }
}

/// Parsers for scalar values with explicit rules (never YAML 1.1's implicit typing).
public enum ScalarReader {
    /// A string scalar without control characters: every string may end up in a generated
    /// file or a path (`ManifestText`).
    public static func string(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let text = node.scalar else {
            diagnostics.append(ManifestError.wrongType(expected: "a string", found: node, path: path))
            return nil
        }
        return ManifestText.printable(Located(text, range: node.range, path: path), blockScalar: node.isBlockScalar, diagnostics: &diagnostics)
    }

    /// Free text (a waiver's reason): a string that may also hold newlines and tabs.
    public static func text(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let text = node.scalar else {
            diagnostics.append(ManifestError.wrongType(expected: "a string", found: node, path: path))
            return nil
        }
        return ManifestText.printable(Located(text, range: node.range, path: path), allowingLineBreaks: true, diagnostics: &diagnostics)
    }

    /// Parses `123`, `0x7b`, with optional `_` separators; nil if it is not such a number.
    public static func parseInteger(_ text: String) -> UInt64? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard !cleaned.isEmpty, !text.hasPrefix("_"), !text.hasSuffix("_") else { return nil }
        if cleaned.hasPrefix("0x") || cleaned.hasPrefix("0X") {
            let digits = cleaned.dropFirst(2)
            guard !digits.isEmpty else { return nil }
            return UInt64(digits, radix: 16)
        }
        guard cleaned.allSatisfy(\.isASCII), cleaned.allSatisfy(\.isNumber) else { return nil }
        return UInt64(cleaned, radix: 10)
    }

    /// An integer within bounds.
    public static func integer(_ node: YAMLNode, min: UInt64, max: UInt64, path: DataPath, diagnostics: inout [Diagnostic]) -> Located<UInt64>? {
        guard let text = node.scalar else {
            diagnostics.append(ManifestError.wrongType(expected: "an integer", found: node, path: path))
            return nil
        }
        guard let value = parseInteger(text) else {
            diagnostics.append(ManifestError.invalidValue("`\(text)` is not an integer", at: node.range, path: path, help: ["write a decimal number or `0x` hexadecimal"]))
            return nil
        }
        guard value >= min, value <= max else {
            diagnostics.append(ManifestError.invalidValue("\(value) is out of range \(min)...\(max)", at: node.range, path: path))
            return nil
        }
        return Located(value, range: node.range, path: path)
    }

    /// `true` or `false` only.
    public static func boolean(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> Located<Bool>? {
        switch node.scalar {
        case "true": return Located(true, range: node.range, path: path)
        case "false": return Located(false, range: node.range, path: path)
        default:
            diagnostics.append(ManifestError.invalidValue(
                node.scalar.map { "`\($0)` is not a boolean" } ?? "expected a boolean, found \(node.shapeDescription)",
                at: node.range, path: path, help: ["write `true` or `false`"]))
            return nil
        }
    }

    /// One of a fixed set of words.
    public static func word(_ node: YAMLNode, from choices: [String], path: DataPath, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let text = string(node, path: path, diagnostics: &diagnostics) else { return nil }
        guard choices.contains(text.value) else {
            var help = ["expected one of " + choices.map { "`\($0)`" }.joined(separator: ", ")]
            if let near = ManifestError.closestMatch(to: text.value, in: choices) { help.insert("did you mean `\(near)`?", at: 0) }
            diagnostics.append(ManifestError.invalidValue("`\(text.value)` is not allowed here", at: node.range, path: path, help: help))
            return nil
        }
        return text
    }

    /// A memory size in bytes: `512M`, `512MiB`, `2G`, `65536K`; a bare number is MiB.
    public static func memorySize(_ node: YAMLNode, path: DataPath, diagnostics: inout [Diagnostic]) -> Located<UInt64>? {
        guard let text = string(node, path: path, diagnostics: &diagnostics) else { return nil }
        guard let bytes = parseMemorySize(text.value) else {
            diagnostics.append(ManifestError.invalidValue("`\(text.value)` is not a memory size", at: node.range, path: path, help: ["write a number with a unit, e.g. `512M` or `2G`"]))
            return nil
        }
        guard bytes > 0, bytes % (1 << 20) == 0 else {
            diagnostics.append(ManifestError.invalidValue("guest memory must be a positive whole number of MiB", at: node.range, path: path))
            return nil
        }
        return Located(bytes, range: node.range, path: path)
    }

    /// Parses a size with an optional binary unit; a bare number counts MiB.
    public static func parseMemorySize(_ text: String) -> UInt64? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var unit = ""
        while let last = digits.last, last.isLetter {
            unit = String(last) + unit
            digits = digits.dropLast()
        }
        guard let number = parseInteger(String(digits)) else { return nil }
        let shift: UInt64
        switch unit.uppercased() {
        case "": shift = 20
        case "K", "KB", "KIB": shift = 10
        case "M", "MB", "MIB": shift = 20
        case "G", "GB", "GIB": shift = 30
        case "T", "TB", "TIB": shift = 40
        default: return nil
        }
        let (value, overflow) = number.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : value
    }
}
