/// One line per finding: `file:line:col: severity[CODE]: message`.
///
/// Control characters in places and messages are escaped (`PrintableText`), so one finding is
/// always one line. A finding without a place reads `<no location>: severity[CODE]: message`, so every line
/// splits into the same four fields on `": "`.
public struct ConciseRenderer: DiagnosticRenderer {
    /// What stands in for `file:line:col` when a finding has no place.
    public static let unlocated = "<no location>"

    /// Creates a concise renderer.
    public init() {}

    /// One line per finding, in the order given.
    public func render(_ diagnostics: [Diagnostic], sources: SourceStore) -> String {
        diagnostics.map { line(for: $0) + "\n" }.joined()
    }

    /// The line for one finding, without its newline.
    public func line(for diagnostic: Diagnostic) -> String {
        let place = diagnostic.location.map { PrintableText.escaped($0.description) } ?? Self.unlocated
        let code = diagnostic.code.isEmpty ? "" : "[\(PrintableText.escaped(diagnostic.code))]"
        return "\(place): \(diagnostic.severity.rawValue)\(code): \(PrintableText.escaped(diagnostic.message))"
    }
}
