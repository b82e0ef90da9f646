import ArgumentParser
import Diagnostics
import XenPT

/// `xenpt plan GUEST`: what xenpt decided for one guest and why. With `--format json` stdout
/// is the plan document itself (the same bytes as the `plan.json` a build writes) and the
/// findings go to stderr as JSON.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one guest's plan: host address -> guest address, SPI -> INTID, and why.")

    @Argument(help: "The guest manifest.")
    var guest: String

    @Option(name: .customLong("schemas"), help: "The schemas folder.")
    var schemaRoot: String?

    @OptionGroup var access: AccessOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let loader = WorkspaceLoader(schemaRoot: try CommandSupport.schemaRoot(schemaRoot), allowedFolders: access.folders)
        let workspace = loader.load(paths: [guest])
        let planned = workspace.planAll()
        let diagnostics = workspace.diagnostics + planned.flatMap(\.plan.diagnostics)
        for item in planned {
            CommandSupport.printOut(report.format == .json ? PlanReport.json(item.plan) : PlanTable.render(item.plan))
        }
        CommandSupport.printError(CommandSupport.render(diagnostics, sources: workspace.sources, readable: workspace.readRoots, report: report))
        let status = CommandSupport.exitStatus(diagnostics, strict: report.strict)
        if status != 0 { throw ExitCode(status) }
    }
}
