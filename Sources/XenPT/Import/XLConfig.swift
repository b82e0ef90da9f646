import Diagnostics

/// An `xl` domain configuration (xl.cfg(5)) as read by `xenpt import`: the settings in file
/// order, each value located.
///
/// The syntax is libxlutil's: `key = value` statements ended by a newline or `;`, `#`
/// comments, values that are a string (`"…"` with backslash escapes, or `'…'` taken
/// literally), a number, or a list `[ … ]` of strings and numbers (commas between, one
/// trailing comma allowed, newlines anywhere inside). The file is read as hostile input:
/// at most `maximumBytes`, one pass, and every problem is an error at its line and column.
public struct XLConfig: Sendable {
    /// One value: a string or a number, as written (numbers keep their spelling).
    public struct Atom: Sendable, Hashable {
        /// The text (a string's contents after escapes, or a number's spelling).
        public let text: String
        /// Whether it was a quoted string.
        public let isString: Bool
        /// Where it is.
        public let range: SourceRange
    }

    /// The right-hand side of a setting.
    public enum Value: Sendable, Hashable {
        /// A single string or number.
        case atom(Atom)
        /// A list.
        case list([Atom], range: SourceRange)
    }

    /// One `key = value`.
    public struct Setting: Sendable, Hashable {
        /// The key.
        public let key: String
        /// Where the key is.
        public let keyRange: SourceRange
        /// The value.
        public let value: Value
    }

    /// The largest file read (1 MiB: real configurations are a few hundred bytes).
    public static let maximumBytes = 1 << 20

    /// The file it was read from.
    public let file: String
    /// The settings in file order.
    public let settings: [Setting]

    /// The setting named `key`, if any.
    public func setting(_ key: String) -> Setting? { settings.first { $0.key == key } }

    /// The codes of the errors an xl configuration can have, for `xenpt explain`.
    public static let catalog: [FixedError] = [
        FixedError(code: "XPT-E101", name: "xl-syntax", summary: "an xl configuration is not well-formed"),
        FixedError(code: "XPT-E102", name: "xl-value", summary: "an xl setting has a value xenpt cannot take over"),
    ]

    /// A syntax error at a place.
    static func syntaxError(_ message: String, at range: SourceRange, help: [String] = []) -> Diagnostic {
        Diagnostic(code: "XPT-E101", severity: .error, message: "xl syntax error: \(message)", primary: Label(range), help: help)
    }

    /// A value error at a place.
    static func valueError(_ message: String, at range: SourceRange, help: [String] = []) -> Diagnostic {
        Diagnostic(code: "XPT-E102", severity: .error, message: message, primary: Label(range), help: help)
    }

