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
    /// Every other node involved, in full (human text may shorten the list; machine formats do not).
    public var related: [RelatedNode]
    /// Typed facts the finding is about, in the order a rule gives them.
    public var fields: [FindingField]

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
        dataPath: String? = nil,
        related: [RelatedNode] = [],
        fields: [FindingField] = []
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
        self.related = related
        self.fields = fields
    }

    /// The primary location, if any.
    public var location: SourceLocation? { primary?.range.start }
}

/// Another node a finding involves (the device it shares an interrupt with, the provider it
/// depends on), named in full for machine formats: JSON lists every one and SARIF gives each a
/// related location, while human text may shorten the list.
public struct RelatedNode: Sendable, Hashable {
    /// The node's full path.
    public var path: String
    /// Its part in the finding (`also uses clock 61 of /clkc`); may be empty.
    public var message: String
    /// Where the node is defined, when known.
    public var range: SourceRange?

    /// Creates a related node.
    public init(_ path: String, _ message: String = "", at range: SourceRange? = nil) {
        self.path = path
        self.message = message
        self.range = range
    }
}

/// One typed fact a finding is about (the property, the clock specifier, the interrupt, the
/// page), for machine formats to read without parsing the message.
public struct FindingField: Sendable, Hashable {
    /// A field's value.
    public enum Value: Sendable, Hashable {
        /// A name or path.
        case text(String)
        /// A number: an INTID, a frame number, a stream ID.
        case number(UInt64)
        /// A list of numbers: a specifier's cells.
        case numbers([UInt64])
    }

    /// The field's key, in lower camel case (`property`, `intid`, `mfn`).
    public var name: String
    /// Its value.
    public var value: Value

    /// Creates a field.
    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// A text field.
    public static func text(_ name: String, _ value: String) -> FindingField { FindingField(name, .text(value)) }

    /// A number field.
    public static func number(_ name: String, _ value: some BinaryInteger) -> FindingField {
        FindingField(name, .number(UInt64(truncatingIfNeeded: value)))
    }

    /// A field of several numbers.
    public static func numbers(_ name: String, _ values: [some BinaryInteger]) -> FindingField {
        FindingField(name, .numbers(values.map { UInt64(truncatingIfNeeded: $0) }))
    }

    /// The value as JSON.
    public var json: JSONValue {
        switch value {
        case .text(let text): .string(text)
        case .number(let number): .unsigned(number)
        case .numbers(let numbers): .array(numbers.map(JSONValue.unsigned))
        }
    }
}
