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

    func run() throws {
        guard let text = RuleDocumentation.explain(code) else {
            CommandSupport.printError("error: no rule or error `\(code)`; see `xenpt rules`\n")
            throw ExitCode(ExitStatus.badInput)
        }
        CommandSupport.printOut(text)
    }
}
