import DeviceTree
import Diagnostics
import Foundation

/// Everything one run works on: the boards and guests found from the paths given, their
/// source texts (for rendering snippets), and every problem met while loading.
public struct Workspace: Sendable {
    /// Boards by manifest file.
    public let boards: [String: Board]
    /// Guests in file order.
    public let guests: [Guest]
    /// Manifest and host-tree texts, for rendering.
    public let sources: SourceStore
    /// Loading problems (fixed errors).
    public let diagnostics: [Diagnostic]
    /// The shipped schemas (Xen releases and device classes), nil when they did not load.
    public let catalog: SchemaCatalog?
    /// The folders this run may read: nothing outside them was read, and a renderer must not
    /// read a snippet from outside them either (a location can name any file: a DTS line
    /// marker `# 1 "/etc/shadow"` does).
    public var readRoots = ReadRoots()

    /// The board of a guest.
    public func board(of guest: Guest) -> Board? { boards[guest.boardFile] }
}

/// Finds, reads and checks manifests, host trees and schemas.
///
/// Every file a manifest or a host tree names (`host:`, `include-dirs`, `schemas:`, a guest's
/// `board:`, `/include/`, `/incbin/`, `#include`) is read only when it lies, symbolic links
/// followed, inside the read roots: the workspace root of each path given to `load` (see
/// `ReadRoots.workspaceRoot`), the shipped schemas, the command line's include folders and
/// `allowedFolders`. Anything else is a located `XPT-E013` (`XPT-DTS-OUTSIDE-ROOTS` inside a
/// tree) and is not read.
public struct WorkspaceLoader {
    /// The shipped `schemas/` folder.
    public let schemaRoot: String
    /// Extra include folders for host DTS (`-I`).
    public let includeDirectories: [String]
    /// More folders the inputs may read from (`--allow-read`).
    public let allowedFolders: [String]

    /// Creates a loader.
    public init(schemaRoot: String, includeDirectories: [String] = [], allowedFolders: [String] = []) {
        self.schemaRoot = schemaRoot
        self.includeDirectories = includeDirectories
        self.allowedFolders = allowedFolders
    }

    /// The folders a run on `paths` may read.
    public func readRoots(for paths: [String]) -> ReadRoots {
        var roots = ReadRoots(paths.map { ReadRoots.workspaceRoot(of: $0) })
        for folder in [schemaRoot] + includeDirectories + allowedFolders { roots.add(folder) }
        return roots
    }

    /// Loads every manifest named by `paths` (files, or folders searched for `*.yaml`).
    public func load(paths: [String]) -> Workspace {
        load(paths: paths, reusing: nil)
    }

    /// Loads the manifests named by `paths` on top of `base`: its boards, their sources and its
    /// schemas are taken as loaded, not read again (a tool that plans many guests for one board
    /// loads the board once). `base`'s guests and diagnostics are not carried over.
    public func load(paths: [String], reusing base: Workspace?) -> Workspace {
        var roots = readRoots(for: paths)
        if let base { roots.add(base.readRoots) }
        var workspace = load(paths: paths, reusing: base, roots: roots)
        workspace.readRoots = roots
        return workspace
    }

