@testable import Diagnostics
import Testing

@Suite struct CodeClimateRendererTests {
    /// A finding located only through a note, and one with no place at all.
    private let noteOnly = Diagnostic(
        code: "XPT-CLK-001", severity: .warning, message: "clock \"bus\" is shared",
        notes: [Note("the other user", at: point("./board.yaml", 0, 0))]
    )
    private let unlocated = Diagnostic(code: "", severity: .info, message: "nothing to build")

    @Test func writesTheFieldsGitLabReads() {
        #expect(CodeClimateRenderer().render([sharedInterrupt, noteOnly, unlocated], sources: SourceStore()) == #"""
            [
              {
                "description": "XPT-IRQ-002: interrupt 112 is shared with a device that stays in dom0",
                "check_name": "XPT-IRQ-002",
                "fingerprint": "f876b12cd429cddf",
                "severity": "major",
                "location": {
                  "path": "boards/midway/guests/net.yaml",
                  "lines": {
                    "begin": 9
                  }
                }
              },
              {
                "description": "XPT-CLK-001: clock \"bus\" is shared",
                "check_name": "XPT-CLK-001",
                "fingerprint": "768e488bd3716120",
                "severity": "minor",
                "location": {
                  "path": "board.yaml",
                  "lines": {
                    "begin": 1
                  }
                }
              },
              {
                "description": "nothing to build",
                "check_name": "",
                "fingerprint": "b08372097fd3a89b",
                "severity": "info",
                "location": {
                  "path": ".",
                  "lines": {
                    "begin": 1
                  }
                }
              }
            ]

            """#)
    }

    /// FNV-1a 64 of known strings (the published test vectors: "" and "a").
    @Test func fingerprintIsFNV1a64() {
        #expect(CodeClimateRenderer.fingerprint("") == "cbf29ce484222325")
        #expect(CodeClimateRenderer.fingerprint("a") == "af63dc4c8601ec8c")
    }

    /// The same finding twice (two lines of one file) gets two fingerprints that stay put
    /// when the lines move.
    @Test func repeatsGetDistinctStableFingerprints() {
        var first = sharedInterrupt
        var second = sharedInterrupt
        second.primary?.range = span("boards/midway/guests/net.yaml", 12, 1, 12, 5)
        let before = CodeClimateRenderer().render([first, second], sources: SourceStore())
        first.primary?.range = span("boards/midway/guests/net.yaml", 20, 1, 20, 5)
        second.primary?.range = span("boards/midway/guests/net.yaml", 30, 1, 30, 5)
        let after = CodeClimateRenderer().render([first, second], sources: SourceStore())
        let prints = { (text: String) in text.split(separator: "\n").filter { $0.contains("\"fingerprint\"") } }
        #expect(prints(before).count == 2)
        #expect(Set(prints(before)).count == 2)
        #expect(prints(before) == prints(after))
    }

    @Test func emptyReportIsAnEmptyArray() {
        #expect(CodeClimateRenderer().render([], sources: SourceStore()) == "[]\n")
    }
}
