import Diagnostics
import Testing

@Suite struct ConciseRendererTests {
    @Test func writesOneLinePerFinding() {
        let findings = [
            sharedInterrupt,
            Diagnostic(code: "XPT-E-IO", severity: .error, message: "cannot read `board.yaml`"),
            Diagnostic(code: "", severity: .info, message: "m", primary: Label(point("f", 1, 2))),
        ]
        #expect(ConciseRenderer().render(findings, sources: SourceStore([netManifest])) == """
            boards/midway/guests/net.yaml:9:13: error[XPT-IRQ-002]: interrupt 112 is shared with a device that stays in dom0
            <no location>: error[XPT-E-IO]: cannot read `board.yaml`
            f:1:2: info: m

            """)
        #expect(ConciseRenderer().render([], sources: SourceStore()) == "")
    }
}

@Suite struct GitHubRendererTests {
    @Test func writesWorkflowCommands() {
        let findings = [
            sharedInterrupt,
            Diagnostic(
                code: "XPT-A,B", severity: .warning, message: "50% of\r\nlines, a:b",
                primary: Label(span("dir,a:b/x%.yaml", 2, 3, 4, 1))
            ),
            Diagnostic(code: "XPT-I", severity: .info, message: "caret", primary: Label(point("f.dts", 3, 5))),
            Diagnostic(code: "", severity: .info, message: "m"),
        ]
        #expect(GitHubRenderer().render(findings, sources: SourceStore()) == """
            ::error file=boards/midway/guests/net.yaml,line=9,col=13,endLine=9,endColumn=35,title=XPT-IRQ-002::interrupt 112 is shared with a device that stays in dom0%0Ahelp: pass both devices to the same guest, or waive with a reason
            ::warning file=dir%2Ca%3Ab/x%25.yaml,line=2,endLine=4,title=XPT-A%2CB::50%25 of\\r\\nlines, a:b
            ::notice file=f.dts,line=3,col=5,endLine=3,endColumn=6,title=XPT-I::caret
            ::notice::m

            """)
    }

    @Test func escapesLikeTheActionsToolkit() {
        #expect(GitHubRenderer.escapeData("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f")
        #expect(GitHubRenderer.escapeProperty("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf")
    }
}
