import ArgumentParser
import Diagnostics
import XenPT

/// `xenpt build`: plan every guest and write its artifacts.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan every guest and write the guest DTS/DTB, xl config, plan and host patch.",
        discussion: "Nothing is written when any finding is an error. Files are replaced atomically.")

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "Output folder.")
    var out = "out"

    @Flag(help: "Write nothing; fail if the files under --out are missing or differ from what would be written.")
    var check = false

    func run() throws {
        let workspace = try CommandSupport.load(input)
        let planned = workspace.planAll()
        var diagnostics = workspace.diagnostics + planned.flatMap(\.plan.diagnostics)
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
        CommandSupport.printError(CommandSupport.render(diagnostics, sources: workspace.sources, report: report))
        guard status == 0 else { throw ExitCode(status) }
        if workspace.guests.isEmpty {
            CommandSupport.printError("warning: no guest manifest found in \(input.paths.joined(separator: " "))\n")
        }
        if check {
            let stale = ArtifactWriter.stale(artifacts, under: out)
            for artifact in stale { CommandSupport.printError("stale: \(PathNormalizer.join(out, artifact.path))\n") }
            if !stale.isEmpty {
                CommandSupport.printError("\(stale.count) of \(artifacts.count) artifacts are stale; run `xenpt build` and commit them\n")
                throw ExitCode(ExitStatus.findings)
            }
            CommandSupport.printOut("\(artifacts.count) artifacts up to date\n")
            return
        }
        do {
            for (artifact, outcome) in try ArtifactWriter.write(artifacts, to: out) {
                CommandSupport.printOut("\(outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(PathNormalizer.join(out, artifact.path))\n")
            }
        } catch {
            CommandSupport.printError("error: cannot write artifacts: \(error.localizedDescription)\n")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
