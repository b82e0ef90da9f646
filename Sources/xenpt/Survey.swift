import ArgumentParser
import Diagnostics
import XenPT

/// `xenpt survey BOARD`: every device of a board, and whether it can be passed through.
struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "List every memory-mapped device of a board and whether it can be passed through, and why not.")

    @Argument(help: "A board manifest.")
    var board: String

    @Option(help: "Xen release (default: the board's `xen:`).")
    var xen: String?

    @Option(name: .customLong("schemas"), help: "The schemas folder.")
    var schemaRoot: String?

    @OptionGroup var access: AccessOptions
    @OptionGroup var report: ReportOptions

    @OptionGroup var cache: CacheOptions

    func run() throws {
        let loader = WorkspaceLoader(schemaRoot: try CommandSupport.schemaRoot(schemaRoot), allowedFolders: access.folders, cache: cache.hostTreeCache)
        let workspace = loader.load(paths: [board])
        guard workspace.diagnostics.allSatisfy({ $0.severity != .error }), let loaded = workspace.boards.values.first else {
            CommandSupport.printError(CommandSupport.render(workspace.diagnostics, sources: workspace.sources, readable: workspace.readRoots, report: report))
            throw ExitCode(ExitStatus.badInput)
        }
        guard let version = xen.flatMap(XenVersion.init) ?? loaded.xen, let release = workspace.catalog?.release(version) else {
            let known = workspace.catalog?.versions ?? []
            let range = known.first.map { first in known.count > 1 ? "\(first) to \(known[known.count - 1])" : "\(first)" } ?? "none"
            CommandSupport.printError("error: no known Xen release; give --xen with a release xenpt knows (\(range))\n")
            throw ExitCode(ExitStatus.badInput)
        }
        CommandSupport.printOut(Survey.table(Survey.run(board: loaded, release: release), board: loaded, release: release)
            + Survey.boardChecks(loaded.boardFindings(release: release)))
    }
}
