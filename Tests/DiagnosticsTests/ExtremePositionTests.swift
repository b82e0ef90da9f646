import Diagnostics
import Testing

/// Positions come from user input and other layers; no renderer may trap on them.
@Suite struct ExtremePositionTests {
    private let tool = ToolInfo(version: "1", informationURI: "https://example.org")
    private let ranges = [
        span("f", Int.max, Int.max, Int.min, Int.min),
        span("f", 1, Int.max, 1, Int.max),
        span("f", 1, Int.min, 1, Int.min),
        span("f", 0, 0, 0, 0),
        span("f", -5, -5, Int.max, Int.max),
    ]

    @Test(arguments: OutputFormat.allCases)
    func everyFormatRendersExtremePositions(format: OutputFormat) {
        let findings = ranges.map { range in
            Diagnostic(
                code: "X", severity: .warning, message: "m",
                primary: Label(range, "p"), secondary: [Label(range, "s")],
                notes: [Note("n", at: range)]
            )
        }
        let renderer = format.renderer(RenderOptions(tool: tool, colors: true, explainable: { _ in true }))
        let output = renderer.render(findings, sources: SourceStore([SourceFile(path: "f", text: "ab\n")]))
        #expect(!output.isEmpty)
    }

    @Test func clampsColumnsToTheLine() {
        let source = SourceStore([SourceFile(path: "f", text: "ab")])
        let findings = [
            Diagnostic(code: "X", severity: .error, message: "far", primary: Label(ranges[1])),
            Diagnostic(code: "X", severity: .error, message: "before", primary: Label(ranges[2])),
        ]
        #expect(HumanRenderer().render(findings, sources: source) == """
            error[X]: far
              --> f:1:\(Int.max)
               |
             1 | ab
               |   ^

            error[X]: before
              --> f:1:\(Int.min)
               |
             1 | ab
               | ^

            """)
        #expect(GitHubRenderer().command(for: findings[0])
            == "::error file=f,line=1,col=\(Int.max),endLine=1,endColumn=\(Int.max),title=X::far")
    }
}
