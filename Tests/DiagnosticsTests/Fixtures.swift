import Diagnostics

// Testing also exports a `SourceLocation`; these names keep the tests readable.
typealias Location = Diagnostics.SourceLocation

/// A range on one file from `line:column` to `endLine:endColumn` (exclusive).
func span(_ file: String, _ line: Int, _ column: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange {
    SourceRange(
        start: Location(file: file, line: line, column: column),
        end: Location(file: file, line: endLine, column: endColumn)
    )
}

/// An empty range (a caret) at `line:column`.
func point(_ file: String, _ line: Int, _ column: Int) -> SourceRange {
    SourceRange(start: Location(file: file, line: line, column: column))
}

/// The guest manifest of STYLE.md's example; line 9 holds the ethernet device.
let netManifest = SourceFile(path: "boards/midway/guests/net.yaml", text: """
    guest: net
    board: ../board.yaml
    memory: 512M
    vcpus: 1
    trust: untrusted
    passthrough:
      - device: /soc/uart@ffc02000
        guest-address: auto
      - device: /soc/ethernet@fff51000
        guest-address: auto

    """)

/// STYLE.md's example finding: the host DTS it notes is not in the store.
let sharedInterrupt = Diagnostic(
    code: "XPT-IRQ-002",
    severity: .error,
    message: "interrupt 112 is shared with a device that stays in dom0",
    primary: Label(
        span("boards/midway/guests/net.yaml", 9, 13, 9, 35),
        "SPI 80 (INTID 112) also used by /soc/sata@ffe08000"
    ),
    notes: [
        Note(
            "/soc/sata@ffe08000 is not passed through to this guest",
            at: point("boards/midway/midway.dts", 41, 3)
        ),
    ],
    help: ["pass both devices to the same guest, or waive with a reason"],
    devicePath: "/soc/ethernet@fff51000",
    dataPath: "passthrough[1].device"
)

/// Codes with an explain page in these tests: rule codes, not fixed error codes.
let explainRules: @Sendable (String) -> Bool = { $0.hasPrefix("XPT-") && !$0.hasPrefix("XPT-E-") }
