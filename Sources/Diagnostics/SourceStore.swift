/// The source files a run has read, by path, so renderers can draw snippets from any of them.
///
/// Manifests, schema files and device-tree sources all go in the same store; the key is the
/// path exactly as it appears in `SourceLocation.file`.
public struct SourceStore: Sendable, Hashable {
    /// The files, keyed by `SourceFile.path`.
    public private(set) var files: [String: SourceFile]

    /// Creates a store holding `files`; a later file with the same path replaces an earlier one.
    public init(_ files: [SourceFile] = []) {
        self.files = [:]
        for file in files { add(file) }
    }

    /// Adds `file`, replacing any file with the same path.
    public mutating func add(_ file: SourceFile) {
        files[file.path] = file
    }

    /// Adds a file made of `path` and `text`, replacing any file with the same path.
    public mutating func add(path: String, text: String) {
        add(SourceFile(path: path, text: text))
    }

    /// The file at `path`, if the store has it.
    public subscript(path: String) -> SourceFile? { files[path] }

    /// The paths held, sorted.
    public var paths: [String] { files.keys.sorted() }

    /// The text of line `location.line` in `location.file`, if both are known.
    public func line(at location: SourceLocation) -> Substring? {
        files[location.file]?.line(location.line)
    }
}
