import ArgumentParser
import DeviceTree
import Diagnostics
import Foundation
import XenPT

/// `xenpt import GUEST.cfg --board BOARD`: an xl configuration turned into a guest manifest.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an xl configuration into a guest manifest: iomem, irqs and dtdev mapped back to host devices.")

    @Argument(help: ArgumentHelp("The xl configuration.", valueName: "config"))
    var config: String

    @Option(help: ArgumentHelp("The board manifest of the host the guest runs on.", valueName: "file"))
    var board: String

    @Option(help: "Xen release (default: the board's `xen:`).")
    var xen: String?

    @Option(name: .customLong("device-tree"), help: ArgumentHelp("A local copy of the configuration's partial device tree (.dtb or .dts), to cross-check (default: the `device_tree` path, when it exists).", valueName: "file"))
    var deviceTree: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The guest manifest to write (default: standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @Option(name: .customLong("schemas"), help: ArgumentHelp("The schemas folder.", valueName: "dir"))
    var schemaRoot: String?

    @OptionGroup var access: AccessOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        let version = try CommandSupport.xenVersion(xen)
        try CommandSupport.refuseToReplace(output, force: force)
        let bytes: [UInt8]
        switch InputFile.read(config, limit: XLConfig.maximumBytes) {
        case .success(let read): bytes = read
        case .failure(let failure):
            CommandSupport.printError("error: cannot read `\(config)`: \(failure)\n")
            throw ExitCode(ExitStatus.badInput)
        }
        var sources = SourceStore()
        sources.add(path: config, text: String(decoding: bytes, as: UTF8.self))
        let (parsed, problems) = XLConfig.parse(bytes, file: config)
        guard let parsed else { return try fail(problems, sources: sources) }

        let loader = WorkspaceLoader(schemaRoot: try CommandSupport.schemaRoot(schemaRoot), allowedFolders: access.folders)
        let readable = loader.readRoots(for: [board, config])
        let workspace = loader.load(paths: [board])
        guard workspace.diagnostics.allSatisfy({ $0.severity != .error }), let loaded = workspace.boards.values.first, let catalog = workspace.catalog else {
            return try fail(workspace.diagnostics, sources: workspace.sources, readable: readable)
        }
        var partial: DeviceTree?
        var notes: [String] = []
        let named: String? = {
            if case .atom(let atom)? = parsed.setting("device_tree")?.value { return atom.text }
            return nil
        }()
        if let path = deviceTree ?? named.flatMap({ FileManager.default.fileExists(atPath: $0) ? $0 : nil }) {
            // A path the configuration names is read only inside the roots; --device-tree is the user's own.
            if deviceTree == nil, !readable.permits(path) {
                DTFiles.report(file: config, code: "XPT-E013", message: "the partial device tree `\(path)` is outside the folders xenpt may read; "
                               + "give a copy with --device-tree, or name its folder with --allow-read")
                throw ExitCode(ExitStatus.badInput)
            }
            let bytes = try DTFiles.readOrExit(path)
            if bytes.starts(with: [0xd0, 0x0d, 0xfe, 0xed]) {
                do { partial = try DTBReader.read(bytes) } catch {
                    DTFiles.report(file: path, code: nil, message: "not a valid DTB: \(error)")
                    throw ExitCode(ExitStatus.badInput)
                }
            } else {
                switch DTSCompiler.compile(bytes: bytes, path: path, options: DTSCompileOptions(readRoots: deviceTree == nil ? readable : nil)) {
                case .success(let tree): partial = tree
                case .failure(let list): return try fail(list.diagnostics, sources: sources, readable: readable)
                }
            }
        } else if let named {
            notes.append("the partial device tree `\(GuestImporter.shown(named))` is not on this machine; give a copy with --device-tree to cross-check it")
        }
        let (result, errors) = GuestImporter.run(config: parsed, board: loaded, manifestPath: output ?? "guest.yaml", xen: version,
                                                 partialTree: partial, catalog: catalog)
        guard let result else { return try fail(errors, sources: sources, readable: readable) }
        if let output {
            try CommandSupport.writeFile(output, text: result.manifest)
        } else {
            CommandSupport.printOut(result.manifest)
        }
        notes += result.notes
        for note in notes { CommandSupport.printError("note: \(note)\n") }
        if let output {
            CommandSupport.printError("wrote \(output)\(notes.isEmpty ? ": everything mapped" : ""); next: `xenpt plan \(output)`, then `xenpt build \(output)`\n")
        }
    }

    func fail(_ diagnostics: [Diagnostic], sources: SourceStore, readable: ReadRoots = ReadRoots()) throws {
        CommandSupport.printError(CommandSupport.render(diagnostics, sources: sources, readable: readable, report: report))
        throw ExitCode(ExitStatus.badInput)
    }
}
