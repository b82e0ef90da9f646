/// A source line prepared for a terminal: tabs expanded, and each scalar column mapped to the
/// terminal column it starts at, so markers line up under the text above them.
struct DisplayLine {
    /// Spaces a tab becomes; fixed (not tab stops), as rustc does.
    static let tabWidth = 4

    /// The text to print.
    let text: String
    /// `columns[i]`: 0-based terminal column where scalar `i` starts; the last entry is the width.
    private let columns: [Int]

    /// Prepares `line`.
    init(_ line: Substring) {
        var text = ""
        var columns: [Int] = []
        var width = 0
        for character in line {
            let scalars = character.unicodeScalars
            // Every scalar of a cluster (a letter and its combining marks) starts where the cluster does.
            columns.append(contentsOf: repeatElement(width, count: scalars.count))
            let first = scalars.first.map(\.value) ?? 0
            if character == "\t" {
                text += String(repeating: " ", count: Self.tabWidth)
                width += Self.tabWidth
            } else if let scalar = scalars.first, PrintableText.isControl(scalar) {
                // Other control characters (C0, DEL, C1, line separators, bidirectional
                // overrides) would move the cursor or reorder the line; show a replacement.
                text += "\u{FFFD}"
                width += 1
            } else {
                text.append(character)
                width += Self.isWide(first) ? 2 : 1
            }
        }
        columns.append(width)
        self.text = text
        self.columns = columns
    }

    /// The terminal width of the whole line.
    var width: Int { columns[columns.count - 1] }

    /// The 0-based terminal column of 1-based scalar `column`, clamped to the line.
    func displayColumn(ofScalarColumn column: Int) -> Int {
        if column <= 1 { return 0 }
        let index = column - 1
        if index >= columns.count { return width }
        return columns[index]
    }

    // East Asian Wide and Fullwidth blocks and the common emoji blocks; an approximation of
    // Unicode's EastAsianWidth table that covers the text manifests and DTS comments carry.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD,
        0x30000...0x3FFFD,
    ]

    /// Whether a character starting with scalar `value` takes two terminal columns.
    static func isWide(_ value: UInt32) -> Bool {
        wideRanges.contains { $0.contains(value) }
    }
}
