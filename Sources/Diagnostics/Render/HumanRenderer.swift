/// rustc-style text: a header, the primary place with its source line underlined, other places
/// and notes, then `= help:` and `= see:` lines.
///
/// ```
/// error[XPT-IRQ-002]: interrupt 112 is shared with a device that stays in dom0
///   --> boards/midway/guests/net.yaml:9:13
///    |
///  9 |   - device: /soc/ethernet@fff51000
///    |             ^^^^^^^^^^^^^^^^^^^^^^ SPI 80 (INTID 112) also used by /soc/sata@ffe08000
///    |
/// note: /soc/sata@ffe08000 is not passed through to this guest
///   --> boards/midway/midway.dts:41:3
///    = help: pass both devices to the same guest, or waive with a reason
///    = see: xenpt explain XPT-IRQ-002
/// ```
///
/// Layout rules:
/// - The gutter is as wide as the largest line number drawn, and at least 2.
/// - `^` underlines the primary range, `-` each secondary one; an empty range gets one
///   marker, a range running onto later lines is underlined to the end of its first line.
/// - Labels are grouped by file: the primary's file first (`-->`), others after (`:::`).
///   Lines of one file are drawn in order, with `...` over a gap. Several labels on one line
///   share a marker row; the rightmost label's message follows the markers, the others hang
///   below on `|` connectors.
/// - A file missing from the store (or a line past its end) draws the `-->` line only.
/// - Located notes get `note:` and their own `-->`; unlocated notes are `= note:` lines.
/// - Tabs become four spaces; wide characters take two columns.
/// - Control characters in source lines show as U+FFFD; in messages, labels and paths they are
///   escaped (`PrintableText`), so nothing from a file breaks a line or reaches the terminal.
/// - Findings are separated by a blank line.
public struct HumanRenderer: DiagnosticRenderer {
    /// Whether to use ANSI colour.
    public var colors: Bool
    /// The command the `= see:` line names, followed by the code.
    public var explainCommand: String
    /// Whether a code has an explain page; only those get a `= see:` line.
    public var explainable: @Sendable (String) -> Bool

    /// Creates a human renderer; by default no colour and no `= see:` lines.
    public init(
        colors: Bool = false,
        explainCommand: String = "xenpt explain",
        explainable: @escaping @Sendable (String) -> Bool = { _ in false }
    ) {
        self.colors = colors
        self.explainCommand = explainCommand
        self.explainable = explainable
    }

    /// Every finding in turn, separated by blank lines.
    public func render(_ diagnostics: [Diagnostic], sources: SourceStore) -> String {
        diagnostics.map { render($0, sources: sources) }.joined(separator: "\n")
    }

    /// One finding, ending in a newline.
    public func render(_ diagnostic: Diagnostic, sources: SourceStore) -> String {
        var out = Output(colors: colors, severity: diagnostic.severity)
        let groups = snippetGroups(for: diagnostic, sources: sources)
        let width = max(2, groups.flatMap(\.lines).map { String($0.number).count }.max() ?? 0)
        let arrowPad = String(repeating: " ", count: width)
        let barPad = String(repeating: " ", count: width + 1)

        let code = diagnostic.code.isEmpty ? "" : "[\(diagnostic.code)]"
        out.line([
            (diagnostic.severity.rawValue + code, .severity(diagnostic.severity)),
            (": " + diagnostic.message, .emphasis),
        ])

        var drewSnippet = false
        for (index, group) in groups.enumerated() {
            if index > 0, drewSnippet { out.line([(barPad + "|", .gutter)]) }
            out.line([(arrowPad + (index == 0 ? "--> " : "::: "), .gutter), (group.anchor.description, .plain)])
            drewSnippet = !group.lines.isEmpty
            if drewSnippet {
                out.line([(barPad + "|", .gutter)])
                draw(group, width: width, into: &out)
            }
        }

        let see = !diagnostic.code.isEmpty && explainable(diagnostic.code)
        let hasFooter = !diagnostic.notes.isEmpty || !diagnostic.help.isEmpty || see
        if drewSnippet, hasFooter { out.line([(barPad + "|", .gutter)]) }
        for note in diagnostic.notes {
            if let range = note.range {
                out.line([("note", .note), (": " + note.message, .plain)])
                out.line([(arrowPad + "--> ", .gutter), (range.start.description, .plain)])
            } else {
                out.line([(barPad + "= ", .gutter), ("note", .note), (": " + note.message, .plain)])
            }
        }
        for help in diagnostic.help {
            out.line([(barPad + "= ", .gutter), ("help", .help), (": " + help, .plain)])
        }
        if see {
            out.line([(barPad + "= ", .gutter), ("see", .help), (": \(explainCommand) \(diagnostic.code)", .plain)])
        }
        return out.text
    }

