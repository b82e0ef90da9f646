import Foundation

/// How generated files name their inputs (artifact headers, `plan.json`): relative to the
/// board manifest's folder, the anchor, so the bytes are the same whatever the working folder,
/// however the paths were spelled and wherever the checkout lives.
///
/// A file outside the anchor reached by a relative path keeps its `..` (`../common/soc.dts`),
/// which is still the same in every checkout. A file whose place relative to the anchor goes
/// through an absolute path written in a manifest (`host: /opt/…`, a guest's `board: /opt/…`)
/// is named by its file name alone: the way there differs from one machine to the next, and
/// no generated file may carry the builder's layout.
extension Board {
    /// The board manifest: its file name (it is the anchor's own file).
    public var manifestName: String { PathNormalizer.basename(of: manifest.file) }

    /// The host tree, as the board manifest wrote it.
    public var hostName: String { Self.anchored(manifest.hostAsWritten) }

    /// A guest manifest of this board, relative to the board's folder.
    public func name(ofGuest guest: GuestManifest) -> String {
        guard !guest.boardAsWritten.hasPrefix("/") else { return PathNormalizer.basename(of: guest.file) }
        let anchor = PathNormalizer.directory(of: PathNormalizer.absolute(manifest.file))
        return PathNormalizer.relative(PathNormalizer.absolute(guest.file), from: anchor)
    }

    /// A device class file: shipped classes relative to `schemas/`, the board's own relative
    /// to the board's folder.
    public func displayOrigin(_ origin: String) -> String {
        let root = PathNormalizer.normalize(schemaRoot)
        if let rest = Self.remainder(of: origin, under: root) { return "schemas/" + rest }
        for (folder, written) in zip(manifest.schemaDirectories, manifest.schemaDirectoriesAsWritten) {
            if let rest = Self.remainder(of: origin, under: PathNormalizer.normalize(folder.value)) {
                return Self.anchored(PathNormalizer.join(written, rest))
            }
        }
        return PathNormalizer.basename(of: origin)
    }

    /// A path a manifest wrote relative to the anchor, or its file name when it is absolute.
    static func anchored(_ written: String) -> String {
        written.hasPrefix("/") ? PathNormalizer.basename(of: written) : PathNormalizer.normalize(written)
    }

    /// The part of `path` below `folder`, or nil when it is not below it.
    static func remainder(of path: String, under folder: String) -> String? {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }
}

extension PathNormalizer {
    /// `path` made absolute against the working folder, normalised lexically.
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? normalize(path) : join(FileManager.default.currentDirectoryPath, path)
    }

    /// `path` relative to `folder`, both absolute and normalised: `..` for each component of
    /// `folder` past the common prefix, then the rest of `path`.
    public static func relative(_ path: String, from folder: String) -> String {
        let target = path.split(separator: "/")
        let base = folder.split(separator: "/")
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
