/// The text of one source file with a table of where each line starts.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (the breaks libyaml counts); the terminator is not
/// part of the line. Text after the last terminator is one more line, even when it is empty,
/// so a location at the very end of the file (`line: lineCount, column: 1`) has a line.
/// Columns are 1-based and count Unicode scalars, like `SourceLocation`.
public struct SourceFile: Sendable, Hashable {
    /// The file as the user named it; the key diagnostics use in `SourceLocation.file`.
    public let path: String
    /// The whole text.
    public let text: String
    /// UTF-8 offset of the first byte of each line; `lineStarts[0] == 0`.
    private let lineStarts: [Int]
    /// UTF-8 offset just past the content of each line, before its terminator.
    private let lineEnds: [Int]

    /// Creates a source file and indexes its lines.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [0]
        var ends: [Int] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                ends.append(index)
                starts.append(index + 1)
            } else if byte == UInt8(ascii: "\r") {
                ends.append(index)
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
                starts.append(index + 1)
            }
            index += 1
        }
        ends.append(bytes.count)
        lineStarts = starts
        lineEnds = ends
    }

    /// Creates a source file from raw bytes, repairing invalid UTF-8 with U+FFFD.
    public init(path: String, bytes: [UInt8]) {
        self.init(path: path, text: String(decoding: bytes, as: UTF8.self))
    }

    /// How many lines the file has (at least 1).
    public var lineCount: Int { lineStarts.count }

    /// The text of 1-based line `number` without its terminator, or nil when out of range.
    public func line(_ number: Int) -> Substring? {
        guard let bounds = utf8Bounds(ofLine: number) else { return nil }
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: bounds.start)
        let upper = utf8.index(utf8.startIndex, offsetBy: bounds.end)
        return text[lower..<upper]
    }

    /// UTF-8 offsets of line `number`'s content (start, end before the terminator).
    public func utf8Bounds(ofLine number: Int) -> (start: Int, end: Int)? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        return (lineStarts[number - 1], lineEnds[number - 1])
    }

    /// The UTF-8 offset in the file of 1-based `line` and scalar `column`.
    ///
    /// Column `n + 1` on a line of `n` scalars is the end of that line; anything further, or a
    /// line or column below 1, is nil.
    public func utf8Offset(line: Int, column: Int) -> Int? {
        guard column >= 1, let content = self.line(line),
              let bounds = utf8Bounds(ofLine: line)
        else { return nil }
        var offset = bounds.start
        var remaining = column - 1
        for scalar in content.unicodeScalars {
            if remaining == 0 { return offset }
            offset += UTF8.width(scalar)
            remaining -= 1
        }
        return remaining == 0 ? offset : nil
    }

    /// The UTF-8 offset in the file of `location`, ignoring its file name.
    public func utf8Offset(of location: SourceLocation) -> Int? {
        utf8Offset(line: location.line, column: location.column)
    }

    /// The 0-based `Character` offset within `line` of scalar `column`.
    ///
    /// A column inside a grapheme cluster (a combining mark) maps to the cluster it belongs to;
    /// column `n + 1` on a line of `n` scalars maps to the line's character count.
    public func characterOffset(line: Int, column: Int) -> Int? {
        guard column >= 1, let content = self.line(line) else { return nil }
        var scalarsSeen = 0
        var characters = 0
        let target = column - 1
        for character in content {
            let width = character.unicodeScalars.count
            if target < scalarsSeen + width { return characters }
            scalarsSeen += width
            characters += 1
        }
        return target == scalarsSeen ? characters : nil
    }

    /// The location of UTF-8 `offset` in this file, or nil past the end of the text.
    ///
    /// An offset inside a multi-byte scalar maps to that scalar; an offset on a line
    /// terminator maps to one past the line's last column.
    public func location(ofUTF8Offset offset: Int) -> SourceLocation? {
        guard offset >= 0, offset <= text.utf8.count else { return nil }
        // The last line whose start is <= offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let lineIndex = low
        let start = lineStarts[lineIndex]
        let end = lineEnds[lineIndex]
        let target = min(offset, end)
        var column = 1
        var position = start
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(utf8.startIndex, offsetBy: end)
        for scalar in text[lower..<upper].unicodeScalars {
            let width = UTF8.width(scalar)
            if position + width > target { break }
            position += width
            column += 1
        }
        return SourceLocation(file: path, line: lineIndex + 1, column: column)
    }
}
