/// GitHub Actions workflow commands, one per finding, which GitHub shows as annotations.
///
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`; warnings use
/// `::warning` and infos `::notice`. Columns are given only when the range starts and ends on
/// one line, the only case annotations support; `endColumn` is the exclusive end, as in the
/// diagnostic (an empty range covers one column). Help lines follow the message on their own
/// lines. Control characters inside a message or a value are first made visible
/// (`PrintableText`), so the only line breaks are the ones between message and help; then values
/// are escaped as the Actions toolkit does: `%`, CR and LF everywhere, and `:`
/// and `,` in properties.
public struct GitHubRenderer: DiagnosticRenderer {
    /// Creates a GitHub renderer.
    public init() {}

    /// One command per finding, in the order given.
    public func render(_ diagnostics: [Diagnostic], sources: SourceStore) -> String {
        diagnostics.map { command(for: $0) + "\n" }.joined()
    }

    /// The workflow command for one finding, without its newline.
    public func command(for diagnostic: Diagnostic) -> String {
        let name = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        var properties: [(String, String)] = []
        if let range = diagnostic.primary?.range, range.start.line >= 1 {
            properties.append(("file", range.file))
            properties.append(("line", String(range.start.line)))
            let sameLine = range.end.line == range.start.line
            if sameLine, range.start.column >= 1 {
                properties.append(("col", String(range.start.column)))
            }
            if range.end.line >= range.start.line {
                properties.append(("endLine", String(range.end.line)))
            }
            if sameLine, range.start.column >= 1 {
                let oneColumn = range.start.column.addingReportingOverflow(1)
                let end = range.end.column > range.start.column || oneColumn.overflow
                    ? range.end.column
                    : oneColumn.partialValue
                properties.append(("endColumn", String(max(end, range.start.column))))
            }
        }
        if !diagnostic.code.isEmpty { properties.append(("title", diagnostic.code)) }
        let message = ([diagnostic.message] + diagnostic.help.map { "help: " + $0 })
            .map(PrintableText.escaped).joined(separator: "\n")
        let list = properties.map { "\($0.0)=\(Self.escapeProperty(PrintableText.escaped($0.1)))" }.joined(separator: ",")
        return "::\(name)\(list.isEmpty ? "" : " " + list)::\(Self.escapeData(message))"
    }

    /// Escapes a command's message: `%`, CR and LF.
    public static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes a property value: as `escapeData`, plus `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        var out = ""
        for scalar in escapeData(text).unicodeScalars {
            switch scalar {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
