/// How one file under the output folder differs from what `xenpt build` writes.
public enum OutputDifference: Sendable, Hashable {
    /// The artifact is not there.
    case missing(String)
    /// The file is there with other bytes; where they first differ.
    case stale(String, FirstDifference)
    /// A file named like an artifact in a folder the build writes to, which the build does not
    /// produce (and removes).
    case unexpected(String)

    /// The file's path under the output folder.
    public var path: String {
        switch self {
        case .missing(let path), .stale(let path, _), .unexpected(let path): path
        }
    }
}

/// Where two versions of a file first differ: a line for text, a byte for binary files.
public enum FirstDifference: Sendable, Hashable {
    /// Line `number` (from 1); nil for a version that ends before it.
    case line(number: Int, expected: String?, found: String?)
    /// Byte `offset` (from 0); nil for a version that ends before it.
    case byte(offset: Int, expected: UInt8?, found: UInt8?)

    /// The first difference of `found` from `expected`, by lines when both are text (UTF-8
    /// without NUL), by bytes otherwise; nil when they are equal.
    public static func between(expected: [UInt8], found: [UInt8]) -> FirstDifference? {
        guard expected != found else { return nil }
        func isText(_ bytes: [UInt8]) -> Bool { !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil }
        if isText(expected) && isText(found) {
            let old = found.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let new = expected.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            var index = 0
            while index < old.count, index < new.count, old[index] == new[index] { index += 1 }
            func line(_ lines: [ArraySlice<UInt8>]) -> String? {
                index < lines.count ? String(decoding: lines[index], as: UTF8.self) : nil
            }
            return .line(number: index + 1, expected: line(new), found: line(old))
        }
        var offset = 0
        while offset < expected.count, offset < found.count, expected[offset] == found[offset] { offset += 1 }
        return .byte(offset: offset, expected: offset < expected.count ? expected[offset] : nil,
                     found: offset < found.count ? found[offset] : nil)
    }
}

/// What a build would change under the output folder.
struct OutputSurvey {
    /// An artifact whose file is missing or differs.
    struct Change {
        /// The artifact.
        let artifact: Artifact
        /// Its folder's components under the output folder.
        let folder: [String]
        /// Its file name.
        let name: String
        /// The current bytes, nil when missing.
        let existing: [UInt8]?
    }

    /// Missing or differing artifacts, in artifact order.
    var changed: [Change] = []
    /// Artifacts already in place.
    var unchanged: [String] = []
    /// Artifact-named files in the folders written to that the build does not produce, sorted.
    var unexpected: [String] = []
    /// The same, as differences for `--check`, sorted by path.
    var differences: [OutputDifference] = []
    /// Temporary files of the earlier writer's fixed naming (`.guest.cfg.xenpt-tmp`) beside
    /// artifacts, left by a killed build: removed by the next build.
    var leftovers: [(folder: Int32, name: String)] = []

    /// Reads what is under the walk's root, creating nothing.
    init(_ artifacts: [Artifact], walk: FolderWalk, artifactNames: Set<String>) throws(OutputError) {
        var folders: [[String]: Int32] = [:]
        let paths = Set(artifacts.map(\.path))
        for artifact in artifacts {
            let parts = artifact.path.split(separator: "/").map(String.init)
            let folder = Array(parts.dropLast())
            let name = parts[parts.count - 1]
            var existing: [UInt8]?
            if let descriptor = try walk.folder(folder, create: false) {
                folders[folder] = descriptor
                existing = try FolderWalk.readRegular(descriptor, name, display: walk.display(artifact.path))
            }
            if let existing {
                if let first = FirstDifference.between(expected: artifact.bytes, found: existing) {
                    changed.append(Change(artifact: artifact, folder: folder, name: name, existing: existing))
                    differences.append(.stale(artifact.path, first))
                } else {
                    unchanged.append(artifact.path)
                }
            } else {
                changed.append(Change(artifact: artifact, folder: folder, name: name, existing: nil))
                differences.append(.missing(artifact.path))
            }
        }
        for (folder, descriptor) in folders {
            for entry in FolderWalk.entries(descriptor) where entry.isFile {
                if entry.name.hasPrefix("."), entry.name.hasSuffix(".xenpt-tmp"),
                   artifactNames.contains(String(entry.name.dropFirst().dropLast(".xenpt-tmp".count))) {
                    leftovers.append((descriptor, entry.name))
                }
                guard artifactNames.contains(entry.name) else { continue }
                let path = (folder + [entry.name]).joined(separator: "/")
                if !paths.contains(path) { unexpected.append(path) }
            }
        }
        unexpected.sort()
        differences += unexpected.map { .unexpected($0) }
        differences.sort { $0.path < $1.path }
    }
}
