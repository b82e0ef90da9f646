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
    /// Keep typed chunks (strings, cells, bytes) in the compiled tree's values, for printers.
    /// Off by default: values are then single `.bytes` chunks, which costs far less memory on
    /// large trees. `parse` always keeps the source shape.
    public var preserveValueShapes: Bool
    /// The folders `/include/`, `/incbin/` and cpp `#include` may read from, or nil to read
    /// wherever the source points (dtc's behaviour). A file outside them is refused with
    /// `XPT-DTS-OUTSIDE-ROOTS`, never read.
    public var readRoots: ReadRoots?

    /// Creates options; the defaults are plain `dtc -I dts -O dtb`.
    public init(
        includeDirectories: [String] = [], generateSymbols: Bool = false, usePreprocessor: PreprocessorMode = .auto,
        defines: [String] = [], preserveValueShapes: Bool = false, readRoots: ReadRoots? = nil
    ) {
        self.includeDirectories = includeDirectories
        self.generateSymbols = generateSymbols
        self.usePreprocessor = usePreprocessor
        self.defines = defines
        self.preserveValueShapes = preserveValueShapes
        self.readRoots = readRoots
    }
}

/// The DTS compiler: dtc 1.6.1's source language in, the resolved `DeviceTree` out.
public enum DTSCompiler {
    /// Parse + merge + resolve: the tree with all references resolved to numbers/paths and
    /// phandle properties added, exactly what dtc would emit.
    public static func compile(file path: String, options: DTSCompileOptions) -> Result<DeviceTree, DiagnosticList> {
        switch InputFile.read(path, limit: InputFile.treeSizeLimit) {
        case .success(let bytes):
            return compile(bytes: bytes, path: path, options: options)
        case .failure(let failure):
            return .failure(DiagnosticList([Diagnostic(code: "XPT-DTS-IO", severity: .error, message: "cannot read `\(path)`: \(failure)")]))
        }
    }

    /// Compiles source bytes already read from `path` (includes are found relative to it).
    public static func compile(bytes: [UInt8], path: String, options: DTSCompileOptions) -> Result<DeviceTree, DiagnosticList> {
        run(source: bytes, fileName: path, filePath: path, options: options, resolve: true)
    }

