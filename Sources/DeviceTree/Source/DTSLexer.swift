import Diagnostics
import Foundation

/// The kinds of DTS token, as dtc's flex lexer produces them.
enum DTSTokenKind: Equatable {
    case v1, plugin, memreserve, bits, deleteProperty, deleteNode, omitIfNoRef, incbin
    case propNodeName, literal, charLiteral, byte, string, label, labelRef, pathRef
    case leftShift, rightShift, lessEqual, greaterEqual, equal, notEqual, logicalAnd, logicalOr
    case char(UInt8)
    case end
}

/// One token: its kind, its bytes in the file buffer, its place and its number (literals, bytes).
struct DTSToken {
    /// What it is.
    var kind: DTSTokenKind
    /// Index of the buffer in `DTSLexer.buffers`.
    var buffer: Int
    /// First byte.
    var start: Int
    /// One past the last byte.
    var end: Int
    /// Index of the display file name in `DTSLexer.fileNames`.
    var fileName: Int
    /// 1-based line.
    var line: Int
    /// Offset of the line's first byte, for the column.
    var lineStart: Int
    /// Integer payload.
    var value: UInt64
}

/// The start condition of dtc's lexer.
enum DTSLexState {
    case initial, v1, propNodeName, byteString
}

/// A loaded source file.
final class DTSBuffer {
    /// The bytes.
    let bytes: [UInt8]
    /// Directory for relative `/include/` and `/incbin/`.
    let directory: String

    init(bytes: [UInt8], directory: String) {
        self.bytes = bytes
        self.directory = directory
    }
}

/// A hand-written equivalent of dtc 1.6.1's flex lexer (longest match, same start conditions).
final class DTSLexer {
    /// Every buffer ever opened (tokens point into them).
    private(set) var buffers: [DTSBuffer] = []
    /// Display names (from the file or from line markers).
    private(set) var fileNames: [String] = []
    private var fileNameIndex: [String: Int] = [:]
    /// Errors found while lexing.
    var diagnostics: [Diagnostic] = []
    /// Where `/include/` looks after the including file's directory.
    let includeDirectories: [String]
    /// The folders `/include/` may read from (nil: anywhere).
    let readRoots: ReadRoots?
    /// File names in line markers to show as another name (cpp's temporary input file).
    var fileNameAliases: [String: String] = [:]

    private struct Frame {
        var buffer: Int
        var position: Int
        var line: Int
        var lineStart: Int
        var fileName: Int
    }
    private var stack: [Frame] = []
    private var frame: Frame
    private var bytes: [UInt8]
    var state: DTSLexState = .initial

    /// Creates a lexer over a main source.
    init(source: [UInt8], fileName: String, directory: String, includeDirectories: [String], readRoots: ReadRoots? = nil) {
        self.includeDirectories = includeDirectories
        self.readRoots = readRoots
        bytes = source
        frame = Frame(buffer: 0, position: 0, line: 1, lineStart: 0, fileName: 0)
        buffers.append(DTSBuffer(bytes: source, directory: directory))
        frame.fileName = internName(fileName)
    }

    /// One shared name object per display name, for compact places.
    private var fileNameObjects: [SourceFileName] = []

    private func internName(_ name: String) -> Int {
        if let index = fileNameIndex[name] { return index }
        fileNames.append(name)
        fileNameObjects.append(SourceFileName(name))
        fileNameIndex[name] = fileNames.count - 1
        return fileNames.count - 1
    }

    /// The last column worked out: tokens located in order along one long line then cost
    /// linear time in all, where counting from the line start each time was quadratic.
    private var columnMark = (buffer: -1, lineStart: -1, index: 0, column: 1)

