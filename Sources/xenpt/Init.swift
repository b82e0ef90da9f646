import ArgumentParser
import Diagnostics
import Foundation
import XenPT

/// `xenpt init HOST`: a first board manifest for a host device tree.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a board manifest for a host device tree, with the questions the tree cannot answer.")

    @Argument(help: ArgumentHelp("The host device tree, .dts or .dtb.", valueName: "host"))
    var host: String

    @Option(help: "Xen release the guests run on (default: the newest xenpt knows).")
    var xen: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The board manifest to write.", valueName: "file"))
    var output = "board.yaml"

    @Option(help: "The board's name (default: from the host file's name).")
    var name: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @Option(name: .customLong("schemas"), help: ArgumentHelp("The schemas folder.", valueName: "dir"))
    var schemaRoot: String?

    @OptionGroup var access: AccessOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let version = try CommandSupport.xenVersion(xen)
        try CommandSupport.refuseToReplace(output, force: force)
        let boardName = name ?? Self.boardName(fromHost: host)
        let schemas = try CommandSupport.schemaRoot(schemaRoot)
        let (draft, diagnostics) = BoardDraft.run(hostPath: host, manifestPath: output, name: boardName, xen: version,
                                                   schemaRoot: schemas, allowedFolders: access.folders)
        guard let draft, !diagnostics.contains(where: { $0.severity == .error }) else {
            let readable = WorkspaceLoader(schemaRoot: schemas, allowedFolders: access.folders).readRoots(for: [host])
            CommandSupport.printError(CommandSupport.render(diagnostics, sources: SourceStore(), readable: readable, report: report))
            throw ExitCode(ExitStatus.badInput)
        }
        try CommandSupport.writeFile(output, text: draft.manifest)
        let open = draft.questioned == 1 ? "1 device has" : "\(draft.questioned) devices have"
        CommandSupport.printOut("""
            wrote \(output): board `\(boardName)`, \(draft.candidates) passthrough candidates; \(open) questions to answer
            next: answer them in \(output), then `xenpt survey \(output)` shows what can be passed through;
                  write a guest manifest (docs/manifest-reference.md) or import an xl configuration you run today:
                  `xenpt import guest.cfg --board \(output)`

            """)
    }

    /// The file's name without its extension, in lowercase letters, digits and dashes.
    static func boardName(fromHost path: String) -> String {
        var stem = PathNormalizer.basename(of: path)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        let mapped = String(stem.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" ? Character(scalar) : "-"
        })
        let trimmed = mapped.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "board" : trimmed
    }
}
