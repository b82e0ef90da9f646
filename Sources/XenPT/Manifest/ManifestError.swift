import Diagnostics

/// Structural errors of manifests and schema files. These are fixed errors: they cannot be
/// waived or disabled, because nothing after them can be trusted.
public enum ManifestError {
    /// The codes, names and summaries of the fixed manifest errors, for `xenpt explain`.
    public static let catalog: [FixedError] = [
        FixedError(code: "XPT-E001", name: "yaml-syntax", summary: "the file is not well-formed YAML"),
        FixedError(code: "XPT-E002", name: "duplicate-key", summary: "a key appears twice in one mapping"),
        FixedError(code: "XPT-E003", name: "unknown-key", summary: "a key the manifest language does not define"),
        FixedError(code: "XPT-E004", name: "wrong-type", summary: "a value has the wrong shape or type"),
        FixedError(code: "XPT-E005", name: "missing-key", summary: "a required key is absent"),
        FixedError(code: "XPT-E006", name: "invalid-value", summary: "a value is of the right type but not allowed"),
        FixedError(code: "XPT-E007", name: "unreadable-file", summary: "a file named by a manifest cannot be read"),
        FixedError(code: "XPT-E012", name: "yaml-limit", summary: "a YAML document asks for more work than any manifest needs (aliases, expansion, nesting)"),
        FixedError(code: "XPT-E013", name: "outside-read-roots", summary: "a manifest names a file or folder outside the folders xenpt may read (the workspace root and `--allow-read` folders)"),
    ]

    static func yamlSyntax(_ problem: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(code: "XPT-E001", severity: .error, message: "yaml syntax error: \(problem)", primary: Label(range))
    }

    static func yamlLimit(_ problem: String, at range: SourceRange, help: String) -> Diagnostic {
        Diagnostic(code: "XPT-E012", severity: .error, message: problem, primary: Label(range), help: [help])
    }

    static func duplicateKey(_ key: String, first: SourceRange, second: SourceRange?) -> Diagnostic {
        var diagnostic = Diagnostic(
            code: "XPT-E002", severity: .error, message: "duplicate key `\(key)`",
            primary: Label(second ?? first, second == nil ? "defined more than once" : "defined again here"),
            help: ["keep one `\(key)` entry"]
        )
        if second != nil { diagnostic.secondary = [Label(first, "first defined here")] }
        return diagnostic
    }

    static func unknownKey(_ key: String, at range: SourceRange, path: DataPath, known: [String]) -> Diagnostic {
        var help: [String] = []
        if let suggestion = closestMatch(to: key, in: known) {
            help.append("did you mean `\(suggestion)`?")
        } else if !known.isEmpty {
            help.append("known keys here: " + known.map { "`\($0)`" }.joined(separator: ", "))
        }
        return Diagnostic(
            code: "XPT-E003", severity: .error, message: "\(pathPrefix(path))unknown key `\(key)`",
            primary: Label(range), help: help, dataPath: path.description
        )
    }

    static func wrongType(expected: String, found: YAMLNode, path: DataPath) -> Diagnostic {
        Diagnostic(
            code: "XPT-E004", severity: .error,
            message: "\(pathPrefix(path))expected \(expected), found \(found.shapeDescription)",
            primary: Label(found.range), dataPath: path.description
        )
    }

    static func missingKey(_ key: String, in node: YAMLNode, path: DataPath, summary: String) -> Diagnostic {
        Diagnostic(
            code: "XPT-E005", severity: .error,
            message: "\(pathPrefix(path))missing required key `\(key)`",
            primary: Label(node.range), help: ["add `\(key):` (\(summary))"], dataPath: path.description
        )
    }

    static func invalidValue(_ message: String, at range: SourceRange, path: DataPath, help: [String] = []) -> Diagnostic {
        Diagnostic(
            code: "XPT-E006", severity: .error, message: "\(pathPrefix(path))\(message)",
            primary: Label(range), help: help, dataPath: path.description
        )
    }

    static func unreadableFile(_ path: String, reason: String, at range: SourceRange?) -> Diagnostic {
        var diagnostic = Diagnostic(code: "XPT-E007", severity: .error, message: "cannot read `\(path)`: \(reason)")
        if let range { diagnostic.primary = Label(range) }
        return diagnostic
    }

    /// A path a manifest names that lies outside the read roots: it is not read, so no line of
    /// it can reach a snippet.
    static func outsideRoots(_ path: String, what: String, at range: SourceRange?) -> Diagnostic {
        var diagnostic = Diagnostic(
            code: "XPT-E013", severity: .error, message: "\(what) `\(path)` is outside the folders xenpt may read",
            help: [ReadRoots.help])
        if let range { diagnostic.primary = Label(range, "resolves to `\(ReadRoots.resolve(path))`") }
        return diagnostic
    }

    private static func pathPrefix(_ path: DataPath) -> String {
        path.components.isEmpty ? "" : "\(path): "
    }

    /// The known word nearest to `word` by edit distance, if it is close enough to be a typo.
    static func closestMatch(to word: String, in candidates: [String]) -> String? {
        let limit = max(1, word.count / 3)
        var best: (String, Int)?
        let length = word.count
        for candidate in candidates {
            // The distance is at least the difference in length: skip what cannot be close, so
            // a huge word costs nothing more than reading it.
            guard abs(length - candidate.count) <= limit else { continue }
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// A fixed (non-waivable) error code and its documentation.
public struct FixedError: Sendable, Hashable {
    /// The stable code.
    public let code: String
    /// Kebab-case name.
    public let name: String
    /// One-line summary.
    public let summary: String
}

extension Diagnostic {
    /// The same diagnostic with one more secondary label.
    func withSecondary(_ label: Label) -> Diagnostic {
        var copy = self
        copy.secondary.append(label)
        return copy
    }
}
