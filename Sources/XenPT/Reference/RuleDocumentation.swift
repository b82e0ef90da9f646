import DeviceTree
import Foundation
import Diagnostics

/// Documentation of every code: lint rules and fixed errors, for `rules`, `explain` and SARIF.
public enum RuleDocumentation {
    /// Every fixed (non-waivable) error.
    public static let fixedErrors: [FixedError] = (ManifestError.catalog + ResolveError.catalog + XLConfig.catalog + [
        FixedError(code: "XPT-E099", name: "internal-error", summary: "xenpt contradicted itself; a bug to report"),
    ] + DeviceTreeErrorCatalog.entries.map { FixedError(code: $0.code, name: $0.name, summary: $0.summary) })
        .sorted { $0.code < $1.code }

    /// True for codes of fixed errors (bad input), which exit with status 2.
    public static func isFixedError(_ code: String) -> Bool {
        code.hasPrefix("XPT-E") || code.hasPrefix("XPT-DTS") || code.hasPrefix("XPT-DTB")
    }

    /// True when `explain` has a page for the code.
    public static func isExplainable(_ code: String) -> Bool {
        RuleRegistry.rule(code) != nil || fixedErrors.contains { $0.code == code }
    }

    /// SARIF rule metadata for every rule and fixed error.
    public static var metadata: [RuleMetadata] {
        RuleRegistry.all.map { rule in
            RuleMetadata(id: rule.code, name: rule.name, shortDescription: rule.summary, fullDescription: rule.rationale,
                         helpText: rule.fix, helpURI: nil, defaultSeverity: rule.severity)
        } + fixedErrors.map { error in
            RuleMetadata(id: error.code, name: error.name, shortDescription: error.summary, fullDescription: error.summary,
                         helpText: "correct the input", helpURI: nil, defaultSeverity: .error)
        }
    }

    /// The `explain` page of a code or name, as Markdown-ish text; `releases` (the release
    /// files, when found) give the rule's per-release facts.
    public static func explain(_ codeOrName: String, releases: [XenRelease] = []) -> String? {
        if let rule = RuleRegistry.rule(codeOrName) {
            return """
                \(rule.code) \(rule.name) (\(rule.severity.rawValue), family \(rule.family.rawValue))

                \(rule.summary)

                Why this matters:
                  \(rule.rationale)
                \(byRelease(rule, releases: releases))
                How to fix it:
                  \(rule.fix)
                \(examplesText(rule))
                \(rule.family == .board ? boardReporting : waiving(rule))
                """
        }
        if let error = fixedErrors.first(where: { $0.code == codeOrName || $0.name == codeOrName }) {
            return """
                \(error.code) \(error.name) (error, cannot be waived)

                \(error.summary)

                This is a structural error in the input: nothing after it can be trusted, so xenpt
                stops with exit status 2 and writes no artifact. The message names the file, line
                and column; correct the input there.

                """
        }
        return nil
    }

    /// The rule's per-release facts, indented under a heading with a blank line before, or nothing.
    static func byRelease(_ rule: RuleDescription, releases: [XenRelease]) -> String {
        let lines = ReleaseFactText.lines(rule.releaseFacts, releases: releases)
        guard !lines.isEmpty else { return "" }
        return "\nBy Xen release (schemas/xen):\n" + lines.map { "  - \($0)\n" }.joined()
    }

    /// How to waive a guest rule's finding.
    static func waiving(_ rule: RuleDescription) -> String {
        """
        Waive it for one device, with the reason, in the guest manifest:
          waive:
            - rule: \(rule.name)
              at: /path/to/device
              reason: "why this is acceptable on this board"

        """
    }

    /// How a board rule's finding is reported.
    static let boardReporting = """
        A board check: `lint` and `build` report it once per board, at the board manifest's
        `host:`, and `survey` lists it under its table. It never stops a build; a guest's
        `waive:` does not reach it.

        """

    /// The first triggering and first clean example, as text (the `↓` marks the finding).
    static func examplesText(_ rule: RuleDescription) -> String {
        var out = ""
        for (title, example) in [("Triggers it", rule.examples.first { $0.triggers }), ("Does not", rule.examples.first { !$0.triggers })] {
            guard let example else { continue }
            if let host = example.host {
                out += "\n\(title) (the board's host tree):\n"
                out += host.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
                continue
            }
            out += "\n\(title) (host nodes inside /soc, then the guest manifest):\n"
            out += example.devices.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
            out += "  ---\n"
            out += example.guest.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// The `rules` table: one line per code, columns as wide as their longest cell.
    public static func table() -> String {
        TextTable.render(RuleRegistry.all.map { [$0.code, $0.name, $0.severity.rawValue, $0.summary] }
            + fixedErrors.map { [$0.code, $0.name, "error", $0.summary] })
    }
}
