import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// A board and guest written to a temporary folder and planned through the real loader.
struct Fixture {
    /// The planned guest, or nil with the loading problems.
    let planned: PlannedGuest?
    /// Loading problems and plan findings, as `CODE severity: message`.
    let findings: [String]
    /// The workspace.
    let workspace: Workspace

    /// Plans `guest` (YAML after the `board:` line) on a board with host `dts` and Xen `xen`.
    static func plan(dts: String, xen: String = "4.17", guest: String, boardExtra: String = "") throws -> Fixture {
        try TemporaryDirectory.with(prefix: "fixture") { folder in
            try Data("board: test\nhost: host.dts\nxen: \"\(xen)\"\n\(boardExtra)".utf8).write(to: folder.appendingPathComponent("board.yaml"))
            try Data(dts.utf8).write(to: folder.appendingPathComponent("host.dts"))
            try Data("guest: g\nboard: board.yaml\nmemory: 256M\n\(guest)".utf8).write(to: folder.appendingPathComponent("guest.yaml"))
            let loader = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path)
            let workspace = loader.load(paths: [folder.appendingPathComponent("guest.yaml").path])
            let planned = workspace.planAll().first
            let all = workspace.diagnostics + (planned?.plan.diagnostics ?? [])
            return Fixture(planned: planned, findings: all.map { "\($0.code) \($0.severity.rawValue): \($0.message)" }.sorted(), workspace: workspace)
        }
    }

    /// The plan (fails the test when loading failed).
    func plan(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> GuestPlan {
        try #require(planned, "\(findings)", sourceLocation: sourceLocation).plan
    }
}

/// A GICv2 SoC with a `simple-bus`; `devices` goes inside the bus (1 address cell, 1 size cell).
/// The same board the rule examples use.
func soc(_ devices: String) -> String {
    RuleExample.clean(devices, guest: "").hostSource
}