    /// The location of a token's first byte.
    func location(_ token: DTSToken) -> SourceLocation {
        let raw = buffers[token.buffer].bytes
        var column = 1
        var index = token.lineStart
        if columnMark.buffer == token.buffer, columnMark.lineStart == token.lineStart, columnMark.index <= token.start {
            index = columnMark.index
            column = columnMark.column
        }
        while index < token.start && index < raw.count {
            if raw[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        columnMark = (token.buffer, token.lineStart, index, column)
        return SourceLocation(file: fileNames[token.fileName], line: token.line, column: column)
    }

    /// The compact place of a token's first byte.
    func place(_ token: DTSToken) -> LivePlace {
        let location = location(token)
        return LivePlace(
            file: fileNameObjects[token.fileName],
            line: Int32(truncatingIfNeeded: location.line),
            column: Int32(truncatingIfNeeded: location.column)
        )
    }

    /// The token's bytes.
    func text(_ token: DTSToken, dropFirst: Int = 0, dropLast: Int = 0) -> ArraySlice<UInt8> {
        let raw = buffers[token.buffer].bytes
        let start = min(token.start + dropFirst, token.end)
        let end = max(start, token.end - dropLast)
        return raw[start..<end]
    }

    /// The token's bytes as a string.
    func string(_ token: DTSToken, dropFirst: Int = 0, dropLast: Int = 0) -> String {
        String(decoding: text(token, dropFirst: dropFirst, dropLast: dropLast), as: UTF8.self)
    }

    /// The directory of the buffer a token came from.
    func directory(of token: DTSToken) -> String { buffers[token.buffer].directory }

    private func error(_ code: String, _ message: String, at token: DTSToken) {
        let location = location(token)
        diagnostics.append(Diagnostic(code: code, severity: .error, message: message, primary: Label(SourceRange(start: location))))
    }

    // MARK: character classes

    @inline(__always) private static func isLabelStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }
    @inline(__always) private static func isLabelChar(_ c: UInt8) -> Bool {
        isLabelStart(c) || (c >= 48 && c <= 57)
    }
    @inline(__always) static func isPropNodeChar(_ c: UInt8) -> Bool {
        if isLabelChar(c) { return true }
        switch c {
        case 44, 46, 43, 42, 35, 63, 64, 45: return true // , . + * # ? @ -
        default: return false
        }
    }
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    }
    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool {
        c == 32 || (c >= 9 && c <= 13)
    }

    // MARK: matchers (return the match length, 0 for none)

    private func matchString(_ p: Int) -> Int {
        let n = bytes.count
        var i = p + 1
        while i < n {
            let c = bytes[i]
            if c == 92 { // backslash
                guard i + 1 < n, bytes[i + 1] != 10 else { return 0 }
                i += 2
            } else if c == 34 {
                return i + 1 - p
            } else {
                i += 1
            }
        }
        return 0
    }

    private func matchCharLiteral(_ p: Int) -> Int {
        let n = bytes.count
        var best = 0
        var i = p + 1
        while i < n {
            if bytes[i] == 39 {
                best = i + 1 - p
                if bytes[i - 1] != 92 || i - 1 == p { break }
            }
            i += 1
        }
        return best
    }

    private func matchComment(_ p: Int) -> Int {
        let n = bytes.count
        guard p + 1 < n, bytes[p] == 47, bytes[p + 1] == 42 else { return 0 }
        var i = p + 2
        while i + 1 < n {
            if bytes[i] == 42 && bytes[i + 1] == 47 { return i + 2 - p }
            i += 1
        }
        return 0
    }

    private func matchLineComment(_ p: Int) -> Int {
        let n = bytes.count
        guard p + 1 < n, bytes[p] == 47, bytes[p + 1] == 47 else { return 0 }
        var i = p + 2
        while i < n {
            if bytes[i] == 10 { return i + 1 - p }
            i += 1
        }
        return 0
    }

    private func matchLabelColon(_ p: Int) -> Int {
        let n = bytes.count
        guard p < n, Self.isLabelStart(bytes[p]) else { return 0 }
        var i = p + 1
        while i < n, Self.isLabelChar(bytes[i]) { i += 1 }
        return i < n && bytes[i] == 58 ? i + 1 - p : 0
    }

    private func matchPropNodeName(_ p: Int) -> Int {
        let n = bytes.count
        var i = p
        if i < n && bytes[i] == 92 { i += 1 }
        let first = i
        while i < n, Self.isPropNodeChar(bytes[i]) { i += 1 }
        return i > first ? i - p : 0
    }

