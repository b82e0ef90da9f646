import Diagnostics

/// Diagnostics for mistakes in schema files. They use the fixed manifest error codes: a broken
/// schema file is as untrustworthy as a broken manifest.
enum SchemaError {
    static func notHexadecimal(_ text: String, at range: SourceRange, path: DataPath) -> Diagnostic {
        ManifestError.invalidValue(
            "`\(text)` is not a hexadecimal number", at: range, path: path,
            help: ["write `0x` followed by hexadecimal digits, e.g. `\"0x03001000\"`"])
    }

    static func duplicate(_ what: String, _ name: String, at range: SourceRange, first: SourceRange?, path: DataPath) -> Diagnostic {
        var diagnostic = ManifestError.invalidValue("duplicate \(what) `\(name)`", at: range, path: path)
        if let first { diagnostic.secondary = [Label(first, "first given here")] }
        return diagnostic
    }

    static func missingFolder(_ path: String, at range: SourceRange? = nil) -> Diagnostic {
        ManifestError.unreadableFile(path, reason: "no such folder", at: range)
    }

    static func noGenericClass(searched: [String]) -> Diagnostic {
        Diagnostic(
            code: "XPT-E005", severity: .error, message: "no `generic` device class in the schema folders",
            help: ["add `generic.yaml` with `class: generic` to one of: " + searched.map { "`\($0)`" }.joined(separator: ", ")])
    }
}