    private func load(paths: [String], reusing base: Workspace?, roots: ReadRoots) -> Workspace {
        var diagnostics: [Diagnostic] = []
        var sources = base?.sources ?? SourceStore()
        var documents: [(file: String, root: YAMLNode, kind: ManifestLoader.Kind)] = []
        var seen = Set(base.map { Array($0.boards.keys) } ?? [])

        func read(_ file: String, explicit: Bool, requestedBy: SourceRange? = nil) -> (YAMLNode, ManifestLoader.Kind)? {
            guard roots.permits(file) else {
                diagnostics.append(ManifestError.outsideRoots(file, what: "manifest", at: requestedBy))
                return nil
            }
            let (root, text, problems) = YAMLLoader.load(path: file, displayPath: file, requestedBy: requestedBy)
            if let text { sources.add(path: file, text: text) }
            diagnostics += problems
            guard let root else { return nil }
            guard let kind = ManifestLoader.kind(of: root) else {
                if explicit {
                    diagnostics.append(ManifestError.invalidValue(
                        "not a board or guest manifest", at: root.range, path: DataPath(),
                        help: ["a board manifest starts with `board:` and `host:`, a guest manifest with `guest:`"]))
                }
                return nil
            }
            return (root, kind)
        }

        for path in paths.map(PathNormalizer.normalize) {
            if let problem = InputFile.problem(at: path) {
                diagnostics.append(ManifestError.unreadableFile(path, reason: problem == .missing ? "no such file or folder" : problem.description, at: nil))
                continue
            }
            let isDirectory = InputFile.isFolder(path)
            let files = isDirectory ? Self.manifestFiles(under: path) : [path]
            let before = documents.count
            for file in files where seen.insert(file).inserted {
                if let (root, kind) = read(file, explicit: !isDirectory) { documents.append((file, root, kind)) }
            }
            if isDirectory, documents.count == before, !files.contains(where: { file in diagnostics.contains { $0.location?.file == file } }) {
                diagnostics.append(ManifestError.unreadableFile(path, reason: "no board or guest manifest in this folder", at: nil))
            }
        }

        var boardManifests: [String: BoardManifest] = [:]
        var guestManifests: [GuestManifest] = []
        for document in documents {
            switch document.kind {
            case .board:
                if let board = ManifestLoader.board(document.root, file: document.file, diagnostics: &diagnostics) {
                    boardManifests[document.file] = board
                }
            case .guest:
                if let guest = ManifestLoader.guest(document.root, file: document.file, diagnostics: &diagnostics) {
                    guestManifests.append(guest)
                }
            }
        }
        // Boards named by guests but not found among the paths.
        let kinds = Dictionary(documents.map { ($0.file, $0.kind) }, uniquingKeysWith: { first, _ in first })
        for guest in guestManifests where kinds[guest.board.value] == .guest {
            diagnostics.append(ManifestError.invalidValue("`\(guest.board.value)` is a guest manifest, not a board", at: guest.board.range, path: guest.board.path,
                                                          help: ["name the board manifest (the file with `board:` and `host:`)"]))
        }
        for guest in guestManifests where boardManifests[guest.board.value] == nil && !seen.contains(guest.board.value) {
            seen.insert(guest.board.value)
            guard let (root, kind) = read(guest.board.value, explicit: true, requestedBy: guest.board.range) else { continue }
            guard kind == .board else {
                diagnostics.append(ManifestError.invalidValue("`\(guest.board.value)` is not a board manifest", at: guest.board.range, path: guest.board.path))
                continue
            }
            if let board = ManifestLoader.board(root, file: guest.board.value, diagnostics: &diagnostics) {
                boardManifests[guest.board.value] = board
            }
        }

        let (shipped, schemaProblems): (SchemaCatalog?, [Diagnostic])
        if let catalog = base?.catalog {
            (shipped, schemaProblems) = (catalog, [])
        } else {
            (shipped, schemaProblems) = SchemaLoader.load(schemaRoot: schemaRoot, extraDeviceDirectories: [])
        }
        diagnostics += schemaProblems
        guard let shipped else {
            return Workspace(boards: [:], guests: [], sources: sources, diagnostics: diagnostics, catalog: nil)
        }

        var boards = base?.boards ?? [:]
        for (file, manifest) in boardManifests.sorted(by: { $0.key < $1.key }) {
            if let board = loadBoard(manifest, shipped: shipped, roots: roots, sources: &sources, diagnostics: &diagnostics) {
                boards[file] = board
            }
        }
        // Names are output folders (`out/<board>/<guest>`): two of one name would overwrite each
        // other, and so would two that differ only in case on a case-insensitive file system.
        var boardNames: [String: BoardManifest] = [:]
        for (_, board) in boards.sorted(by: { $0.key < $1.key }) {
            let key = ManifestText.folderKey(board.name)
            if let first = boardNames[key] {
                diagnostics.append(Self.duplicateName("board", board.manifest.name, first: first.name))
            } else {
                boardNames[key] = board.manifest
            }
        }
        var guestNames: [String: Located<String>] = [:]
        var guests: [Guest] = []
        for manifest in guestManifests.sorted(by: { $0.file < $1.file }) {
            guard let board = boards[manifest.board.value] else { continue }
            let key = ManifestText.folderKey(board.name) + "/" + ManifestText.folderKey(manifest.name.value)
            if let first = guestNames[key] {
                diagnostics.append(Self.duplicateName("guest", manifest.name, first: first))
                continue
            }
            guestNames[key] = manifest.name
            if let guest = loadGuest(manifest, board: board, catalog: shipped, sources: sources, diagnostics: &diagnostics) {
                guests.append(guest)
            }
        }
        return Workspace(boards: boards, guests: guests, sources: sources, diagnostics: diagnostics, catalog: shipped)
    }