    private func matchLiteral(_ p: Int) -> Int {
        let n = bytes.count
        var i = p
        while i < n, Self.isDigit(bytes[i]) { i += 1 }
        var length = i - p
        guard length > 0 else { return 0 }
        if bytes[p] == 48, p + 2 < n, bytes[p + 1] == 120 || bytes[p + 1] == 88, Self.isHexDigit(bytes[p + 2]) {
            var j = p + 2
            while j < n, Self.isHexDigit(bytes[j]) { j += 1 }
            length = max(length, j - p)
        }
        let suffixStart = p + length
        func has(_ s: [UInt8]) -> Bool {
            guard suffixStart + s.count <= n else { return false }
            for (k, c) in s.enumerated() where bytes[suffixStart + k] != c { return false }
            return true
        }
        if has([85, 76, 76]) { return length + 3 }
        if has([85, 76]) || has([76, 76]) { return length + 2 }
        if has([85]) || has([76]) { return length + 1 }
        return length
    }

    private func matchKeyword(_ p: Int, _ word: StaticString) -> Int {
        let count = word.utf8CodeUnitCount
        guard p + count <= bytes.count else { return 0 }
        let base = word.utf8Start
        for k in 0..<count where bytes[p + k] != base[k] { return 0 }
        return count
    }

    private func matchSpacesAndTabs(_ p: Int) -> Int {
        var i = p
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 { i += 1 }
        return i - p
    }

    private func matchDigits(_ p: Int) -> Int {
        var i = p
        while i < bytes.count, Self.isDigit(bytes[i]) { i += 1 }
        return i - p
    }

    /// `^"#"(line)?[ \t]+[0-9]+[ \t]+{STRING}([ \t]+[0-9]+)*`
    private func matchLineMarker(_ p: Int) -> Int {
        guard p == 0 || bytes[p - 1] == 10, p < bytes.count, bytes[p] == 35 else { return 0 }
        var i = p + 1
        i += matchKeyword(i, "line")
        var k = matchSpacesAndTabs(i)
        guard k > 0 else { return 0 }
        i += k
        k = matchDigits(i)
        guard k > 0 else { return 0 }
        i += k
        k = matchSpacesAndTabs(i)
        guard k > 0 else { return 0 }
        i += k
        guard i < bytes.count, bytes[i] == 34 else { return 0 }
        k = matchString(i)
        guard k > 0 else { return 0 }
        i += k
        while true {
            let spaces = matchSpacesAndTabs(i)
            guard spaces > 0 else { break }
            let digits = matchDigits(i + spaces)
            guard digits > 0 else { break }
            i += spaces + digits
        }
        return i - p
    }

    /// `/include/{WS}*{STRING}`
    private func matchInclude(_ p: Int) -> Int {
        var i = p + matchKeyword(p, "/include/")
        guard i > p else { return 0 }
        while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == 34 else { return 0 }
        let k = matchString(i)
        return k > 0 ? i + k - p : 0
    }

    // MARK: positions

    /// Advances over `length` bytes, counting lines.
    @inline(__always) private func advance(_ length: Int) {
        var i = frame.position
        let end = i + length
        while i < end {
            if bytes[i] == 10 {
                frame.line += 1
                frame.lineStart = i + 1
            }
            i += 1
        }
        frame.position = end
    }

    private func makeToken(_ kind: DTSTokenKind, length: Int, value: UInt64 = 0) -> DTSToken {
        let token = DTSToken(
            kind: kind, buffer: frame.buffer, start: frame.position, end: frame.position + length,
            fileName: frame.fileName, line: frame.line, lineStart: frame.lineStart, value: value
        )
        advance(length)
        return token
    }

    // MARK: include files

    /// Number of files open at once that dtc allows.
    static let maximumIncludeDepth = 200

    private func pushFile(named name: String, token: DTSToken) {
        guard stack.count + 1 < Self.maximumIncludeDepth else {
            error("XPT-DTS-INCLUDE", "includes nested too deeply", at: token)
            return
        }
        let path: String
        let data: [UInt8]
        switch Self.openRelative(name, directory: buffers[frame.buffer].directory, searchPath: includeDirectories, readRoots: readRoots) {
        case .success(let found): (path, data) = found
        case .failure(.outside(let path)):
            diagnostics.append(Self.outsideRoots("included file", name: name, path: path,
                                                 at: SourceRange(start: location(token))))
            return
        case .failure(.unreadable(let failure)):
            error("XPT-DTS-INCLUDE", "cannot open included file \"\(name)\": \(failure)", at: token)
            return
        }
        stack.append(frame)
        buffers.append(DTSBuffer(bytes: data, directory: (path as NSString).deletingLastPathComponent))
        frame = Frame(buffer: buffers.count - 1, position: 0, line: 1, lineStart: 0, fileName: internName(path))
        bytes = data
    }

