// Diagnostics layer: positions, the Diagnostic value, the bag and the renderers.
// It may import Foundation only; it knows nothing of device trees or Xen.

/// A position in a source file: 1-based line and column.
///
/// Columns count Unicode scalars, as libyaml (and so Yams) does; renderers convert to
/// character offsets when they draw a snippet.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A half-open span of source text: `start` up to, not including, `end`.
///
/// When only a start is known (a YAML collection), `end == start` and renderers draw a caret.
public struct SourceRange: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// First position covered.
    public var start: SourceLocation
    /// Position just past the span, on the same file.
    public var end: SourceLocation

    /// Creates a range; `end` defaults to `start`.
    public init(start: SourceLocation, end: SourceLocation? = nil) {
        self.start = start
        self.end = end ?? start
    }

    /// The file both ends are in.
    public var file: String { start.file }

    /// `file:line:col` of the start.
    public var description: String { start.description }

    public static func < (lhs: SourceRange, rhs: SourceRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}
