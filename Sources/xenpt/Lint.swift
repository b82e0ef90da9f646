import ArgumentParser
import Diagnostics
import XenPT

/// `xenpt lint`: load and plan everything, report every finding.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check manifests against the host trees and the Xen release; report every finding.",
        discussion: "Exit status: 0 clean, 1 errors (or warnings with --strict), 2 bad input.")

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let workspace = try CommandSupport.load(input)
        let diagnostics = workspace.diagnostics + workspace.boardFindings() + workspace.planAll().flatMap(\.plan.diagnostics)
        CommandSupport.printOut(CommandSupport.render(diagnostics, sources: workspace.sources, readable: workspace.readRoots, report: report))
        let status = CommandSupport.exitStatus(diagnostics, strict: report.strict)
        if status != 0 { throw ExitCode(status) }
    }
}
