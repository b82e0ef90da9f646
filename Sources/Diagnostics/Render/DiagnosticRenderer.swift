/// Turns diagnostics plus the sources they point into into one report.
///
/// Renderers are pure: the same diagnostics and sources give the same bytes. They draw the
/// diagnostics in the order given; pass `DiagnosticBag.sorted` for report order.
public protocol DiagnosticRenderer: Sendable {
    /// The whole report for `diagnostics`, ending in a newline unless empty.
    func render(_ diagnostics: [Diagnostic], sources: SourceStore) -> String
}

/// The tool that produced a report, as machine-readable formats name it.
public struct ToolInfo: Sendable, Hashable {
    /// The tool's name (`xenpt`).
    public var name: String
    /// The tool's version.
    public var version: String
    /// Where to learn about the tool.
    public var informationURI: String

    /// Creates tool information.
    public init(name: String = "xenpt", version: String, informationURI: String) {
        self.name = name
        self.version = version
        self.informationURI = informationURI
    }
}

/// Everything a renderer may need beyond the diagnostics and sources.
public struct RenderOptions: Sendable {
    /// Whether the human format uses ANSI colour; never on unless asked.
    public var colors: Bool
    /// Whether `xenpt explain CODE` has a page for a code; decides the human `= see:` line.
    public var explainable: @Sendable (String) -> Bool
    /// The command the `= see:` line names, followed by the code.
    public var explainCommand: String
    /// The tool named in SARIF.
    public var tool: ToolInfo
    /// Rule metadata for SARIF's `tool.driver.rules`, in the order to list them.
    public var rules: [RuleMetadata]

    /// Creates options; the defaults draw no colour and no `= see:` lines.
    public init(
        tool: ToolInfo,
        colors: Bool = false,
        explainable: @escaping @Sendable (String) -> Bool = { _ in false },
        explainCommand: String = "xenpt explain",
        rules: [RuleMetadata] = []
    ) {
        self.colors = colors
        self.explainable = explainable
        self.explainCommand = explainCommand
        self.tool = tool
        self.rules = rules
    }
}

/// The report formats `--format` offers.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    /// rustc-style text with source snippets.
    case human
    /// One `file:line:col: severity[CODE]: message` line per finding.
    case concise
    /// A JSON array of findings.
    case json
    /// A SARIF 2.1.0 log.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…::message`).
    case github
    /// A GitLab Code Quality report (Code Climate issues as a JSON array).
    case codeclimate

    /// The renderer for this format, configured by `options`.
    public func renderer(_ options: RenderOptions) -> any DiagnosticRenderer {
        switch self {
        case .human:
            HumanRenderer(
                colors: options.colors,
                explainCommand: options.explainCommand,
                explainable: options.explainable
            )
        case .concise: ConciseRenderer()
        case .json: JSONRenderer()
        case .sarif: SARIFRenderer(tool: options.tool, rules: options.rules)
        case .github: GitHubRenderer()
        case .codeclimate: CodeClimateRenderer()
        }
    }
}
