/// A non-empty batch of diagnostics returned as the failure of an operation.
public struct DiagnosticList: Error, Sendable, Hashable {
    /// The diagnostics, in the order they were found.
    public var diagnostics: [Diagnostic]

    /// Creates a list.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The diagnostics at error level.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
