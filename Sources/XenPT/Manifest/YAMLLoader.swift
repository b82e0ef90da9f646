import Diagnostics
import Foundation
import Yams

/// Reads YAML text into a located `YAMLNode` tree. The only place Yams is called.
public enum YAMLLoader {
    /// Parses one YAML document; a syntax error gives nil and a located diagnostic.
    ///
    /// An empty document gives an empty mapping located at 1:1.
    public static func parse(text: String, file: String) -> (YAMLNode?, [Diagnostic]) {
        let lines = SourceLines(text)
        if let limit = YAMLBudget.check(text, file: file) { return (nil, [limit]) }
        do {
            guard let root = try Yams.compose(yaml: text, Yams.Resolver.basic) else {
                let start = SourceLocation(file: file, line: 1, column: 1)
                return (YAMLNode(kind: .mapping([]), range: SourceRange(start: start)), [])
            }
            var diagnostics: [Diagnostic] = []
            let node = convert(root, file: file, lines: lines, diagnostics: &diagnostics)
            return (diagnostics.isEmpty ? node : nil, diagnostics)
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, file: file, lines: lines)])
        } catch {
            let start = SourceLocation(file: file, line: 1, column: 1)
            return (nil, [ManifestError.yamlSyntax(String(describing: error), at: SourceRange(start: start))])
        }
    }

    /// Reads and parses a file; an unreadable file gives a diagnostic at `requestedBy` (if given).
    public static func load(path: String, displayPath: String, requestedBy: SourceRange? = nil) -> (YAMLNode?, String?, [Diagnostic]) {
        let data: [UInt8]
        switch InputFile.read(path, limit: InputFile.manifestSizeLimit) {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            return (nil, nil, [ManifestError.unreadableFile(displayPath, reason: failure.description, at: requestedBy)])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let at = invalidUTF8Location(data, file: displayPath)
            var diagnostic = ManifestError.unreadableFile(displayPath, reason: "not valid UTF-8", at: SourceRange(start: at))
            diagnostic.primary?.message = "the first byte that is not UTF-8"
            if let requestedBy { diagnostic.secondary.append(Label(requestedBy, "named here")) }
            return (nil, nil, [diagnostic])
        }
        let (node, diagnostics) = parse(text: text, file: displayPath)
        return (node, text, diagnostics)
    }

    /// The line and column of the first byte of `bytes` that does not continue valid UTF-8
    /// (columns count the Unicode scalars before it on its line).
    static func invalidUTF8Location(_ bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput, .error:
                break loop
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    // MARK: - Conversion

    private static func convert(_ node: Yams.Node, file: String, lines: SourceLines, diagnostics: inout [Diagnostic]) -> YAMLNode {
        let start = location(node.mark, file: file)
        switch node {
        case .scalar(let scalar):
            let style = scalarStyle(scalar.style)
            let end = lines.scalarEnd(text: scalar.string, style: style, start: start)
            return YAMLNode(kind: .scalar(scalar.string, style), range: SourceRange(start: start, end: end))
        case .mapping(let mapping):
            let pairs = mapping.map { pair in
                YAMLPair(
                    key: convert(pair.key, file: file, lines: lines, diagnostics: &diagnostics),
                    value: convert(pair.value, file: file, lines: lines, diagnostics: &diagnostics)
                )
            }
            return YAMLNode(kind: .mapping(pairs), range: SourceRange(start: start))
        case .sequence(let sequence):
            let items = sequence.map { convert($0, file: file, lines: lines, diagnostics: &diagnostics) }
            return YAMLNode(kind: .sequence(items), range: SourceRange(start: start))
        case .alias:
            // Yams resolves aliases while composing; an unresolved one is a document we refuse.
            diagnostics.append(ManifestError.yamlSyntax("unresolved alias", at: SourceRange(start: start)))
            return YAMLNode(kind: .scalar("", .plain), range: SourceRange(start: start))
        }
    }

    private static func location(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func scalarStyle(_ style: Node.Scalar.Style) -> YAMLNode.ScalarStyle {
        switch style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal: .literal
        case .folded: .folded
        default: .plain
        }
    }

    // MARK: - Errors

    private static func diagnostic(for error: YamlError, file: String, lines: SourceLines) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var diagnostic = ManifestError.yamlSyntax(problem, at: SourceRange(start: location(mark, file: file)))
            if let context {
                diagnostic.notes.append(Note(context.text, at: SourceRange(start: location(context.mark, file: file))))
            }
            return diagnostic
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = location(context.mark, file: file)
            let second = lines.nextKey(key, after: first)
            return ManifestError.duplicateKey(key, first: SourceRange(start: first, end: first.advanced(by: key.unicodeScalars.count)), second: second)
        case .reader(let problem, let offset, _, _):
            let start = offset.map { lines.location(ofUTF8Offset: $0, file: file) } ?? SourceLocation(file: file, line: 1, column: 1)
            return ManifestError.yamlSyntax(problem, at: SourceRange(start: start))
        default:
            return ManifestError.yamlSyntax(String(describing: error), at: SourceRange(start: SourceLocation(file: file, line: 1, column: 1)))
        }
    }
}

