/// How bad a finding is. Ordered from least to most severe.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    /// Worth knowing; never fails a run.
    case info
    /// Probably wrong; fails a run under `--strict`.
    case warning
    /// Wrong; fails the run.
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A source range with a short message drawn next to it.
public struct Label: Sendable, Hashable {
    /// Where.
    public var range: SourceRange
    /// What about it; may be empty.
    public var message: String

    /// Creates a label.
    public init(_ range: SourceRange, _ message: String = "") {
        self.range = range
        self.message = message
    }
}

/// A note attached to a diagnostic, optionally pointing somewhere else.
public struct Note: Sendable, Hashable {
    /// The note's text.
    public var message: String
    /// The other place involved, if any.
    public var range: SourceRange?

    /// Creates a note.
    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// One finding: what is wrong, where, and how to fix it. Pure data; rendering is separate.
public struct Diagnostic: Sendable, Hashable {
    /// Stable code (`XPT-IRQ-002`) or a fixed error code (`XPT-E-YAML`).
    public var code: String
    /// How bad it is.
    public var severity: Severity
    /// One line, lowercase, no trailing period: what is wrong.
    public var message: String
    /// The smallest span that shows the problem, if the problem has a place.
    public var primary: Label?
    /// Other places involved.
    public var secondary: [Label]
    /// Extra facts, each optionally located.
    public var notes: [Note]
    /// How to fix it.
    public var help: [String]
    /// The device-tree node path the finding is about, when there is one.
    public var devicePath: String?
    /// The data path in the manifest (`passthrough[0].device`), when there is one.
    public var dataPath: String?

    /// Creates a diagnostic.
    public init(
        code: String,
        severity: Severity,
        message: String,
        primary: Label? = nil,
        secondary: [Label] = [],
        notes: [Note] = [],
        help: [String] = [],
        devicePath: String? = nil,
        dataPath: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.primary = primary
        self.secondary = secondary
        self.notes = notes
        self.help = help
        self.devicePath = devicePath
        self.dataPath = dataPath
    }

    /// The primary location, if any.
    public var location: SourceLocation? { primary?.range.start }
}
