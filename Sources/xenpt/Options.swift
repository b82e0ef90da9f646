import ArgumentParser
import Diagnostics
import Foundation
import XenPT

extension OutputFormat: ExpressibleByArgument {}

/// Options every command that reads manifests takes.
struct InputOptions: ParsableArguments {
    @Argument(help: "Manifest files, or folders searched for manifests.")
    var paths: [String] = ["."]

    @Option(name: .customLong("schemas"), help: ArgumentHelp("The schemas folder (default: the one shipped with xenpt, or $XENPT_SCHEMAS).", valueName: "dir"))
    var schemaRoot: String?

    @Option(name: .customShort("I"), help: ArgumentHelp("Extra include folder for host DTS files.", valueName: "dir"))
    var includeDirectories: [String] = []

    @OptionGroup var access: AccessOptions
}

/// Where inputs may read files from, beyond the workspace root.
struct AccessOptions: ParsableArguments {
    @Option(name: .customLong("allow-read"), help: ArgumentHelp(
        "Also let manifests and host trees read files in this folder (they read only inside the workspace root, the nearest folder above each path given that holds .git, otherwise).",
        valueName: "dir"))
    var folders: [String] = []
}

/// How findings are shown and when they fail the run.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: human, concise, json, sarif, github or codeclimate (GitLab Code Quality).")
    var format: OutputFormat = .human

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Colour the human format.")
    var color = false

    @Flag(help: "Also show info-level findings in the human, concise and github formats (json, sarif and codeclimate always have them).")
    var showInfo = false
}

/// The exit statuses of the command line.
enum ExitStatus {
    /// Findings at error level (or warnings with --strict).
    static let findings: Int32 = 1
    /// Bad usage or unreadable input.
    static let badInput: Int32 = 2
}

/// Shared steps of the commands: locate schemas, load, render, decide the exit status.
enum CommandSupport {
    static func schemaRoot(_ explicit: String?) throws -> String {
        if let explicit { return explicit }
        guard let found = SchemaLoader.locateShippedSchemas(executablePath: CommandLine.arguments.first.flatMap(executablePath)) else {
            FileHandle.standardError.write(Data("error: cannot find xenpt's schemas folder; pass --schemas DIR or set XENPT_SCHEMAS\n".utf8))
            throw ExitCode(ExitStatus.badInput)
        }
        return found
    }

    /// The running executable's path (from /proc, falling back to argv[0]).
    static func executablePath(_ argument: String) -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return argument
    }

    static func load(_ input: InputOptions) throws -> Workspace {
        let loader = WorkspaceLoader(schemaRoot: try schemaRoot(input.schemaRoot), includeDirectories: input.includeDirectories,
                                     allowedFolders: input.access.folders)
        return loader.load(paths: input.paths)
    }

    /// The diagnostics in the report's format. Files the loaders did not keep (included DTS
    /// files, say) are read for snippets only inside `readable`: a location can name any file
    /// (a DTS line marker `# 1 "/etc/shadow"` does), and its line must not be shown.
    static func render(_ diagnostics: [Diagnostic], sources: SourceStore, readable: ReadRoots, report: ReportOptions) -> String {
        let bag = DiagnosticBag(diagnostics)
        var sources = sources
        var mentioned: Set<String> = []
        for diagnostic in diagnostics {
            if let file = diagnostic.primary?.range.file { mentioned.insert(file) }
            for label in diagnostic.secondary { mentioned.insert(label.range.file) }
            for note in diagnostic.notes { if let file = note.range?.file { mentioned.insert(file) } }
        }
        for file in mentioned.sorted() where sources[file] == nil && readable.permits(file) {
            if case .success(let data) = InputFile.read(file, limit: InputFile.treeSizeLimit) { sources.add(path: file, text: String(decoding: data, as: UTF8.self)) }
        }
        let options = RenderOptions(
            tool: ToolInfo(version: XenPTTool.version, informationURI: "https://github.com/xenpt/xenpt"),
            colors: report.color && report.format == .human,
            explainable: { RuleDocumentation.isExplainable($0) },
            rules: RuleDocumentation.metadata)
        // Infos are for reading a plan, not for every build log; machine formats keep them all.
        let machine = report.format == .json || report.format == .sarif || report.format == .codeclimate
        let shown = machine || report.showInfo ? bag.sorted : bag.sorted.filter { $0.severity != .info }
        var text = report.format.renderer(options).render(shown, sources: sources)
        if report.format == .human, !bag.sorted.isEmpty {
            let hidden = bag.sorted.count - shown.count
            let note = hidden > 0 ? " (see the \(hidden == 1 ? "info" : "infos") with --show-info)" : ""
            text += (text.isEmpty || text.hasSuffix("\n") ? (text.isEmpty ? "" : "\n") : "\n\n") + bag.counts.summary + note + "\n"
        }
        return text
    }

    /// 2 for bad input, 1 for failing findings, 0 otherwise.
    static func exitStatus(_ diagnostics: [Diagnostic], strict: Bool) -> Int32 {
        if diagnostics.contains(where: { $0.severity == .error && RuleDocumentation.isFixedError($0.code) }) { return ExitStatus.badInput }
        if diagnostics.contains(where: { $0.severity == .error }) { return ExitStatus.findings }
        if strict, diagnostics.contains(where: { $0.severity == .warning }) { return ExitStatus.findings }
        return 0
    }

    static func printError(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func printOut(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