    // MARK: - Layout

    /// One label placed on a display line.
    private struct Mark {
        let start: Int
        let end: Int
        let message: String
        let isPrimary: Bool
    }

    /// One source line to draw with the labels that start on it.
    private struct SnippetLine {
        let number: Int
        let display: DisplayLine
        var marks: [Mark]
    }

    /// The labels of one file: where its arrow points and the lines to draw (none when the
    /// source is unknown).
    private struct SnippetGroup {
        let file: String
        var anchor: SourceLocation
        var lines: [SnippetLine]
    }

    private func snippetGroups(for diagnostic: Diagnostic, sources: SourceStore) -> [SnippetGroup] {
        var labels: [(Label, Bool)] = []
        if let primary = diagnostic.primary { labels.append((primary, true)) }
        labels += diagnostic.secondary.map { ($0, false) }

        var order: [String] = []
        var byFile: [String: [(Label, Bool)]] = [:]
        for entry in labels {
            let file = entry.0.range.file
            if byFile[file] == nil { order.append(file) }
            byFile[file, default: []].append(entry)
        }

        return order.map { file in
            let entries = byFile[file] ?? []
            // The primary's own start when it is here, else the earliest label of the file.
            let anchor = entries.first(where: \.1)?.0.range.start
                ?? entries.map(\.0.range.start).min()
                ?? SourceLocation(file: file, line: 0, column: 0)
            var lines: [Int: SnippetLine] = [:]
            if let source = sources[file] {
                for (label, isPrimary) in entries {
                    let range = label.range
                    guard let text = source.line(range.start.line) else { continue }
                    let number = range.start.line
                    let display = lines[number]?.display ?? DisplayLine(text)
                    let start = display.displayColumn(ofScalarColumn: range.start.column)
                    var end: Int
                    if range.end.line > range.start.line {
                        end = display.width
                    } else if range.end.line == range.start.line {
                        end = display.displayColumn(ofScalarColumn: range.end.column)
                    } else {
                        end = start
                    }
                    end = max(end, start + 1)
                    let mark = Mark(start: start, end: end, message: label.message, isPrimary: isPrimary)
                    lines[number, default: SnippetLine(number: number, display: display, marks: [])].marks.append(mark)
                }
            }
            return SnippetGroup(
                file: file,
                anchor: anchor,
                lines: lines.keys.sorted().compactMap { lines[$0] }
            )
        }
    }

    private func draw(_ group: SnippetGroup, width: Int, into out: inout Output) {
        let barPrefix = String(repeating: " ", count: width + 1) + "|"
        var previous: Int?
        for line in group.lines {
            if let previous, line.number > previous + 1 { out.line([("...", .gutter)]) }
            previous = line.number
            let number = String(line.number)
            let numberPad = String(repeating: " ", count: width - number.count)
            if line.display.text.isEmpty {
                out.line([(numberPad + number + " |", .gutter)])
            } else {
                out.line([(numberPad + number + " | ", .gutter), (line.display.text, .plain)])
            }
            drawMarks(line.marks, barPrefix: barPrefix, into: &out)
        }
    }

