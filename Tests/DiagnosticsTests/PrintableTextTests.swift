import Diagnostics
import Foundation
import Testing

/// Values from files reach every report format escaped: a newline never starts a new line (no
/// forged finding, no injected `::error` workflow command), ESC, BEL and CR never reach the
/// terminal raw.
@Suite struct PrintableTextTests {
    @Test func escapesEveryControlCharacterVisibly() {
        #expect(PrintableText.escaped("plain /soc/uart@0 é 中") == "plain /soc/uart@0 é 中")
        #expect(PrintableText.escaped("a\nb\rc\td\0e") == "a\\nb\\rc\\td\\0e")
        #expect(PrintableText.escaped("\u{1B}[31mred\u{07}") == "\\u{1B}[31mred\\u{7}")
        #expect(PrintableText.escaped("\u{7F}\u{85}\u{9B}") == "\\u{7F}\\u{85}\\u{9B}")
        #expect(PrintableText.escaped("x\u{2028}y\u{2029}z") == "x\\u{2028}y\\u{2029}z")
        #expect(PrintableText.escaped("\u{202E}txt.yaml\u{2066}") == "\\u{202E}txt.yaml\\u{2066}")
    }

    /// A finding whose message, label, note, help and file name all carry a hostile value.
    static let hostile = Diagnostic(
        code: "XPT-E006", severity: .error,
        message: "guest: `a\n::error file=x::forged\u{1B}[2J\u{07}`",
        primary: Label(point("g\nuest\r.yaml", 1, 8), "bad\nlabel"),
        notes: [Note("note\u{1B}]0;title\u{07}")],
        help: ["help\r\n::warning::also forged"]
    )

    static func assertNoRawControl(_ text: String, allowingNewlines: Bool = true) {
        for scalar in text.unicodeScalars where PrintableText.isControl(scalar) {
            #expect(allowingNewlines && scalar == "\n", "raw U+\(String(scalar.value, radix: 16)) in output")
        }
    }

    @Test func humanFormatKeepsOneFindingOnItsOwnLines() {
        let out = HumanRenderer().render([Self.hostile], sources: SourceStore())
        #expect(out == """
            error[XPT-E006]: guest: `a\\n::error file=x::forged\\u{1B}[2J\\u{7}`
              --> g\\nuest\\r.yaml:1:8
               = note: note\\u{1B}]0;title\\u{7}
               = help: help\\r\\n::warning::also forged

            """)
        Self.assertNoRawControl(out)
    }

    @Test func humanFormatEscapesLabelsUnderSourceLines() {
        let source = SourceFile(path: "g.yaml", text: "guest: \"a\\nb\"\n")
        let diagnostic = Diagnostic(code: "XPT-E006", severity: .error, message: "m\u{1B}",
                                    primary: Label(span("g.yaml", 1, 8, 1, 14), "is `a\nb`"))
        let out = HumanRenderer(colors: false).render([diagnostic], sources: SourceStore([source]))
        #expect(out == """
            error[XPT-E006]: m\\u{1B}
              --> g.yaml:1:8
               |
             1 | guest: "a\\nb"
               |        ^^^^^^ is `a\\nb`

            """)
        // With colour on, the only ESC bytes are the renderer's own SGR sequences.
        let coloured = HumanRenderer(colors: true).render([diagnostic], sources: SourceStore([source]))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == out)
    }

    /// Raw bidirectional overrides, C1 controls and ESC in a source line show as U+FFFD, one
    /// column each, so the snippet reads in file order and the markers stay under their text.
    @Test func snippetsReplaceEveryControlCharacter() {
        let source = SourceFile(path: "g.yaml", text: "guest: a\u{202E}b\u{85}c\u{1B}d\n")
        let diagnostic = Diagnostic(code: "XPT-E006", severity: .error, message: "m", primary: Label(span("g.yaml", 1, 8, 1, 15)))
        let out = HumanRenderer().render([diagnostic], sources: SourceStore([source]))
        #expect(out == """
            error[XPT-E006]: m
              --> g.yaml:1:8
               |
             1 | guest: a\u{FFFD}b\u{FFFD}c\u{FFFD}d
               |        ^^^^^^^

            """)
        Self.assertNoRawControl(out)
    }

    @Test func conciseFormatIsOneLinePerFinding() {
        let out = ConciseRenderer().render([Self.hostile], sources: SourceStore())
        #expect(out == "g\\nuest\\r.yaml:1:8: error[XPT-E006]: guest: `a\\n::error file=x::forged\\u{1B}[2J\\u{7}`\n")
        Self.assertNoRawControl(out)
    }

    @Test func githubFormatCannotBeGivenAnotherCommand() {
        let out = GitHubRenderer().render([Self.hostile], sources: SourceStore())
        #expect(out == "::error file=g\\nuest\\r.yaml,line=1,col=8,endLine=1,endColumn=9,title=XPT-E006::"
            + "guest: `a\\n::error file=x::forged\\u{1B}[2J\\u{7}`%0Ahelp: help\\r\\n::warning::also forged\n")
        #expect(out.split(separator: "\n").count == 1)
        Self.assertNoRawControl(out)
    }

    @Test func jsonAndSARIFEscapeThroughJSON() throws {
        let tool = ToolInfo(version: "1", informationURI: "https://example.invalid")
        for out in [JSONRenderer().render([Self.hostile], sources: SourceStore()),
                    SARIFRenderer(tool: tool).render([Self.hostile], sources: SourceStore())] {
            Self.assertNoRawControl(out)
            // The value reads back exactly as it was.
            let parsed = try JSONSerialization.jsonObject(with: Data(out.utf8))
            #expect(Self.strings(in: parsed).contains(Self.hostile.message))
        }
    }

    static func strings(in value: Any) -> [String] {
        if let text = value as? String { return [text] }
        if let array = value as? [Any] { return array.flatMap(strings) }
        if let object = value as? [String: Any] { return object.values.flatMap(strings) }
        return []
    }
}
