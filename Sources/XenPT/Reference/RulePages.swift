/// The `docs/rules/<CODE>.md` pages, generated from the rule registry (a test keeps the
/// committed pages equal to these).
public enum RulePages {
    /// File name → Markdown text, for every rule and fixed error, plus `README.md` as the index.
    /// `releases` (the shipped release files) give each rule's per-release facts.
    public static func all(releases: [XenRelease]) -> [(name: String, text: String)] {
        var pages: [(String, String)] = []
        var index = header + "# xenpt rules\n\n| code | name | default | summary |\n| --- | --- | --- | --- |\n"
        for rule in RuleRegistry.all {
            index += "| [\(rule.code)](\(rule.code).md) | `\(rule.name)` | \(rule.severity.rawValue) | \(rule.summary) |\n"
            pages.append(("\(rule.code).md", page(rule, releases: releases)))
        }
        index += "\n## Fixed errors\n\nThese are mistakes in the input; they cannot be waived and exit with status 2.\n\n| code | name | summary |\n| --- | --- | --- |\n"
        for error in RuleDocumentation.fixedErrors {
            index += "| \(error.code) | `\(error.name)` | \(error.summary) |\n"
        }
        return [("README.md", index)] + pages
    }

    static let header = "<!-- Generated from the rule registry; do not edit. Regenerate with XENPT_UPDATE_GOLDENS=1 swift test --filter RulePages. -->\n\n"

    static func examplesMarkdown(_ rule: RuleDescription) -> String {
        var out = ""
        for (title, example) in [("Triggering example", rule.examples.first { $0.triggers }), ("Clean example", rule.examples.first { !$0.triggers })] {
            guard let example else { continue }
            if let host = example.host {
                out += "## \(title)\n\nHost tree of the board (Xen \(example.xen)), checked once per board:\n\n```dts\n\(host)```\n\n"
                continue
            }
            out += "## \(title)\n\nHost nodes (inside a `simple-bus` `/soc` with a GIC-400 labelled `gic`, Xen \(example.xen)):\n\n```dts\n\(example.devices)\n```\n\n"
            out += "Guest manifest\(example.triggers ? " (`↓` marks the finding)" : ""):\n\n```yaml\n\(example.guest.hasSuffix("\n") ? example.guest : example.guest + "\n")```\n\n"
        }
        return out
    }

    static func page(_ rule: RuleDescription, releases: [XenRelease]) -> String {
        """
        \(header)# \(rule.code) `\(rule.name)`

        \(rule.summary.prefix(1).uppercased() + rule.summary.dropFirst()).

        - Family: \(rule.family.rawValue)
        - Default severity: \(rule.severity.rawValue)

        ## Why this matters

        \(rule.rationale)
        \(byRelease(rule, releases: releases))
        ## How to fix it

        \(rule.fix.prefix(1).uppercased() + rule.fix.dropFirst()).

        \(examplesMarkdown(rule))\(rule.family == .board ? boardReporting : waiving(rule))
        """
    }

    /// The rule's per-release facts as a section (with its leading blank line), or one blank line.
    static func byRelease(_ rule: RuleDescription, releases: [XenRelease]) -> String {
        let lines = ReleaseFactText.lines(rule.releaseFacts, releases: releases)
        guard !lines.isEmpty else { return "" }
        return "\n## By Xen release\n\nFrom the release files in `schemas/xen`:\n\n" + lines.map { "- \($0)\n" }.joined()
    }

    static func waiving(_ rule: RuleDescription) -> String {
        """
        ## Waiving it

        When the finding is acceptable on a board, say why in the guest manifest:

        ```yaml
        waive:
          - rule: \(rule.name)
            at: /path/to/the/device
            reason: "why this is acceptable here"
        ```

        A waiver that matches nothing is reported as `unused-waiver`.

        """
    }

    static let boardReporting = """
        ## How it is reported

        A board check looks at the host tree Xen boots on, before any guest: `xenpt lint` and \
        `xenpt build` report it once per board (not once per guest), at the board manifest's `host:` \
        with the host node's path, and `xenpt survey` lists it under its table. It is never an error, \
        so it does not stop `build`; `--strict` makes its warnings fail. A guest's `waive:` does not \
        reach it: correct the host tree.

        """
}
