import ArgumentParser
import XenPT

/// `xenpt rules`: every code with its name, default severity and summary.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule and fixed error.")

    func run() {
        CommandSupport.printOut(RuleDocumentation.table())
    }
}

/// `xenpt explain CODE`: the documentation of one code.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain one rule or error code.")

    @Argument(help: "A code (XPT-IRQ-002) or name (shared-irq).")
    var code: String

    @Option(name: .customLong("schemas"), help: ArgumentHelp("The schemas folder whose release files give the per-release facts (default: the one shipped with xenpt, or $XENPT_SCHEMAS).", valueName: "dir"))
    var schemaRoot: String?

    func run() throws {
        // Without readable release files the page is shown without its per-release facts.
        let root = schemaRoot ?? SchemaLoader.locateShippedSchemas(executablePath: CommandLine.arguments.first.flatMap(CommandSupport.executablePath))
        let releases = root.flatMap(SchemaLoader.releases(schemaRoot:)) ?? []
        guard let text = RuleDocumentation.explain(code, releases: releases) else {
            CommandSupport.printError("error: no rule or error `\(code)`; see `xenpt rules`\n")
            throw ExitCode(ExitStatus.badInput)
        }
        CommandSupport.printOut(text)
    }
}