    /// Parses `bytes` read from `file`; nil with the errors when it is not a valid configuration.
    public static func parse(_ bytes: [UInt8], file: String) -> (XLConfig?, [Diagnostic]) {
        let start = SourceRange(start: SourceLocation(file: file, line: 1, column: 1))
        guard bytes.count <= maximumBytes else {
            return (nil, [valueError("`\(file)` is \(bytes.count) bytes; an xl configuration is at most \(maximumBytes)", at: start)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return (nil, [syntaxError("the file is not UTF-8 text", at: start)])
        }
        var parser = Parser(scalars: Array(text.unicodeScalars), file: file)
        return parser.parse()
    }

    /// A single-pass recursive-descent reader over Unicode scalars.
    struct Parser {
        let scalars: [Unicode.Scalar]
        let file: String
        var position = 0
        var line = 1
        var column = 1

        init(scalars: [Unicode.Scalar], file: String) {
            self.scalars = scalars
            self.file = file
        }

        var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }
        var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func advance() {
            if scalars[position] == "\n" { line += 1; column = 1 } else { column += 1 }
            position += 1
        }

        /// Skips blanks and comments; newlines too when `newlines`.
        mutating func skip(newlines: Bool) {
            while let scalar = peek {
                if scalar == " " || scalar == "\t" || scalar == "\r" || (newlines && scalar == "\n") {
                    advance()
                } else if scalar == "#" {
                    while let next = peek, next != "\n" { advance() }
                } else {
                    return
                }
            }
        }

        func point(_ location: SourceLocation) -> SourceRange { SourceRange(start: location) }

        func describe(_ scalar: Unicode.Scalar?) -> String {
            guard let scalar else { return "the end of the file" }
            if scalar == "\n" { return "the end of the line" }
            if scalar.value < 0x20 || scalar.value == 0x7f { return "control character U+\(String(scalar.value, radix: 16, uppercase: true))" }
            return "`\(scalar)`"
        }

        static func isKeyStart(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
        }

        static func isKeyPart(_ scalar: Unicode.Scalar) -> Bool {
            isKeyStart(scalar) || ("0"..."9").contains(scalar)
        }

        static func isNumberPart(_ scalar: Unicode.Scalar) -> Bool {
            ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "." || scalar == "_"
        }

        mutating func parse() -> (XLConfig?, [Diagnostic]) {
            var settings: [Setting] = []
            var firstByKey: [String: SourceRange] = [:]
            while true {
                skip(newlines: true)
                guard let scalar = peek else { break }
                if scalar == ";" { advance(); continue }
                let keyStart = here
                guard Self.isKeyStart(scalar) else {
                    return (nil, [XLConfig.syntaxError("expected a setting name, found \(describe(scalar))", at: point(keyStart))])
                }
                var key = ""
                while let next = peek, Self.isKeyPart(next) { key.unicodeScalars.append(next); advance() }
                let keyRange = SourceRange(start: keyStart, end: here)
                skip(newlines: false)
                if peek == "+" {
                    return (nil, [XLConfig.syntaxError("`+=` is not supported", at: point(here), help: ["write the whole value in one `\(key) = …`"])])
                }
                guard peek == "=" else {
                    return (nil, [XLConfig.syntaxError("expected `=` after `\(key)`, found \(describe(peek))", at: point(here))])
                }
                advance()
                skip(newlines: false)
                let value: Value
                switch readValue() {
                case .success(let read): value = read
                case .failure(let problem): return (nil, [problem.diagnostic])
                }
                skip(newlines: false)
                if let end = peek, end != "\n", end != ";" {
                    return (nil, [XLConfig.syntaxError("expected the end of the line after the value of `\(key)`, found \(describe(end))", at: point(here))])
                }
                if let first = firstByKey[key] {
                    var diagnostic = XLConfig.syntaxError("`\(key)` is set twice", at: keyRange, help: ["keep one `\(key) = …`"])
                    diagnostic.secondary = [Label(first, "first set here")]
                    return (nil, [diagnostic])
                }
                firstByKey[key] = keyRange
                settings.append(Setting(key: key, keyRange: keyRange, value: value))
            }
            return (XLConfig(file: file, settings: settings), [])
        }

        struct Problem: Error {
            let diagnostic: Diagnostic
        }

        mutating func readValue() -> Result<Value, Problem> {
            guard peek == "[" else { return readAtom().map(Value.atom) }
            let open = here
            advance()
            var items: [Atom] = []
            while true {
                skip(newlines: true)
                if peek == "]" { advance(); break }
                switch readAtom() {
                case .success(let atom): items.append(atom)
                case .failure(let problem): return .failure(problem)
                }
                skip(newlines: true)
                if peek == "," { advance(); continue }
                if peek == "]" { advance(); break }
                if peek == nil {
                    return .failure(Problem(diagnostic: XLConfig.syntaxError("the list is not closed", at: point(open), help: ["end it with `]`"])))
                }
                return .failure(Problem(diagnostic: XLConfig.syntaxError("expected `,` or `]` in the list, found \(describe(peek))", at: point(here))))
            }
            return .success(.list(items, range: SourceRange(start: open, end: here)))
        }

        mutating func readAtom() -> Result<Atom, Problem> {
            let start = here
            guard let first = peek else {
                return .failure(Problem(diagnostic: XLConfig.syntaxError("expected a value, found the end of the file", at: point(start))))
            }
            if first == "\"" || first == "'" {
                advance()
                var text = ""
                while true {
                    guard let scalar = peek, scalar != "\n" else {
                        return .failure(Problem(diagnostic: XLConfig.syntaxError("the string is not closed on its line", at: point(start))))
                    }
                    if scalar == first { advance(); break }
                    if first == "\"", scalar == "\\" {
                        let escapeStart = here
                        advance()
                        guard let escaped = peek, escaped != "\n" else {
                            return .failure(Problem(diagnostic: XLConfig.syntaxError("the string is not closed on its line", at: point(start))))
                        }
                        switch escaped {
                        case "n": text += "\n"
                        case "t": text += "\t"
                        case "r": text += "\r"
                        case "\\", "\"", "'": text.unicodeScalars.append(escaped)
                        default:
                            return .failure(Problem(diagnostic: XLConfig.syntaxError("unknown escape `\\\(escaped)`", at: point(escapeStart),
                                                                                      help: ["xenpt reads `\\n`, `\\t`, `\\r`, `\\\\`, `\\\"` and `\\'`"])))
                        }
                        advance()
                        continue
                    }
                    text.unicodeScalars.append(scalar)
                    advance()
                }
                return .success(Atom(text: text, isString: true, range: SourceRange(start: start, end: here)))
            }
            guard ("0"..."9").contains(first) || first == "-" else {
                return .failure(Problem(diagnostic: XLConfig.syntaxError("expected a string, a number or a list, found \(describe(first))", at: point(start),
                                                                          help: ["quote text values: `\"…\"`"])))
            }
            var text = String(first)
            advance()
            while let next = peek, Self.isNumberPart(next) { text.unicodeScalars.append(next); advance() }
            return .success(Atom(text: text, isString: false, range: SourceRange(start: start, end: here)))
        }
    }
}
