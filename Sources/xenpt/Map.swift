import ArgumentParser
import Diagnostics
import Foundation
import XenPT

/// `xenpt map GUEST`: the guest physical address map, as text or SVG.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map", abstract: "Show a guest's physical address map: Xen's windows, the devices, the holes.")

    @Argument(help: "The guest manifest.")
    var guest: String

    @Option(help: "Also write the map as an SVG picture to this file.")
    var svg: String?

    @Option(name: .customLong("schemas"), help: "The schemas folder.")
    var schemaRoot: String?

    @OptionGroup var access: AccessOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let workspace = WorkspaceLoader(schemaRoot: try CommandSupport.schemaRoot(schemaRoot), allowedFolders: access.folders).load(paths: [guest])
        let planned = workspace.planAll()
        let problems = workspace.diagnostics.filter { $0.severity == .error }
        guard problems.isEmpty, let first = planned.first else {
            CommandSupport.printError(CommandSupport.render(workspace.diagnostics, sources: workspace.sources, readable: workspace.readRoots, report: report))
            throw ExitCode(ExitStatus.badInput)
        }
        CommandSupport.printOut(GuestMap.text(first.plan))
        if let svg {
            if let error = StagedFile.write(Array(GuestMap.svg(first.plan).utf8), to: svg) {
                CommandSupport.printError("error: \(error)\n")
                throw ExitCode(ExitStatus.badInput)
            }
        }
    }
}