    private func popFile() -> Bool {
        guard let previous = stack.popLast() else { return false }
        frame = previous
        bytes = buffers[frame.buffer].bytes
        return true
    }

    /// Why `openRelative` found no file.
    enum OpenFailure: Error {
        /// The file at `path` lies outside the read roots; it was not read.
        case outside(path: String)
        /// The file could not be read.
        case unreadable(InputFile.Failure)
    }

    /// dtc's `fopen_any_on_path`: the file relative to `directory`, then each search directory.
    /// A missing file moves on to the next directory; any other failure (a folder, a device,
    /// a file over `InputFile.treeSizeLimit`, a file outside `readRoots`) stops the search with
    /// that reason.
    static func openRelative(_ name: String, directory: String, searchPath: [String],
                             readRoots: ReadRoots?) -> Result<(path: String, bytes: [UInt8]), OpenFailure> {
        func attempt(_ dir: String?) -> Result<(path: String, bytes: [UInt8]), OpenFailure> {
            let full: String
            if name.hasPrefix("/") || dir == nil || dir == "" {
                full = name
            } else {
                full = dir! + "/" + name
            }
            if let readRoots, !readRoots.permits(full) { return .failure(.outside(path: full)) }
            return InputFile.read(full, limit: InputFile.treeSizeLimit).map { (full, $0) }.mapError { .unreadable($0) }
        }
        var result = attempt(directory)
        for dir in searchPath {
            guard case .failure(.unreadable(.missing)) = result else { break }
            result = attempt(dir)
        }
        return result
    }

    /// The error for a file a source names outside the read roots (its first line would
    /// otherwise show in a snippet, or its bytes in the tree).
    static func outsideRoots(_ what: String, name: String, path: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(code: "XPT-DTS-OUTSIDE-ROOTS", severity: .error,
                   message: "\(what) \"\(name)\" is outside the folders xenpt may read",
                   primary: range.map { Label($0, "resolves to `\(ReadRoots.resolve(path))`") },
                   help: [ReadRoots.help])
    }

    // MARK: the lexer

