/// Plain-text tables for the command line: every column padded to its widest cell, the last
/// column left ragged, so no cell is ever cut.
enum TextTable {
    /// The rows as lines, columns separated by at least `gap` spaces.
    static func render(_ rows: [[String]], gap: Int = 2) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<max(0, columns - 1)).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        var out = ""
        for row in rows {
            for (column, value) in row.enumerated() {
                out += value
                if column < widths.count, column < row.count - 1 {
                    out += String(repeating: " ", count: widths[column] - value.count + gap)
                }
            }
            out += "\n"
        }
        return out
    }
}
