/// A GitLab Code Quality report: the Code Climate issue subset GitLab reads, one object per
/// finding, keys in a fixed order.
///
/// ```
/// {
///   "description": "XPT-IRQ-002: …message…",
///   "check_name": "XPT-IRQ-002",
///   "fingerprint": "9f0c…",            // 16 hex digits
///   "severity": "major",               // error major, warning minor, info info
///   "location": {"path": "net.yaml", "lines": {"begin": 9}}
/// }
/// ```
/// GitLab needs a location on every issue: an unlocated finding takes the first file any of
/// its labels or notes names, else `.`, and line 1 when the line is unknown. The fingerprint
/// (FNV-1a, 64 bits) hashes the code, path, device path, data path and message but not the
/// line, so a finding keeps its identity when lines move; the n-th repeat of the same finding
/// also hashes n, so fingerprints in one report are distinct.
public struct CodeClimateRenderer: DiagnosticRenderer {
    /// Creates a Code Quality renderer.
    public init() {}

    /// The array of issues in the order given, ending in a newline.
    public func render(_ diagnostics: [Diagnostic], sources: SourceStore) -> String {
        var seen: [String: Int] = [:]
        let issues = diagnostics.map { diagnostic -> JSONValue in
            let (path, line) = Self.location(diagnostic)
            let identity = [diagnostic.code, path, diagnostic.devicePath ?? "", diagnostic.dataPath ?? "", diagnostic.message]
                .joined(separator: "\u{0}")
            let repeatIndex = seen[identity, default: 0]
            seen[identity] = repeatIndex + 1
            return .object([
                ("description", .string(diagnostic.code.isEmpty ? diagnostic.message : "\(diagnostic.code): \(diagnostic.message)")),
                ("check_name", .string(diagnostic.code)),
                ("fingerprint", .string(Self.fingerprint(identity + "\u{0}\(repeatIndex)"))),
                ("severity", .string(Self.severity(diagnostic.severity))),
                ("location", .object([("path", .string(path)), ("lines", .object([("begin", .int(line))]))])),
            ])
        }
        return JSONValue.array(issues).text
    }

    /// The Code Quality severity for a severity.
    public static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: "major"
        case .warning: "minor"
        case .info: "info"
        }
    }

    /// The file and 1-based line an issue is shown at.
    static func location(_ diagnostic: Diagnostic) -> (String, Int) {
        let ranges = [diagnostic.primary?.range] + diagnostic.secondary.map(\.range) + diagnostic.notes.map(\.range)
        guard let range = ranges.compactMap({ $0 }).first(where: { !$0.file.isEmpty }) else { return (".", 1) }
        var path = range.file
        while path.hasPrefix("./") { path.removeFirst(2) }
        return (path, max(1, range.start.line))
    }

    /// 16 lowercase hex digits of the FNV-1a 64-bit hash of the UTF-8 bytes.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
