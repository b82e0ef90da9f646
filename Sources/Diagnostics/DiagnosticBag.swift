/// How many findings a run has at each severity.
public struct SeverityCounts: Sendable, Hashable {
    /// Findings at `.error`.
    public var errors: Int
    /// Findings at `.warning`.
    public var warnings: Int
    /// Findings at `.info`.
    public var infos: Int

    /// Creates counts.
    public init(errors: Int = 0, warnings: Int = 0, infos: Int = 0) {
        self.errors = errors
        self.warnings = warnings
        self.infos = infos
    }

    /// Counts the severities of `diagnostics` as given (no deduplication).
    public init(_ diagnostics: some Sequence<Diagnostic>) {
        self.init()
        for diagnostic in diagnostics { self[diagnostic.severity] += 1 }
    }

    /// The count at `severity`.
    public subscript(severity: Severity) -> Int {
        get {
            switch severity {
            case .error: errors
            case .warning: warnings
            case .info: infos
            }
        }
        set {
            switch severity {
            case .error: errors = newValue
            case .warning: warnings = newValue
            case .info: infos = newValue
            }
        }
    }

    /// All findings together.
    public var total: Int { errors + warnings + infos }

    /// One line for the end of a report: `2 errors, 1 warning, 3 infos`, or `no findings`.
    ///
    /// Only the non-zero severities are named, most severe first.
    public var summary: String {
        var parts: [String] = []
        if errors > 0 { parts.append(Self.count(errors, "error")) }
        if warnings > 0 { parts.append(Self.count(warnings, "warning")) }
        if infos > 0 { parts.append(Self.count(infos, "info")) }
        return parts.isEmpty ? "no findings" : parts.joined(separator: ", ")
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

/// Collects the findings of a run, each once, and hands them back in a stable order.
///
/// Loaders, the resolver and the linter append to a bag instead of stopping at the first
/// problem. A finding equal in every field to one already held is dropped.
public struct DiagnosticBag: Sendable, Hashable {
    /// The distinct findings in the order they were first added.
    public private(set) var diagnostics: [Diagnostic] = []
    private var seen: Set<Diagnostic> = []

    /// Creates an empty bag.
    public init() {}

    /// Creates a bag holding `diagnostics` (duplicates dropped).
    public init(_ diagnostics: some Sequence<Diagnostic>) {
        append(contentsOf: diagnostics)
    }

    /// Adds `diagnostic` unless an identical one is already held.
    public mutating func append(_ diagnostic: Diagnostic) {
        if seen.insert(diagnostic).inserted {
            diagnostics.append(diagnostic)
        }
    }

    /// Adds each of `diagnostics` unless an identical one is already held.
    public mutating func append(contentsOf diagnostics: some Sequence<Diagnostic>) {
        for diagnostic in diagnostics { append(diagnostic) }
    }

    /// Adds everything `other` holds.
    public mutating func merge(_ other: DiagnosticBag) {
        append(contentsOf: other.diagnostics)
    }

    /// How many distinct findings are held.
    public var count: Int { diagnostics.count }

    /// Whether the bag holds nothing.
    public var isEmpty: Bool { diagnostics.isEmpty }

    /// The findings in report order; see `Diagnostic.reportOrder`.
    public var sorted: [Diagnostic] { Diagnostic.inReportOrder(diagnostics) }

    /// How many findings are held at each severity.
    public var counts: SeverityCounts { SeverityCounts(diagnostics) }

    /// Whether any finding is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The most severe finding's severity, or nil for an empty bag.
    public var worstSeverity: Severity? { diagnostics.map(\.severity).max() }
}

extension Diagnostic {
    /// The order reports list findings in: unlocated findings first, then by file, line and
    /// column; at one position the more severe first, then by code and message.
    ///
    /// Remaining ties are broken on every other field so the order never depends on the
    /// order findings were added.
    public static func reportOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        leadingOrder(lhs, rhs) ?? tieBreakOrder(lhs, rhs)
    }

    /// `list` sorted by `reportOrder`. The tie-break compares the remaining fields in place,
    /// so a finding naming a thousand sharers costs no key built from its text.
    public static func inReportOrder(_ list: [Diagnostic]) -> [Diagnostic] {
        list.sorted(by: reportOrder)
    }

    /// The order on position, severity, code and message; nil when all four are equal.
    private static func leadingOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool? {
        switch (lhs.location, rhs.location) {
        case (nil, .some): return true
        case (.some, nil): return false
        case let (.some(left), .some(right)) where left != right: return left < right
        default: break
        }
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        if lhs.message != rhs.message { return lhs.message < rhs.message }
        return nil
    }

    /// A total order over the remaining fields (primary label, secondary labels, notes, help,
    /// device path, data path), compared field by field; it depends on values only, never on
    /// hash values or the order findings were added.
    private static func tieBreakOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if let order = TieBreak.optional(lhs.primary, rhs.primary, TieBreak.label) { return order }
        if let order = TieBreak.list(lhs.secondary, rhs.secondary, TieBreak.label) { return order }
        if let order = TieBreak.list(lhs.notes, rhs.notes, TieBreak.note) { return order }
        if let order = TieBreak.list(lhs.help, rhs.help, TieBreak.value) { return order }
        if let order = TieBreak.optional(lhs.devicePath, rhs.devicePath, TieBreak.value) { return order }
        return TieBreak.optional(lhs.dataPath, rhs.dataPath, TieBreak.value) ?? false
    }
}

/// Three-way pieces of the diagnostic tie-break: each returns nil when both sides are equal,
/// else whether the left one goes first.
private enum TieBreak {
    static func value<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool? {
        lhs == rhs ? nil : lhs < rhs
    }

    static func label(_ lhs: Label, _ rhs: Label) -> Bool? {
        value(lhs.range, rhs.range) ?? value(lhs.message, rhs.message)
    }

    static func note(_ lhs: Note, _ rhs: Note) -> Bool? {
        value(lhs.message, rhs.message) ?? optional(lhs.range, rhs.range, value)
    }

    /// Absent before present.
    static func optional<T>(_ lhs: T?, _ rhs: T?, _ order: (T, T) -> Bool?) -> Bool? {
        switch (lhs, rhs) {
        case (nil, nil): return nil
        case (nil, .some): return true
        case (.some, nil): return false
        case let (.some(left), .some(right)): return order(left, right)
        }
    }

    /// Element by element; a list that is a prefix of the other goes first.
    static func list<T>(_ lhs: [T], _ rhs: [T], _ order: (T, T) -> Bool?) -> Bool? {
        for (left, right) in zip(lhs, rhs) {
            if let decided = order(left, right) { return decided }
        }
        return value(lhs.count, rhs.count)
    }
}
