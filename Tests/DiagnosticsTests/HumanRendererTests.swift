import Diagnostics
import Testing

@Suite struct HumanRendererTests {
    private let renderer = HumanRenderer(explainable: explainRules)

    @Test func drawsTheStyleGuideExample() {
        let output = renderer.render([sharedInterrupt], sources: SourceStore([netManifest]))
        #expect(output == """
            error[XPT-IRQ-002]: interrupt 112 is shared with a device that stays in dom0
              --> boards/midway/guests/net.yaml:9:13
               |
             9 |   - device: /soc/ethernet@fff51000
               |             ^^^^^^^^^^^^^^^^^^^^^^ SPI 80 (INTID 112) also used by /soc/sata@ffe08000
               |
            note: /soc/sata@ffe08000 is not passed through to this guest
              --> boards/midway/midway.dts:41:3
               = help: pass both devices to the same guest, or waive with a reason
               = see: xenpt explain XPT-IRQ-002

            """)
    }

    @Test func seeLineOnlyForExplainableCodes() {
        let plain = HumanRenderer().render([sharedInterrupt], sources: SourceStore([netManifest]))
        #expect(!plain.contains("= see:"))
        var fixed = sharedInterrupt
        fixed.code = "XPT-E-YAML"
        let output = renderer.render([fixed], sources: SourceStore([netManifest]))
        #expect(!output.contains("= see:"))
        let custom = HumanRenderer(explainCommand: "tool why", explainable: { _ in true })
        #expect(custom.render([sharedInterrupt], sources: SourceStore()).hasSuffix("   = see: tool why XPT-IRQ-002\n"))
    }

    @Test func alignsMarkersAfterTabsWideAndCombiningCharacters() {
        let source = SourceFile(path: "m.yaml", text: "name: \"日本語\" # 注\n\tlabel: \"cafe\u{301}\" bad\n")
        let finding = Diagnostic(
            code: "XPT-T-001",
            severity: .warning,
            message: "bad value",
            primary: Label(span("m.yaml", 2, 17, 2, 20), "not allowed"),
            secondary: [Label(span("m.yaml", 1, 10, 1, 11), "wide")]
        )
        #expect(HumanRenderer().render([finding], sources: SourceStore([source])) == """
            warning[XPT-T-001]: bad value
              --> m.yaml:2:17
               |
             1 | name: "日本語" # 注
               |            -- wide
             2 |     label: "cafe\u{301}" bad
               |                   ^^^ not allowed

            """)
    }

    @Test func drawsManyLabelsAcrossLinesAndFiles() {
        var lines = (1...120).map { "// filler \($0)" }
        lines[100] = "\t\tinterrupts = <0 80 4>, <0 81 4>;"
        lines[103] = "\t\tstatus = \"okay\";"
        let board = SourceFile(path: "board.dts", text: lines.joined(separator: "\n"))
        let soc = SourceFile(path: "soc.dtsi", text: "/ {\n\n\n\n\n\n\tsata@ffe08000 {\n")
        let finding = Diagnostic(
            code: "XPT-IRQ-002",
            severity: .error,
            message: "interrupt 112 is shared",
            primary: Label(span("board.dts", 101, 19, 101, 21), "SPI 80 is shared"),
            secondary: [
                Label(span("board.dts", 101, 3, 101, 13), "declared here"),
                Label(span("board.dts", 101, 29, 101, 31)),
                Label(span("soc.dtsi", 7, 2, 7, 15), "other user"),
                Label(span("board.dts", 104, 12, 104, 18), "enabled here"),
            ],
            notes: [
                Note("the other user stays in dom0", at: point("soc.dtsi", 7, 2)),
                Note("spi 80 is intid 112"),
            ],
            help: ["assign both devices to one guest"]
        )
        #expect(HumanRenderer().render([finding], sources: SourceStore([board, soc])) == """
            error[XPT-IRQ-002]: interrupt 112 is shared
               --> board.dts:101:19
                |
            101 |         interrupts = <0 80 4>, <0 81 4>;
                |         ----------      ^^        --
                |         |               |
                |         |               SPI 80 is shared
                |         declared here
            ...
            104 |         status = "okay";
                |                  ------ enabled here
                |
               ::: soc.dtsi:7:2
                |
              7 |     sata@ffe08000 {
                |     ------------- other user
                |
            note: the other user stays in dom0
               --> soc.dtsi:7:2
                = note: spi 80 is intid 112
                = help: assign both devices to one guest

            """)
    }

    @Test func putsTheRightmostLabelInlineAndHangsTheRest() {
        let source = SourceFile(path: "x.yaml", text: "key: [a, b, c]")
        let finding = Diagnostic(
            code: "X",
            severity: .warning,
            message: "three labels",
            primary: Label(span("x.yaml", 1, 7, 1, 8), "first"),
            secondary: [
                Label(span("x.yaml", 1, 13, 1, 14), "third"),
                Label(span("x.yaml", 1, 10, 1, 11), "second"),
            ]
        )
        #expect(HumanRenderer().render([finding], sources: SourceStore([source])) == """
            warning[X]: three labels
              --> x.yaml:1:7
               |
             1 | key: [a, b, c]
               |       ^  -  - third
               |       |  |
               |       |  second
               |       first

            """)
    }

    @Test func drawsCaretsMultiLineRangesAndEmptyLines() {
        let source = SourceFile(path: "c.yaml", text: "a:\n  b: [1,\n      2]\n\nc: x\n")
        let findings = [
            Diagnostic(
                code: "X1", severity: .error, message: "spans lines",
                primary: Label(span("c.yaml", 2, 6, 3, 9), "from here")
            ),
            Diagnostic(
                code: "X2", severity: .info, message: "caret",
                primary: Label(point("c.yaml", 5, 4), "here"),
                secondary: [Label(point("c.yaml", 4, 1), "blank")]
            ),
            Diagnostic(
                code: "X3", severity: .warning, message: "past the end",
                primary: Label(span("c.yaml", 5, 10, 5, 12))
            ),
        ]
        #expect(HumanRenderer().render(findings, sources: SourceStore([source])) == """
            error[X1]: spans lines
              --> c.yaml:2:6
               |
             2 |   b: [1,
               |      ^^^ from here

            info[X2]: caret
              --> c.yaml:5:4
               |
             4 |
               | - blank
             5 | c: x
               |    ^ here

            warning[X3]: past the end
              --> c.yaml:5:10
               |
             5 | c: x
               |     ^

            """)
    }

    @Test func missingSourcesDrawOnlyTheArrow() {
        var finding = sharedInterrupt
        finding.notes = []
        let past = Diagnostic(
            code: "X", severity: .warning, message: "line past the end",
            primary: Label(point("boards/midway/guests/net.yaml", 99, 1))
        )
        #expect(renderer.render([finding, past], sources: SourceStore()) == """
            error[XPT-IRQ-002]: interrupt 112 is shared with a device that stays in dom0
              --> boards/midway/guests/net.yaml:9:13
               = help: pass both devices to the same guest, or waive with a reason
               = see: xenpt explain XPT-IRQ-002

            warning[X]: line past the end
              --> boards/midway/guests/net.yaml:99:1

            """)
        let sameWithSources = renderer.render([past], sources: SourceStore([netManifest]))
        #expect(sameWithSources == "warning[X]: line past the end\n  --> boards/midway/guests/net.yaml:99:1\n")
    }

    @Test func unlocatedFindingsHaveHeaderAndFooterOnly() {
        let finding = Diagnostic(
            code: "XPT-E-IO", severity: .error, message: "cannot read `board.yaml`",
            notes: [Note("no such file or directory")],
            help: ["check the path"]
        )
        let bare = Diagnostic(code: "", severity: .info, message: "nothing to lint")
        #expect(renderer.render([finding, bare], sources: SourceStore()) == """
            error[XPT-E-IO]: cannot read `board.yaml`
               = note: no such file or directory
               = help: check the path

            info: nothing to lint

            """)
        #expect(renderer.render([], sources: SourceStore()) == "")
    }

    @Test func coloursOnlyWhenAsked() {
        let source = SourceFile(path: "f", text: "ab")
        let finding = Diagnostic(
            code: "X", severity: .warning, message: "m",
            primary: Label(span("f", 1, 1, 1, 2), "lbl"),
            secondary: [Label(span("f", 1, 2, 1, 3))],
            help: ["h"]
        )
        let plain = HumanRenderer().render([finding], sources: SourceStore([source]))
        #expect(!plain.contains("\u{1B}"))
        let e = "\u{1B}["
        #expect(HumanRenderer(colors: true).render([finding], sources: SourceStore([source])) == """
            \(e)1;33mwarning[X]\(e)0m\(e)1m: m\(e)0m
            \(e)1;34m  --> \(e)0mf:1:1
            \(e)1;34m   |\(e)0m
            \(e)1;34m 1 | \(e)0mab
            \(e)1;34m   | \(e)0m\(e)1;33m^\(e)0m\(e)1;34m-\(e)0m
            \(e)1;34m   | \(e)0m\(e)1;33m|\(e)0m
            \(e)1;34m   | \(e)0m\(e)1;33mlbl\(e)0m
            \(e)1;34m   |\(e)0m
            \(e)1;34m   = \(e)0m\(e)1;36mhelp\(e)0m: h

            """)
    }
}