    private func drawMarks(_ marks: [Mark], barPrefix: String, into out: inout Output) {
        // Left to right; at one column the primary first so it is the one drawn on top last.
        let sorted = marks.sorted { ($0.start, $0.isPrimary ? 0 : 1) < ($1.start, $1.isPrimary ? 0 : 1) }
        var row = Cells()
        for mark in sorted where !mark.isPrimary { row.fill(mark.start..<mark.end, "-", .secondary) }
        for mark in sorted where mark.isPrimary { row.fill(mark.start..<mark.end, "^", .primary) }

        // The rightmost-starting label speaks on the marker row (the primary when it is one of
        // them); every other label with a message hangs below on a connector.
        let rightmost = sorted.map(\.start).max() ?? 0
        let candidates = sorted.indices.filter { sorted[$0].start == rightmost }
        let inlineIndex = candidates.first { sorted[$0].isPrimary && !sorted[$0].message.isEmpty }
            ?? candidates.first { !sorted[$0].message.isEmpty }
        var segments = [(barPrefix + " ", Style.gutter)] + row.segments()
        if let inlineIndex {
            let mark = sorted[inlineIndex]
            segments.append((" " + mark.message, mark.isPrimary ? .primary : .secondary))
        }
        out.line(segments)

        let hanging = sorted.indices
            .filter { $0 != inlineIndex && !sorted[$0].message.isEmpty }
            .map { sorted[$0] }
        guard !hanging.isEmpty else { return }
        var connectors = Cells()
        for mark in hanging { connectors.put(mark.start, "|", mark.isPrimary ? .primary : .secondary) }
        out.line([(barPrefix + " ", .gutter)] + connectors.segments())
        for index in hanging.indices.reversed() {
            var cells = Cells()
            for mark in hanging[..<index] { cells.put(mark.start, "|", mark.isPrimary ? .primary : .secondary) }
            let mark = hanging[index]
            cells.write(mark.start, mark.message, mark.isPrimary ? .primary : .secondary)
            out.line([(barPrefix + " ", .gutter)] + cells.segments())
        }
    }

    // MARK: - Text and colour

    /// What a piece of text is, for colouring.
    private enum Style: Equatable {
        case plain
        case emphasis
        case gutter
        case severity(Severity)
        case primary
        case secondary
        case note
        case help
    }

    /// A row of single-column cells, each with a style; unset cells are spaces.
    private struct Cells {
        private var characters: [Character] = []
        private var styles: [Style] = []

        mutating func put(_ column: Int, _ character: Character, _ style: Style) {
            guard column >= 0 else { return }
            while characters.count <= column {
                characters.append(" ")
                styles.append(.plain)
            }
            characters[column] = character
            styles[column] = style
        }

        mutating func fill(_ columns: Range<Int>, _ character: Character, _ style: Style) {
            for column in columns { put(column, character, style) }
        }

        // Message text may hold wide characters; it is only ever written last on a row, so
        // appending it after the cells keeps earlier columns right.
        mutating func write(_ column: Int, _ text: String, _ style: Style) {
            guard column >= 0 else { return }
            if characters.count > column {
                characters.removeSubrange(column...)
                styles.removeSubrange(column...)
            }
            while characters.count < column {
                characters.append(" ")
                styles.append(.plain)
            }
            for character in text {
                characters.append(character)
                styles.append(style)
            }
        }

        /// Runs of equal style, with trailing spaces dropped.
        func segments() -> [(String, Style)] {
            var end = characters.count
            while end > 0, characters[end - 1] == " " { end -= 1 }
            var result: [(String, Style)] = []
            for index in 0..<end {
                if let last = result.last, last.1 == styles[index] {
                    result[result.count - 1].0.append(characters[index])
                } else {
                    result.append((String(characters[index]), styles[index]))
                }
            }
            return result
        }
    }

    /// Collects lines, adding ANSI escapes when colour is on.
    private struct Output {
        let colors: Bool
        /// Colours the primary markers like the header.
        let severity: Severity
        var text = ""

        mutating func line(_ segments: [(String, Style)]) {
            // Adjacent pieces of one style share one escape sequence.
            var merged: [(String, Style)] = []
            for segment in segments {
                if let last = merged.last, last.1 == segment.1 {
                    merged[merged.count - 1].0 += segment.0
                } else {
                    merged.append(segment)
                }
            }
            for (raw, style) in merged {
                // Messages, labels and paths come from files: never let them break the line
                // or reach the terminal as control characters.
                let piece = PrintableText.escaped(raw)
                if colors, let code = ansi(style == .primary ? .severity(severity) : style), !piece.isEmpty {
                    text += "\u{1B}[\(code)m" + piece + "\u{1B}[0m"
                } else {
                    text += piece
                }
            }
            text += "\n"
        }

        private func ansi(_ style: Style) -> String? {
            switch style {
            case .plain: nil
            case .emphasis: "1"
            case .gutter, .secondary: "1;34"
            case .severity(.error), .primary: "1;31"
            case .severity(.warning): "1;33"
            case .severity(.info): "1;36"
            case .note: "1;32"
            case .help: "1;36"
            }
        }
    }
}
