import Diagnostics
import Foundation

/// Loads `schemas/` (Xen releases and device classes) through the manifest YAML loader, so every
/// mistake in a schema file is reported with its file, line and column.
public enum SchemaLoader {
    /// Loads `<schemaRoot>/xen/*.yaml` and `<schemaRoot>/devices/*.yaml`, then each extra device
    /// folder in order. A class in a later folder replaces an earlier class of the same name, and
    /// takes over every compatible it lists. The catalog is nil when any error was found.
    public static func load(schemaRoot: String, extraDeviceDirectories: [String]) -> (SchemaCatalog?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let releases = loadReleases(directory: PathNormalizer.join(schemaRoot, "xen"), diagnostics: &diagnostics)
        let folders = [PathNormalizer.join(schemaRoot, "devices")] + extraDeviceDirectories
        var layers: [[WrittenDeviceClass]] = []
        var genericWritten = false
        for folder in folders {
            let (layer, sawGeneric) = loadClasses(directory: folder, diagnostics: &diagnostics)
            layers.append(layer)
            genericWritten = genericWritten || sawGeneric
        }
        let devices = combine(layers: layers, folders: folders, genericWritten: genericWritten, diagnostics: &diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }), let devices else { return (nil, diagnostics) }
        return (SchemaCatalog(releases: releases, devices: devices), diagnostics)
    }

    /// The releases of `<schemaRoot>/xen`, oldest first; nil when the folder is missing or any
    /// release file has an error (documentation then goes without its per-release facts).
    public static func releases(schemaRoot: String) -> [XenRelease]? {
        var diagnostics: [Diagnostic] = []
        let releases = loadReleases(directory: PathNormalizer.join(schemaRoot, "xen"), diagnostics: &diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }), !releases.isEmpty else { return nil }
        return releases.values.sorted { $0.version < $1.version }
    }

    /// Where the shipped `schemas/` folder is: `$XENPT_SCHEMAS`; else `<prefix>/share/xenpt/schemas`
    /// for an executable in `<prefix>/bin` (an installed copy, even one installed inside a
    /// checkout); else the first folder above the executable that holds `schemas/xen` (a
    /// build in a checkout); nil when none exists. Symbolic links to the executable are
    /// resolved first, so a link on PATH finds the schemas of the copy it points to.
    public static func locateShippedSchemas(executablePath: String?) -> String? {
        locateShippedSchemas(executablePath: executablePath, environment: ProcessInfo.processInfo.environment)
    }

    static func locateShippedSchemas(executablePath: String?, environment: [String: String]) -> String? {
        if let explicit = environment["XENPT_SCHEMAS"], !explicit.isEmpty { return explicit }
        guard let executablePath, !executablePath.isEmpty else { return nil }
        let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().path
        let prefix = PathNormalizer.directory(of: PathNormalizer.directory(of: resolved))
        let installed = PathNormalizer.join(prefix, "share/xenpt/schemas")
        if isDirectory(PathNormalizer.join(installed, "xen")) { return installed }
        var folder = PathNormalizer.directory(of: resolved)
        while true {
            let candidate = PathNormalizer.join(folder, "schemas")
            if isDirectory(PathNormalizer.join(candidate, "xen")) { return candidate }
            if folder == "/" || folder == "." { break }
            folder = PathNormalizer.directory(of: folder)
        }
        return nil
    }

    // MARK: - Xen releases

    static func loadReleases(directory: String, diagnostics: inout [Diagnostic]) -> [XenVersion: XenRelease] {
        guard let names = yamlFiles(in: directory) else {
            diagnostics.append(SchemaError.missingFolder(directory))
            return [:]
        }
        var read: [ReadRelease] = []
        for name in names {
            let file = PathNormalizer.join(directory, name)
            let stem = String(name.dropLast(".yaml".count))
            let fileVersion = XenVersion(stem)
            let (root, _, parseDiagnostics) = YAMLLoader.load(path: file, displayPath: file)
            diagnostics += parseDiagnostics
            guard let root else { continue }
            if fileVersion == nil {
                diagnostics.append(ManifestError.invalidValue(
                    "file name `\(name)` is not a Xen release", at: SourceRange(start: SourceLocation(file: file, line: 1, column: 1)),
                    path: DataPath(), help: ["name release files `MAJOR.MINOR.yaml`, e.g. `4.17.yaml`"]))
            }
            if let release = XenReleaseReader.read(root, file: file, fileVersion: fileVersion, diagnostics: &diagnostics) {
                read.append(release)
            }
        }
        checkCapabilityStarts(read, diagnostics: &diagnostics)
        // Each release learns when the capabilities it lacks arrive, from the files that have them.
        var starts: [XenCapability: XenVersion] = [:]
        for entry in read {
            for (capability, since) in entry.capabilitySince where starts[capability].map({ since.value < $0 }) ?? true {
                starts[capability] = since.value
            }
        }
        return Dictionary(read.map { entry in
            var release = entry.release
            release.capabilityStarts = starts
            return (release.version, release)
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Every `since` of a capability must name the first loaded release that lists it.
    private static func checkCapabilityStarts(_ releases: [ReadRelease], diagnostics: inout [Diagnostic]) {
        var first: [XenCapability: XenVersion] = [:]
        for entry in releases {
            for capability in entry.release.capabilities {
                if let known = first[capability], known <= entry.release.version { continue }
                first[capability] = entry.release.version
            }
        }
        let oldest = releases.map(\.release.version).min()
        for entry in releases {
            for (capability, since) in entry.capabilitySince {
                guard let start = first[capability], since.value != start else { continue }
                // A start before every loaded release cannot be checked against the files.
                if since.value < start, let oldest, start == oldest { continue }
                diagnostics.append(ManifestError.invalidValue(
                    "capability `\(capability.rawValue)` first appears in release \(start), not \(since.value)",
                    at: since.range, path: since.path))
            }
        }
    }

    // MARK: - Device classes

    /// The classes of one folder, and whether any file there declares `class: generic` (read or not).
    static func loadClasses(directory: String, diagnostics: inout [Diagnostic]) -> ([WrittenDeviceClass], Bool) {
        guard let names = yamlFiles(in: directory) else {
            diagnostics.append(SchemaError.missingFolder(directory))
            return ([], false)
        }
        var sawGeneric = false
        var classes: [WrittenDeviceClass] = []
        var classNames: [String: SourceRange] = [:]
        var owners: [String: SourceRange] = [:]
        for name in names {
            let file = PathNormalizer.join(directory, name)
            let (root, _, parseDiagnostics) = YAMLLoader.load(path: file, displayPath: file)
            diagnostics += parseDiagnostics
            guard let root else { continue }
            if root["class"]?.scalar == "generic" { sawGeneric = true }
            guard let written = DeviceClassReader.read(root, file: file, diagnostics: &diagnostics) else { continue }
            if let earlier = classNames[written.name.value] {
                diagnostics.append(SchemaError.duplicate("device class", written.name.value, at: written.name.range, first: earlier, path: written.name.path))
                continue
            }
            classNames[written.name.value] = written.name.range
            for compatible in written.compatibles {
                if let earlier = owners[compatible.value] {
                    var diagnostic = ManifestError.invalidValue(
                        "compatible `\(compatible.value)` is already claimed by another class in this folder", at: compatible.range, path: compatible.path,
                        help: ["keep each compatible in one class; a class in a later folder may take it over"])
                    diagnostic.secondary = [Label(earlier, "claimed here")]
                    diagnostics.append(diagnostic)
                }
                owners[compatible.value] = owners[compatible.value] ?? compatible.range
            }
            classes.append(written)
        }
        return (classes, sawGeneric)
    }

    private static func combine(layers: [[WrittenDeviceClass]], folders: [String], genericWritten: Bool, diagnostics: inout [Diagnostic]) -> DeviceClassCatalog? {
        var byName: [String: WrittenDeviceClass] = [:]
        var owners: [String: String] = [:]
        for layer in layers {
            for written in layer {
                let name = written.name.value
                if byName[name] != nil { owners = owners.filter { $0.value != name } }
                byName[name] = written
                for compatible in written.compatibles { owners[compatible.value] = name }
            }
        }
        guard let generic = byName["generic"] else {
            // A generic class that failed to read has its own diagnostics already.
            if !genericWritten { diagnostics.append(SchemaError.noGenericClass(searched: folders)) }
            return nil
        }
        let classes = byName.values
            .filter { $0.name.value != "generic" }
            .sorted { $0.name.value < $1.name.value }
            .map { $0.merged(with: generic) }
        return DeviceClassCatalog(classes: classes, generic: generic.merged(with: nil), owners: owners)
    }

    // MARK: - Files

    static func yamlFiles(in directory: String) -> [String]? {
        guard isDirectory(directory), let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted()
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