extension SourceLocation {
    /// The location `count` columns further on the same line.
    func advanced(by count: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + count)
    }
}

/// The lines of a YAML text, for spans Yams does not give (scalar ends, second duplicate key).
struct SourceLines {
    private let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The Unicode scalars of a 1-based line, without a trailing CR.
    private func scalars(ofLine line: Int) -> [Unicode.Scalar]? {
        guard line >= 1, line <= lines.count else { return nil }
        var scalars = Array(lines[line - 1].unicodeScalars)
        if scalars.last == "\r" { scalars.removeLast() }
        return scalars
    }

    /// The end of a scalar that starts at `start`: exact for one-line plain and quoted scalars.
    func scalarEnd(text: String, style: YAMLNode.ScalarStyle, start: SourceLocation) -> SourceLocation {
        guard let line = scalars(ofLine: start.line), start.column >= 1, start.column <= line.count + 1 else { return start }
        let from = start.column - 1
        switch style {
        case .plain:
            guard !text.contains("\n") else { return start }
            let count = text.unicodeScalars.count
            guard from + count <= line.count else { return start }
            return start.advanced(by: count)
        case .singleQuoted, .doubleQuoted:
            let quote: Unicode.Scalar = style == .singleQuoted ? "'" : "\""
            guard from < line.count, line[from] == quote else { return start }
            var index = from + 1
            while index < line.count {
                let scalar = line[index]
                if style == .doubleQuoted, scalar == "\\" {
                    index += 2
                    continue
                }
                if scalar == quote {
                    if style == .singleQuoted, index + 1 < line.count, line[index + 1] == "'" {
                        index += 2
                        continue
                    }
                    return start.advanced(by: index - from + 1)
                }
                index += 1
            }
            return start
        case .literal, .folded:
            return start
        }
    }

    /// The next place after `first` where `key:` starts at the same column (a duplicate key).
    func nextKey(_ key: String, after first: SourceLocation) -> SourceRange? {
        let keyScalars = Array(key.unicodeScalars)
        var lineNumber = first.line + 1
        while let line = scalars(ofLine: lineNumber) {
            let from = first.column - 1
            if from + keyScalars.count < line.count,
               Array(line[from..<(from + keyScalars.count)]) == keyScalars,
               line[from + keyScalars.count] == ":" || line[from + keyScalars.count] == " " {
                let start = SourceLocation(file: first.file, line: lineNumber, column: first.column)
                return SourceRange(start: start, end: start.advanced(by: keyScalars.count))
            }
            lineNumber += 1
        }
        return nil
    }

    /// The line and column of a UTF-8 byte offset.
    func location(ofUTF8Offset offset: Int, file: String) -> SourceLocation {
        var remaining = offset
        for (index, line) in lines.enumerated() {
            let length = line.utf8.count + 1
            if remaining < length {
                let prefix = line.utf8.prefix(remaining)
                let column = (String(prefix) ?? "").unicodeScalars.count + 1
                return SourceLocation(file: file, line: index + 1, column: column)
            }
            remaining -= length
        }
        return SourceLocation(file: file, line: max(lines.count, 1), column: 1)
    }
}
