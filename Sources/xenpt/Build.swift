import ArgumentParser
import Diagnostics
import XenPT

/// `xenpt build`: plan every guest and write its artifacts.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan every guest and write the guest DTS/DTB, xl config, plan and host patch.",
        discussion: "Nothing is written when any finding is an error. All files are staged, then replaced together; when anything fails nothing is changed. Builds into one --out run one after the other.")

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "Output folder.")
    var out = "out"

    @Flag(help: "Write nothing; fail if the files under --out are missing or differ from what would be written.")
    var check = false

    func run() throws {
        let workspace = try CommandSupport.load(input)
        let planned = workspace.planAll()
        var diagnostics = workspace.diagnostics + workspace.boardFindings() + planned.flatMap(\.plan.diagnostics)
        var status = CommandSupport.exitStatus(diagnostics, strict: report.strict)
        var artifacts: [Artifact] = []
        if status == 0 {
            switch ArtifactBuilder.build(planned) {
            case .success(let built): artifacts = built
            case .failure(let list):
                diagnostics += list.diagnostics
                status = ExitStatus.badInput
            }
        }
        CommandSupport.printError(CommandSupport.render(diagnostics, sources: workspace.sources, readable: workspace.readRoots, report: report))
        guard status == 0 else { throw ExitCode(status) }
        if workspace.guests.isEmpty {
            CommandSupport.printError("warning: no guest manifest found in \(input.paths.joined(separator: " "))\n")
        }
        let waiting = { CommandSupport.printError("note: waiting for another xenpt build into \(out) to finish\n") }
        if check {
            let differences: [OutputDifference]
            do {
                differences = try OutputFolder.check(artifacts, under: out, artifactNames: ArtifactBuilder.fileNames, waiting: waiting)
            } catch {
                CommandSupport.printError("error: cannot check \(error.path): \(error.reason)\n")
                throw ExitCode(ExitStatus.badInput)
            }
            guard differences.isEmpty else {
                CommandSupport.printError(Self.report(differences, out: out, total: artifacts.count))
                throw ExitCode(ExitStatus.findings)
            }
            CommandSupport.printOut("\(artifacts.count) artifacts up to date\n")
            return
        }
        do {
            let outcomes = try OutputFolder.write(artifacts, to: out, artifactNames: ArtifactBuilder.fileNames, waiting: waiting)
            for (path, outcome) in outcomes {
                CommandSupport.printOut("\(outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(PathNormalizer.join(out, path))\n")
            }
        } catch {
            CommandSupport.printError("error: cannot write \(error.path): \(error.reason)\n  = note: nothing under \(out) was changed\n")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// The `--check` report: each differing file (with its first differing line or byte) and a summary.
    static func report(_ differences: [OutputDifference], out: String, total: Int) -> String {
        var text = ""
        for difference in differences {
            let path = PathNormalizer.join(out, difference.path)
            switch difference {
            case .missing:
                text += "missing: \(path)\n"
            case .unexpected:
                text += "unexpected: \(path) (not produced by this build; `xenpt build` removes it)\n"
            case .stale(_, .line(let number, let expected, let found)):
                text += "stale: \(path) (line \(number) differs)\n"
                text += "  expected: \(expected.map(visible) ?? "<end of file>")\n"
                text += "  found:    \(found.map(visible) ?? "<end of file>")\n"
            case .stale(_, .byte(let offset, let expected, let found)):
                func byte(_ value: UInt8?) -> String { value.map { "0x" + String($0, radix: 16, uppercase: false) } ?? "<end of file>" }
                text += "stale: \(path) (byte \(offset) differs)\n"
                text += "  expected: \(byte(expected))\n"
                text += "  found:    \(byte(found))\n"
            }
        }
        let differing = differences.count { if case .unexpected = $0 { false } else { true } }
        let unexpected = differences.count - differing
        var summary = "\(differing) of \(total) artifacts \(differing == 1 ? "differs" : "differ")"
        if unexpected > 0 { summary += ", \(unexpected) unexpected \(unexpected == 1 ? "file" : "files")" }
        return text + summary + "; run `xenpt build` and commit the result\n"
    }

    /// A line of a file with control characters shown as escapes, so it cannot drive the terminal.
    static func visible(_ line: String) -> String {
        var out = ""
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x09: out += "\\t"
            case 0x0d: out += "\\r"
            case 0x00..<0x20, 0x7f..<0xa0: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
