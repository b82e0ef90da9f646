import Diagnostics

/// The rules for manifest strings that become file names or land in generated files, checked
/// when the manifest is read so that no later step sees a value it cannot write safely.
///
/// A manifest may come from a pull request: a board or guest name is an output folder
/// (`out/<board>/<guest>/`), so it must never be able to name another place (`..`, `/`), hide
/// (`.x`), look like an option (`-x`) or be empty. No string a generator writes may hold a
/// control character: no syntax we write (xl, U-Boot, DTS, comments) needs one, and a newline
/// would end a string or a comment and start a line the user did not mean.
public enum ManifestText {
    /// The longest board or guest name.
    public static let maximumNameLength = 64

    /// What a name may be made of, in words, for messages.
    public static let nameRule = "ASCII letters, digits, `_`, `-` and `.`, not starting with `.` or `-`, at most \(maximumNameLength) characters"

    /// Why `name` cannot be a board or guest name, or nil when it can.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        for scalar in name.unicodeScalars where !isNameScalar(scalar) {
            return "\(describe(scalar)) is not allowed in a name"
        }
        if name.hasPrefix(".") { return "a name cannot start with `.`" }
        if name.hasPrefix("-") { return "a name cannot start with `-`" }
        if name.unicodeScalars.count > maximumNameLength { return "the name is longer than \(maximumNameLength) characters" }
        return nil
    }

    /// The key two names collide on as folder names: some file systems do not tell `Net` from
    /// `net`, so names that differ only in case are the same folder.
    public static func folderKey(_ name: String) -> String {
        name.lowercased()
    }

    /// The first control character of `text` (`PrintableText.isControl`), if any; newlines and
    /// tabs pass when `allowingLineBreaks`.
    public static func firstControlCharacter(in text: String, allowingLineBreaks: Bool = false) -> Unicode.Scalar? {
        text.unicodeScalars.first { PrintableText.isControl($0) && !(allowingLineBreaks && ($0 == "\n" || $0 == "\t")) }
    }

    /// A character for a message: printable ones in backquotes, others by code point and name.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let names: [Unicode.Scalar: String] = ["\0": "NUL", "\t": "tab", "\n": "newline", "\r": "carriage return",
                                               "\u{07}": "BEL", "\u{1B}": "ESC", " ": "space", "`": "backquote"]
        guard PrintableText.isControl(scalar) || names[scalar] != nil else { return "`\(scalar)`" }
        let hexadecimal = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hexadecimal.count)) + hexadecimal
        return names[scalar].map { "\(code) (\($0))" } ?? code
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
        default: false
        }
    }

    // MARK: - Checks with diagnostics

    /// A board or guest name, or nil (with a located error) when it cannot name a folder.
    static func name(_ value: Located<String>, kind: String, diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let problem = nameProblem(value.value) else { return value }
        diagnostics.append(ManifestError.invalidValue(
            "`\(value.value)` is not a valid \(kind) name: \(problem)", at: value.range, path: value.path,
            help: ["a \(kind) name becomes an output folder and appears in generated files: use \(nameRule)"]))
        return nil
    }

    /// `value` when it holds no control character; else nil and a located error.
    /// `blockScalar`: the value was written as a `|` or `>` block, which keeps its final newline.
    static func printable(_ value: Located<String>, allowingLineBreaks: Bool = false, blockScalar: Bool = false,
                          diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard let scalar = firstControlCharacter(in: value.value, allowingLineBreaks: allowingLineBreaks) else { return value }
        var help = ["control characters cannot be written into generated files; remove it"]
        if scalar == "\n", blockScalar { help.append("a `|` or `>` block ends in a newline: use `|-` or `>-`, or a quoted string") }
        diagnostics.append(ManifestError.invalidValue(
            "the value contains the control character \(describe(scalar))", at: value.range, path: value.path, help: help))
        return nil
    }
}
