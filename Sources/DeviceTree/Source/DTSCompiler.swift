import Diagnostics
import Foundation

/// When to run the C preprocessor over a DTS source.
public enum PreprocessorMode: Sendable, Hashable {
    /// Only when the source has a preprocessor directive (`#include`, `#define`, `#if…`).
    case auto
    /// Always.
    case always
    /// Never (dtc's own behaviour).
    case never
}

/// Options for compiling DTS, mirroring the dtc and cpp flags they stand for.
public struct DTSCompileOptions: Sendable, Hashable {
    /// Search directories for `/include/`, `/incbin/` and cpp `#include` (dtc `-i`, cpp `-I`).
    public var includeDirectories: [String]
    /// Add `__symbols__` and keep labelled nodes (dtc `-@`).
    public var generateSymbols: Bool
    /// When to run cpp.
    public var usePreprocessor: PreprocessorMode
    /// Extra cpp definitions (`NAME` or `NAME=VALUE`).
    public var defines: [String]

    /// Creates options; the defaults are plain `dtc -I dts -O dtb`.
    public init(includeDirectories: [String] = [], generateSymbols: Bool = false, usePreprocessor: PreprocessorMode = .auto, defines: [String] = []) {
        self.includeDirectories = includeDirectories
        self.generateSymbols = generateSymbols
        self.usePreprocessor = usePreprocessor
        self.defines = defines
    }
}

/// The DTS compiler: dtc 1.6.1's source language in, the resolved `DeviceTree` out.
public enum DTSCompiler {
    /// Parse + merge + resolve: the tree with all references resolved to numbers/paths and
    /// phandle properties added, exactly what dtc would emit.
    public static func compile(file path: String, options: DTSCompileOptions) -> Result<DeviceTree, DiagnosticList> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(DiagnosticList([Diagnostic(code: "XPT-DTS-IO", severity: .error, message: "cannot read \(path)")]))
        }
        return run(source: [UInt8](data), fileName: path, filePath: path, options: options, resolve: true)
    }

    /// Compiles source text as if it were read from `fileName`.
    public static func compile(source: String, fileName: String, options: DTSCompileOptions) -> Result<DeviceTree, DiagnosticList> {
        run(source: Array(source.utf8), fileName: fileName, filePath: nil, options: options, resolve: true)
    }

    /// Parse only (references unresolved, labels kept) for tools that want the source shape.
    public static func parse(source: String, fileName: String, options: DTSCompileOptions) -> Result<DeviceTree, DiagnosticList> {
        run(source: Array(source.utf8), fileName: fileName, filePath: nil, options: options, resolve: false)
    }

    /// Stack size of the thread the compiler runs on: deep but bounded recursion (1024 levels).
    static let stackSize = 64 << 20

    private static func run(source: [UInt8], fileName: String, filePath: String?, options: DTSCompileOptions, resolve: Bool) -> Result<DeviceTree, DiagnosticList> {
        let box = ResultBox()
        let thread = Thread {
            box.result = pipeline(source: source, fileName: fileName, filePath: filePath, options: options, resolve: resolve)
            box.done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        box.done.wait()
        return box.result ?? .failure(DiagnosticList([]))
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<DeviceTree, DiagnosticList>?
        let done = DispatchSemaphore(value: 0)
    }

    private static func pipeline(source: [UInt8], fileName: String, filePath: String?, options: DTSCompileOptions, resolve: Bool) -> Result<DeviceTree, DiagnosticList> {
        var text = source
        var aliases: [String: String] = [:]
        let useCPP: Bool
        switch options.usePreprocessor {
        case .always: useCPP = true
        case .never: useCPP = false
        case .auto: useCPP = DTSPreprocessor.needsPreprocessing(source)
        }
        if useCPP {
            switch DTSPreprocessor.run(source: source, fileName: fileName, filePath: filePath, options: options) {
            case .success(let output):
                text = output.text
                aliases = output.aliases
            case .failure(let list):
                return .failure(list)
            }
        }
        let directory = (fileName as NSString).deletingLastPathComponent
        let lexer = DTSLexer(source: text, fileName: fileName, directory: directory, includeDirectories: options.includeDirectories)
        lexer.fileNameAliases = aliases
        let parser = DTSParser(lexer: lexer, includeDirectories: options.includeDirectories)
        let parsed: DTSParseResult
        switch parser.parse() {
        case .success(let result): parsed = result
        case .failure(let list): return .failure(list)
        }
        if !resolve {
            let converted = DeviceTree(
                memoryReservations: parsed.memoryReservations,
                root: parsed.tree.root.publicNode(resolved: false),
                bootCPUID: parsed.bootCPUID,
                isPlugin: parsed.isPlugin
            )
            return .success(converted)
        }
        var checks = DTSChecks(tree: parsed.tree, isPlugin: parsed.isPlugin, generateSymbols: options.generateSymbols)
        let errors = checks.run()
        if !errors.isEmpty { return .failure(DiagnosticList(errors)) }
        if options.generateSymbols {
            parsed.tree.generateLabelTree(named: "__symbols__", allocatePhandles: true)
        }
        if parsed.isPlugin {
            if let message = parsed.tree.generateFixups(named: "__fixups__") {
                return .failure(DiagnosticList([Diagnostic(code: "XPT-DTS-FIXUP", severity: .error, message: message)]))
            }
            parsed.tree.generateLocalFixups(named: "__local_fixups__")
        }
        let tree = DeviceTree(
            memoryReservations: parsed.memoryReservations,
            root: parsed.tree.root.publicNode(resolved: true),
            bootCPUID: parsed.bootCPUID,
            isPlugin: parsed.isPlugin
        )
        return .success(tree)
    }
}

extension LiveNode {
    /// The public node for this live node, deleted entries dropped.
    func publicNode(resolved: Bool) -> Node {
        var node = Node(
            name: name,
            labels: liveLabels.map(\.name),
            properties: [],
            children: [],
            location: location,
            omitIfNoReference: omitIfUnused
        )
        node.properties.reserveCapacity(properties.count)
        for property in properties where !property.deleted {
            node.properties.append(Property(
                name: property.name,
                value: resolved ? property.resolvedValue : PropertyValue(property.value.chunks),
                labels: property.liveLabels.map(\.name),
                location: property.location
            ))
        }
        node.children.reserveCapacity(children.count)
        for child in children where !child.deleted {
            node.children.append(child.publicNode(resolved: resolved))
        }
        return node
    }
}

extension LiveProperty {
    /// The value with phandle cells as numbers and path references as strings.
    var resolvedValue: PropertyValue {
        guard value.hasReferences else { return PropertyValue(value.chunks) }
        var phandleIndex = 0
        var pathIndex = 0
        var chunks: [PropertyValue.Chunk] = []
        chunks.reserveCapacity(value.chunks.count)
        for chunk in value.chunks {
            switch chunk {
            case .pathReference:
                chunks.append(.string(pathIndex < resolvedPaths.count ? resolvedPaths[pathIndex] : ""))
                pathIndex += 1
            case .cells(let bits, let cells):
                var out: [PropertyValue.Cell] = []
                out.reserveCapacity(cells.count)
                for cell in cells {
                    if case .phandle = cell {
                        out.append(.number(UInt64(phandleIndex < resolvedPhandles.count ? resolvedPhandles[phandleIndex] : 0xffff_ffff)))
                        phandleIndex += 1
                    } else {
                        out.append(cell)
                    }
                }
                chunks.append(.cells(bits: bits, out))
            default:
                chunks.append(chunk)
            }
        }
        return PropertyValue(chunks)
    }
}
