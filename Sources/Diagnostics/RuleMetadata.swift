/// What a report needs to know about one rule: its code, name, descriptions and help.
///
/// The linter's registry provides these; the Diagnostics layer only carries them into
/// reports such as SARIF's `tool.driver.rules`.
public struct RuleMetadata: Sendable, Hashable {
    /// The stable code diagnostics carry (`XPT-IRQ-002`).
    public var id: String
    /// The kebab-case name (`shared-interrupt`).
    public var name: String
    /// One line saying what the rule finds.
    public var shortDescription: String
    /// The rationale: why a finding matters.
    public var fullDescription: String
    /// Plain-text help on fixing or waiving a finding.
    public var helpText: String
    /// Where the rule's documentation lives, if anywhere.
    public var helpURI: String?
    /// The severity findings get unless configured otherwise.
    public var defaultSeverity: Severity

    /// Creates rule metadata.
    public init(
        id: String,
        name: String,
        shortDescription: String,
        fullDescription: String,
        helpText: String,
        helpURI: String? = nil,
        defaultSeverity: Severity
    ) {
        self.id = id
        self.name = name
        self.shortDescription = shortDescription
        self.fullDescription = fullDescription
        self.helpText = helpText
        self.helpURI = helpURI
        self.defaultSeverity = defaultSeverity
    }
}