    /// The next token.
    func next() -> DTSToken {
        while true {
            let p = frame.position
            guard p < bytes.count else {
                if popFile() { continue }
                return DTSToken(kind: .end, buffer: frame.buffer, start: p, end: p, fileName: frame.fileName, line: frame.line, lineStart: frame.lineStart, value: 0)
            }
            let c = bytes[p]
            // Whitespace and comments.
            if Self.isSpace(c) {
                var i = p
                while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
                advance(i - p)
                continue
            }
            if c == 47 { // '/'
                let comment = max(matchComment(p), matchLineComment(p))
                if comment > 0 {
                    advance(comment)
                    continue
                }
                let include = matchInclude(p)
                if include > 0 {
                    let token = makeToken(.string, length: include)
                    let raw = text(token)
                    if let quote = raw.firstIndex(of: 34) {
                        let inner = raw[(quote + 1)..<(raw.endIndex - 1)]
                        pushFile(named: String(decoding: inner, as: UTF8.self), token: token)
                    }
                    continue
                }
                if let keyword = lexKeyword(p) { return keyword }
                return single(c)
            }
            if c == 35, let marker = lexLineMarker(p) {
                if marker { continue }
            }
            switch state {
            case .propNodeName:
                let label = matchLabelColon(p)
                let name = matchPropNodeName(p)
                if label > 0 && label >= name {
                    return makeToken(.label, length: label)
                }
                if name > 0 {
                    let token = makeToken(.propNodeName, length: name)
                    state = .v1
                    return token
                }
            case .byteString:
                let label = matchLabelColon(p)
                if label > 2 || (label > 0 && !(p + 1 < bytes.count && Self.isHexDigit(c) && Self.isHexDigit(bytes[p + 1]))) {
                    return makeToken(.label, length: label)
                }
                if p + 1 < bytes.count, Self.isHexDigit(c), Self.isHexDigit(bytes[p + 1]) {
                    let value = UInt64(Self.hexValue(c) << 4 | Self.hexValue(bytes[p + 1]))
                    return makeToken(.byte, length: 2, value: value)
                }
                if c == 93 {
                    let token = makeToken(.char(93), length: 1)
                    state = .v1
                    return token
                }
            case .v1, .initial:
                let label = matchLabelColon(p)
                if label > 0 { return makeToken(.label, length: label) }
                if state == .v1, Self.isDigit(c) {
                    return lexLiteral(p)
                }
            }
            switch c {
            case 34: // '"'
                let length = matchString(p)
                if length > 0 { return makeToken(.string, length: length) }
            case 39: // '\''
                let length = matchCharLiteral(p)
                if length > 0 { return lexCharLiteral(length) }
            case 38: // '&'
                if p + 1 < bytes.count {
                    let d = bytes[p + 1]
                    if d == 38 { return makeToken(.logicalAnd, length: 2) }
                    if Self.isLabelStart(d) {
                        var i = p + 2
                        while i < bytes.count, Self.isLabelChar(bytes[i]) { i += 1 }
                        return makeToken(.labelRef, length: i - p)
                    }
                    if d == 123, p + 2 < bytes.count, bytes[p + 2] == 47 {
                        var i = p + 3
                        while i < bytes.count, Self.isPropNodeChar(bytes[i]) || bytes[i] == 47 { i += 1 }
                        if i < bytes.count, bytes[i] == 125 { return makeToken(.pathRef, length: i + 1 - p) }
                    }
                }
            case 60: // '<'
                if p + 1 < bytes.count, bytes[p + 1] == 60 { return makeToken(.leftShift, length: 2) }
                if p + 1 < bytes.count, bytes[p + 1] == 61 { return makeToken(.lessEqual, length: 2) }
            case 62: // '>'
                if p + 1 < bytes.count, bytes[p + 1] == 62 { return makeToken(.rightShift, length: 2) }
                if p + 1 < bytes.count, bytes[p + 1] == 61 { return makeToken(.greaterEqual, length: 2) }
            case 61: // '='
                if p + 1 < bytes.count, bytes[p + 1] == 61 { return makeToken(.equal, length: 2) }
            case 33: // '!'
                if p + 1 < bytes.count, bytes[p + 1] == 61 { return makeToken(.notEqual, length: 2) }
            case 124: // '|'
                if p + 1 < bytes.count, bytes[p + 1] == 124 { return makeToken(.logicalOr, length: 2) }
            default:
                break
            }
            return single(c)
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt8 {
        if c <= 57 { return c - 48 }
        if c >= 97 { return c - 87 }
        return c - 55
    }

    private func single(_ c: UInt8) -> DTSToken {
        let token = makeToken(.char(c), length: 1)
        if c == 91 { state = .byteString }
        if c == 123 || c == 59 { state = .propNodeName }
        return token
    }

    private func lexKeyword(_ p: Int) -> DTSToken? {
        let table: [(StaticString, DTSTokenKind, DTSLexState?)] = [
            ("/dts-v1/", .v1, .v1), ("/plugin/", .plugin, nil), ("/memreserve/", .memreserve, .v1),
            ("/bits/", .bits, .v1), ("/delete-property/", .deleteProperty, .propNodeName),
            ("/delete-node/", .deleteNode, .propNodeName), ("/omit-if-no-ref/", .omitIfNoRef, .propNodeName),
        ]
        for (word, kind, next) in table {
            let length = matchKeyword(p, word)
            if length > 0 {
                let token = makeToken(kind, length: length)
                if let next { state = next }
                return token
            }
        }
        if state != .propNodeName && state != .byteString {
            let length = matchKeyword(p, "/incbin/")
            if length > 0 { return makeToken(.incbin, length: length) }
        }
        return nil
    }

    /// Handles a line marker at `p`; true when one was consumed.
    private func lexLineMarker(_ p: Int) -> Bool? {
        let length = matchLineMarker(p)
        guard length > 0 else { return nil }
        if state == .propNodeName, matchPropNodeName(p) > length { return nil }
        let token = makeToken(.string, length: length)
        let raw = text(token)
        var i = raw.startIndex
        while i < raw.endIndex, !Self.isDigit(raw[i]) { i += 1 }
        var number = 0
        while i < raw.endIndex, Self.isDigit(raw[i]) {
            number = number.multipliedReportingOverflow(by: 10).partialValue.addingReportingOverflow(Int(raw[i] - 48)).partialValue
            i += 1
        }
        guard let first = raw.firstIndex(of: 34), let last = raw.lastIndex(of: 34), last > first else { return true }
        let (name, escapeError) = Self.unescape(raw[(first + 1)..<last])
        if escapeError { error("XPT-DTS-ESCAPE", "\\x used with no following hex digits", at: token) }
        if name.dropLast().contains(0) {
            error("XPT-DTS-SYNTAX", "nul in line number directive", at: token)
            return true
        }
        let shown = String(decoding: name.dropLast(), as: UTF8.self)
        frame.fileName = internName(fileNameAliases[shown] ?? shown)
        // The marker gives the number of the next line; the newline after it adds one.
        frame.line = Int(Int32(truncatingIfNeeded: number)) - 1
        return true
    }

    private func lexLiteral(_ p: Int) -> DTSToken {
        let length = matchLiteral(p)
        var token = makeToken(.literal, length: length)
        let raw = text(token)
        // strtoull with base 0.
        var i = raw.startIndex
        var base: UInt64 = 10
        if raw[i] == 48 {
            if i + 2 < raw.endIndex || (i + 1 < raw.endIndex && (raw[i + 1] == 120 || raw[i + 1] == 88)) {
                if raw[i + 1] == 120 || raw[i + 1] == 88, i + 2 < raw.endIndex, Self.isHexDigit(raw[i + 2]) {
                    base = 16
                    i += 2
                } else {
                    base = 8
                }
            } else {
                base = 8
            }
        }
        var value: UInt64 = 0
        var overflow = false
        while i < raw.endIndex {
            let c = raw[i]
            let digit: UInt64
            if Self.isDigit(c) { digit = UInt64(c - 48) } else if base == 16 && Self.isHexDigit(c) { digit = UInt64(Self.hexValue(c)) } else { break }
            if digit >= base { break }
            let (m, o1) = value.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { overflow = true }
            value = a
            i += 1
        }
        let rest = raw[i...]
        if rest.contains(where: { $0 != 85 && $0 != 76 }) {
            error("XPT-DTS-INTEGER", "bad integer literal '\(string(token))'", at: token)
        }
        if overflow {
            error("XPT-DTS-INTEGER", "integer literal '\(string(token))' out of range", at: token)
            value = .max
        }
        token.value = value
        return token
    }

    private func lexCharLiteral(_ length: Int) -> DTSToken {
        var token = makeToken(.charLiteral, length: length)
        let (decoded, escapeError) = Self.unescape(text(token, dropFirst: 1, dropLast: 1))
        if escapeError { error("XPT-DTS-ESCAPE", "\\x used with no following hex digits", at: token) }
        if decoded.count == 1 {
            error("XPT-DTS-CHAR-LITERAL", "empty character literal", at: token)
            token.value = 0
        } else {
            token.value = UInt64(decoded[0])
            if decoded.count > 2 {
                error("XPT-DTS-CHAR-LITERAL", "character literal has \(decoded.count - 1) characters instead of 1", at: token)
            }
        }
        return token
    }

    /// dtc's `data_copy_escape_string`: the bytes with escapes decoded, plus a terminating NUL.
    /// The flag is set when `\x` had no hex digit (dtc stops there).
    static func unescape(_ raw: ArraySlice<UInt8>) -> ([UInt8], Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + 1)
        var i = raw.startIndex
        var failed = false
        while i < raw.endIndex {
            var c = raw[i]
            i += 1
            if c == 92, i < raw.endIndex {
                let e = raw[i]
                i += 1
                switch e {
                case 97: c = 7
                case 98: c = 8
                case 116: c = 9
                case 110: c = 10
                case 118: c = 11
                case 102: c = 12
                case 114: c = 13
                case 48...55:
                    var value = Int(e - 48)
                    var count = 1
                    while count < 3, i < raw.endIndex, raw[i] >= 48, raw[i] <= 55 {
                        value = value * 8 + Int(raw[i] - 48)
                        i += 1
                        count += 1
                    }
                    c = UInt8(truncatingIfNeeded: value)
                case 120:
                    var value = 0
                    var count = 0
                    while count < 2, i < raw.endIndex, isHexDigit(raw[i]) {
                        value = value * 16 + Int(hexValue(raw[i]))
                        i += 1
                        count += 1
                    }
                    if count == 0 { failed = true }
                    c = UInt8(truncatingIfNeeded: value)
                default:
                    c = e
                }
            }
            out.append(c)
        }
        out.append(0)
        return (out, failed)
    }
}