    /// Compiles source bytes read from `path`, also naming every other file the tree was made
    /// from (included, `/incbin/`, or read by cpp), so a cache can tell when it is stale.
    public static func compileTracked(bytes: [UInt8], path: String, options: DTSCompileOptions) -> Result<DTSCompilation, DiagnosticList> {
        runTracked(source: bytes, fileName: path, filePath: path, options: options, resolve: true)
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

    private static func run(source: consuming [UInt8], fileName: String, filePath: String?, options: DTSCompileOptions, resolve: Bool) -> Result<DeviceTree, DiagnosticList> {
        runTracked(source: source, fileName: fileName, filePath: filePath, options: options, resolve: resolve).map(\.tree)
    }

    private static func runTracked(source: consuming [UInt8], fileName: String, filePath: String?, options: DTSCompileOptions, resolve: Bool) -> Result<DTSCompilation, DiagnosticList> {
        onCompilerThread(source: source) { box in
            pipeline(box: box, fileName: fileName, filePath: filePath, options: options, resolve: resolve)
        }
    }

    /// Compiles source bytes read from `path` straight to the blob `DTBWriter.write` gives for
    /// the compiled tree, without building the public tree (what `dtc -I dts -O dtb` does).
    public static func compileBlob(bytes: [UInt8], path: String, options: DTSCompileOptions) -> Result<[UInt8], DTSBlobFailure> {
        onCompilerThread(source: bytes) { box -> Result<[UInt8], DTSBlobFailure> in
            let parsed: DTSParseResult
            switch parse(box: box, fileName: path, filePath: path, options: options, keepShapes: options.preserveValueShapes) {
            case .success(let result): parsed = result
            case .failure(let list): return .failure(.diagnostics(list))
            }
            if let list = finish(parsed, options: options) { return .failure(.diagnostics(list)) }
            do throws(DTBWriteError) {
                return .success(try DTBWriter.write(live: parsed.tree, memoryReservations: parsed.memoryReservations, bootCPUID: parsed.bootCPUID))
            } catch {
                return .failure(.write(error))
            }
        }
    }

    /// Runs `body` on a thread with `stackSize` of stack, handing it the source in a box it can
    /// empty (so the bytes can be freed once parsed).
    private static func onCompilerThread<Output>(source: consuming [UInt8], _ body: @escaping @Sendable (ResultBox) -> Output) -> Output {
        let box = ResultBox()
        box.source = consume source
        let output = OutputBox<Output>()
        let thread = Thread {
            output.value = body(box)
            box.done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        box.done.wait()
        return output.value!
    }

    /// Preprocesses and parses; the source bytes and the lexer are released on return.
    private static func parse(box: ResultBox, fileName: String, filePath: String?, options: DTSCompileOptions, keepShapes: Bool) -> Result<DTSParseResult, DiagnosticList> {
        var text = box.source
        box.source = []
        var aliases: [String: String] = [:]
        let useCPP: Bool
        switch options.usePreprocessor {
        case .always: useCPP = true
        case .never: useCPP = false
        case .auto: useCPP = DTSPreprocessor.needsPreprocessing(text)
        }
        if useCPP {
            switch DTSPreprocessor.run(source: text, fileName: fileName, filePath: filePath, options: options) {
            case .success(let output):
                text = output.text
                aliases = output.aliases
            case .failure(let list):
                return .failure(list)
            }
        }
        let directory = (fileName as NSString).deletingLastPathComponent
        let lexer = DTSLexer(source: consume text, fileName: fileName, directory: directory, includeDirectories: options.includeDirectories,
                             readRoots: options.readRoots)
        lexer.fileNameAliases = aliases
        let parser = DTSParser(lexer: lexer, includeDirectories: options.includeDirectories, readRoots: options.readRoots, keepShapes: keepShapes)
        return parser.parse()
    }

    private final class ResultBox: @unchecked Sendable {
        /// The source until the pipeline takes it (so it can be freed once parsed).
        var source: [UInt8] = []
        let done = DispatchSemaphore(value: 0)
    }

    /// What the compiler thread hands back.
    private final class OutputBox<Output>: @unchecked Sendable {
        var value: Output?
    }

    /// Checks, fixes up and completes a parsed tree in place (`-@` symbols, plugin fixups);
    /// the errors when the source is rejected.
    private static func finish(_ parsed: DTSParseResult, options: DTSCompileOptions) -> DiagnosticList? {
        var checks = DTSChecks(tree: parsed.tree, isPlugin: parsed.isPlugin, generateSymbols: options.generateSymbols)
        let errors = checks.run()
        if !errors.isEmpty { return DiagnosticList(errors) }
        if options.generateSymbols {
            parsed.tree.generateLabelTree(named: "__symbols__", allocatePhandles: true)
        }
        if parsed.isPlugin {
            if let message = parsed.tree.generateFixups(named: "__fixups__") {
                return DiagnosticList([Diagnostic(code: "XPT-DTS-FIXUP", severity: .error, message: message)])
            }
            parsed.tree.generateLocalFixups(named: "__local_fixups__")
        }
        return nil
    }

    private static func pipeline(box: ResultBox, fileName: String, filePath: String?, options: DTSCompileOptions, resolve: Bool) -> Result<DTSCompilation, DiagnosticList> {
        let parsed: DTSParseResult
        switch parse(box: box, fileName: fileName, filePath: filePath, options: options, keepShapes: options.preserveValueShapes || !resolve) {
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
            return .success(DTSCompilation(tree: converted, dependencies: parsed.dependencies))
        }
        if let list = finish(parsed, options: options) { return .failure(list) }
        let tree = DeviceTree(
            memoryReservations: parsed.memoryReservations,
            root: parsed.tree.root.publicNode(resolved: true),
            bootCPUID: parsed.bootCPUID,
            isPlugin: parsed.isPlugin
        )
        return .success(DTSCompilation(tree: tree, dependencies: parsed.dependencies))
    }
}

/// Why `DTSCompiler.compileBlob` gave no blob.
public enum DTSBlobFailure: Error, Sendable {
    /// The source was rejected.
    case diagnostics(DiagnosticList)
    /// The compiled tree could not be written as a blob.
    case write(DTBWriteError)
}

/// A compiled tree with the files it was made from besides the main source.
public struct DTSCompilation: Sendable {
    /// The tree.
    public let tree: DeviceTree
    /// Included, `/incbin/` and cpp-read files, as opened (relative paths stay relative).
    public let dependencies: [String]
}

/// Public values already built, so identical values share storage.
final class PublicValuePool {
    private var values: [[UInt8]: PropertyValue] = [:]

    /// The shared value for these bytes as a single `.bytes` chunk (empty for no bytes).
    func value(_ bytes: [UInt8]) -> PropertyValue {
        if bytes.isEmpty { return PropertyValue() }
        guard bytes.count <= 64 else { return PropertyValue([.bytes(bytes)]) }
        if let shared = values[bytes] { return shared }
        let created = PropertyValue([.bytes(bytes)])
        values[bytes] = created
        return created
    }
}

extension LiveNode {
    /// The public node for this live node, deleted entries dropped.
    func publicNode(resolved: Bool, pool: PublicValuePool = PublicValuePool()) -> Node {
        var node = Node(
            name: name,
            labels: liveLabels.map(\.name),
            properties: [],
            children: [],
            location: location,
            omitIfNoReference: omitIfUnused
        )
        // The live tree is not used after conversion: release each node's parts as they are
        // copied so the two trees never fully coexist.
        defer {
            properties = []
            children = []
        }
        node.properties.reserveCapacity(properties.count)
        for property in properties where !property.deleted {
            node.properties.append(Property(
                name: property.name,
                value: property.value.publicValue(paths: property.resolvedPaths, resolved: resolved, pool: pool),
                labels: property.liveLabels.map(\.name),
                location: property.location,
                phandleOffsets: resolved && property.value.hasReferences
                    ? property.value.phandleReferences(paths: property.resolvedPaths).map(\.offset) : []
            ))
        }
        node.children.reserveCapacity(children.count)
        for child in children where !child.deleted {
            node.children.append(child.publicNode(resolved: resolved, pool: pool))
        }
        return node
    }
}