    /// `*.yaml` and `*.yml` files below a folder, sorted, skipping hidden folders.
    static func manifestFiles(under folder: String) -> [String] {
        // A folder given as a symbolic link is walked at its target (the enumerator would not
        // enter it), while the files keep the path the user gave.
        let walked = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: walked) else { return [] }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { out.append(PathNormalizer.join(folder, relative)) }
        }
        return out.sorted()
    }

    // MARK: - Boards

    func loadBoard(_ manifest: BoardManifest, shipped: SchemaCatalog, roots: ReadRoots, sources: inout SourceStore, diagnostics: inout [Diagnostic]) -> Board? {
        let hostPath = manifest.host.value
        guard roots.permits(hostPath) else {
            diagnostics.append(ManifestError.outsideRoots(hostPath, what: "host tree", at: manifest.host.range))
            return nil
        }
        let bytes: [UInt8]
        switch InputFile.read(hostPath, limit: InputFile.treeSizeLimit) {
        case .success(let read): bytes = read
        case .failure(let failure):
            diagnostics.append(ManifestError.unreadableFile(hostPath, reason: failure.description, at: manifest.host.range))
            return nil
        }
        let tree: DeviceTree
        if hostPath.hasSuffix(".dtb") || bytes.starts(with: [0xd0, 0x0d, 0xfe, 0xed]) {
            do { tree = try DTBReader.read(bytes) } catch {
                diagnostics.append(Diagnostic(code: "XPT-E009", severity: .error, message: "host tree `\(hostPath)`: \(error)",
                                              primary: Label(manifest.host.range, "named here")))
                return nil
            }
        } else {
            var options = DTSCompileOptions(readRoots: roots)
            guard let folders = Self.folders(manifest.includeDirectories, what: "include folder", roots: roots, schemaFolders: false, diagnostics: &diagnostics) else { return nil }
            options.includeDirectories = folders + includeDirectories
            sources.add(path: hostPath, text: String(decoding: bytes, as: UTF8.self))
            switch DTSCompiler.compile(bytes: bytes, path: hostPath, options: options) {
            case .success(let compiled): tree = compiled
            case .failure(let list):
                // cpp's own failures (a limit passed, no memory) name the host file, not a line of
                // it: the manifest line that asked for the tree is shown with them.
                diagnostics += list.diagnostics.map { diagnostic in
                    guard diagnostic.code == "XPT-DTS-PREPROCESSOR", diagnostic.primary?.range.file == hostPath,
                          diagnostic.primary?.range.start.line == 1, diagnostic.primary?.message == "while preprocessing this file" else { return diagnostic }
                    return diagnostic.withSecondary(Label(manifest.host.range, "host tree named here"))
                }
                return nil
            }
        }
        let index = DeviceTreeIndex(tree)

        var classes = shipped.devices
        guard let folders = Self.folders(manifest.schemaDirectories, what: "schema folder", roots: roots, schemaFolders: true, diagnostics: &diagnostics) else { return nil }
        if !folders.isEmpty {
            let (catalog, problems) = SchemaLoader.load(schemaRoot: schemaRoot, extraDeviceDirectories: folders)
            diagnostics += problems
            guard let catalog else { return nil }
            classes = catalog.devices
        }
        var xen: XenVersion?
        if let text = manifest.xen {
            xen = XenVersion(text.value)
            if xen.flatMap(shipped.release) == nil {
                diagnostics.append(Self.unknownRelease(text, known: shipped.versions))
                xen = nil
            }
        }
        var annotations: [NodeID: DeviceAnnotation] = [:]
        for annotation in manifest.devices {
            guard let node = index.lookup(annotation.device.value) else {
                diagnostics.append(Self.unknownDevice(annotation.device, index: index, host: hostPath))
                continue
            }
            if let name = annotation.className, classes.named(name.value) == nil {
                diagnostics.append(ManifestError.invalidValue(
                    "no device class named `\(name.value)`", at: name.range, path: name.path,
                    help: ManifestError.closestMatch(to: name.value, in: classes.classes.map(\.name)).map { ["did you mean `\($0)`?"] } ?? []))
            }
            annotations[node] = annotation
        }
        return Board(manifest: manifest, index: index, manifestHash: SHA256.hex(Array((sources[manifest.file]?.text ?? "").utf8)),
                     hostHash: SHA256.hex(bytes), xen: xen, annotations: annotations, classes: classes, schemaRoot: schemaRoot)
    }

    // MARK: - Guests

    func loadGuest(_ manifest: GuestManifest, board: Board, catalog: SchemaCatalog, sources: SourceStore, diagnostics: inout [Diagnostic]) -> Guest? {
        var version = board.xen
        if let text = manifest.xen {
            guard let parsed = XenVersion(text.value), catalog.release(parsed) != nil else {
                diagnostics.append(Self.unknownRelease(text, known: catalog.versions))
                return nil
            }
            version = parsed
        }
        guard let version, let release = catalog.release(version) else {
            if manifest.xen == nil, board.xen == nil {
                diagnostics.append(Diagnostic(
                    code: "XPT-E005", severity: .error, message: "no Xen release for guest `\(manifest.name.value)`",
                    primary: Label(manifest.name.range), help: ["add `xen: \"4.17\"` (or your release) here or in the board manifest"]))
            }
            return nil
        }
        guard let memory = manifest.memory else { return nil }
        // The guest's RAM lives in the release's RAM banks; more than they hold cannot be placed.
        let banks = release.windows.filter(\.isRAM)
        let capacity = banks.reduce(UInt64(0)) { total, bank in
            let (sum, overflow) = total.addingReportingOverflow(bank.size)
            return overflow ? UInt64.max : sum
        }
        if !banks.isEmpty, memory.value > capacity {
            diagnostics.append(ManifestError.invalidValue(
                "\(memory.value >> 20) MiB is more than the Xen \(release.version) guest map holds", at: memory.range, path: memory.path,
                help: ["the RAM banks of the guest map hold \(capacity >> 20) MiB (\(banks.map { "`\($0.name)` \($0.size >> 20) MiB" }.joined(separator: ", ")))"]))
            return nil
        }
        var devices: [(PassthroughEntry, NodeID)] = []
        var ok = true
        for entry in manifest.passthrough {
            guard let node = board.index.lookup(entry.device.value) else {
                diagnostics.append(Self.unknownDevice(entry.device, index: board.index, host: board.manifest.host.value))
                ok = false
                continue
            }
            devices.append((entry, node))
        }
        guard ok else { return nil }
        return Guest(manifest: manifest, manifestHash: SHA256.hex(Array((sources[manifest.file]?.text ?? "").utf8)),
                     boardFile: board.manifest.file, release: release, devices: devices.map { (entry: $0.0, node: $0.1) })
    }

    /// The folders a manifest lists, or nil when one is not a folder or lies outside `roots`
    /// (or, for `schemaFolders`, holds a `*.yaml` that does, through a symbolic link): that one
    /// is blamed on the manifest line naming it (`schemas: [128]` is a folder named `128`).
    /// Files read from include folders are checked as they are opened.
    static func folders(_ listed: [Located<String>], what: String, roots: ReadRoots, schemaFolders: Bool, diagnostics: inout [Diagnostic]) -> [String]? {
        var out: [String] = []
        for folder in listed {
            guard roots.permits(folder.value) else {
                diagnostics.append(ManifestError.outsideRoots(folder.value, what: what, at: folder.range))
                return nil
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.value, isDirectory: &isDirectory), isDirectory.boolValue else {
                diagnostics.append(SchemaError.missingFolder(folder.value, at: folder.range))
                return nil
            }
            if schemaFolders, let outside = (SchemaLoader.yamlFiles(in: folder.value) ?? []).map({ PathNormalizer.join(folder.value, $0) }).first(where: { !roots.permits($0) }) {
                diagnostics.append(ManifestError.outsideRoots(outside, what: "file", at: folder.range))
                return nil
            }
            out.append(folder.value)
        }
        return out
    }

    // MARK: - Errors

    static func duplicateName(_ kind: String, _ name: Located<String>, first: Located<String>) -> Diagnostic {
        let sameCase = first.value == name.value
        return ManifestError.invalidValue(
            sameCase ? "another \(kind) is already named `\(name.value)`"
                : "another \(kind) is already named `\(first.value)`, which differs only in case",
            at: name.range, path: name.path,
            help: ["\(kind) names must be unique: they name the output folders"
                + (sameCase ? "" : ", and some file systems do not tell upper from lower case")])
            .withSecondary(Label(first.range, "first named here"))
    }

    static func unknownRelease(_ text: Located<String>, known: [XenVersion]) -> Diagnostic {
        let list = known.map(\.description)
        return ManifestError.invalidValue(
            "Xen \(text.value) is not a release xenpt knows", at: text.range, path: text.path,
            help: ["known releases: \(list.first ?? "") to \(list.last ?? "")"])
    }

    static func unknownDevice(_ reference: Located<String>, index: DeviceTreeIndex, host: String) -> Diagnostic {
        var help: [String] = []
        let candidates = index.allNodes.map(index.path)
        if reference.value.hasPrefix("/"), let near = ManifestError.closestMatch(to: reference.value, in: candidates) {
            help.append("did you mean `\(near)`?")
        } else if reference.value.hasPrefix("&"), let near = ManifestError.closestMatch(to: String(reference.value.dropFirst()), in: index.labels.keys.sorted()) {
            help.append("did you mean `&\(near)`?")
        } else {
            help.append("name a node by its full path (`/soc/serial@…`), a `&label` or an `/aliases` name")
        }
        return Diagnostic(code: "XPT-E008", severity: .error, message: "`\(reference.value)` is not a node of the host tree",
                          primary: Label(reference.range, "not found in \(host)"), help: help, dataPath: reference.path.description)
    }
}
