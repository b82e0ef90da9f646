import DeviceTree
import Diagnostics

/// What a board check reads: the host tree Xen boots on, where the board manifest names it,
/// the Xen release and each passthrough candidate's class.
public struct BoardLintInput: Sendable {
    /// The host tree.
    public let index: DeviceTreeIndex
    /// The board manifest's `host:` value: where board findings point.
    public let host: Located<String>
    /// The Xen release the board runs.
    public let release: XenRelease
    /// Each top-level device of the board with its class, in tree order.
    public let devices: [(node: NodeID, policy: DevicePolicy)]

    /// Creates the input of one board's checks.
    public init(index: DeviceTreeIndex, host: Located<String>, release: XenRelease, devices: [(node: NodeID, policy: DevicePolicy)]) {
        self.index = index
        self.host = host
        self.release = release
        self.devices = devices
    }

    /// A finding of a board rule about a host node (the root when the node is missing), at the
    /// manifest's `host:`, with a note at the node's definition when the tree came from source.
    func finding(_ rule: RuleDescription, _ message: String, node: NodeID?, label: String, notes: [Note] = [], help: [String] = [],
                 related: [RelatedNode] = []) -> Diagnostic {
        let target = node ?? index.root
        return rule.diagnostic(message, at: Label(host.range, label), notes: index.definitionNote(target) + notes, help: help,
                               devicePath: index.path(target), dataPath: host.path.description, related: related)
    }

    /// Enabled nodes with one of these compatibles, in tree order.
    func enabledNodes(compatibleWith compatibles: Set<String>) -> [NodeID] {
        index.allNodes.filter { index.isEnabled($0) && !compatibles.isDisjoint(with: index.compatibles($0)) }
    }
}

/// A board rule with its check: a function of the host tree and the Xen release, run once per
/// board before any guest matters.
public struct BoardRule: Sendable {
    /// The rule's identity and words.
    public let description: RuleDescription
    /// The check.
    public let check: @Sendable (BoardLintInput) -> [Diagnostic]

    /// Creates a rule from its description and check.
    public init(_ description: RuleDescription, check: @escaping @Sendable (BoardLintInput) -> [Diagnostic]) {
        self.description = description
        self.check = check
    }
}

/// Runs the board checks: what Xen itself needs from the host tree.
public enum BoardLinter {
    /// The registered board checks, in code order.
    public static let rules: [BoardRule] = [
        .noGICVirtualization, .noHypervisorTimer, .noMemory, .noXenIOMMU, .noXenConsole,
    ].sorted { $0.description.code < $1.description.code }

    /// The findings of every board check, in report order.
    public static func findings(_ input: BoardLintInput) -> [Diagnostic] {
        rules.flatMap { $0.check(input) }.sorted(by: Diagnostic.reportOrder)
    }
}
