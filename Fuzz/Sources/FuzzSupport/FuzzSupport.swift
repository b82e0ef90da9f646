import DeviceTree
import Diagnostics
import Foundation
import XenPT

/// What the fuzz targets share: the repository's paths and the checks run on every result.
public enum FuzzSupport {
    /// The repository root (two folders above this package's `Sources/FuzzSupport`).
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Renders diagnostics in every format, as the command line would.
    public static func render(_ diagnostics: [Diagnostic], sources: SourceStore) {
        let options = RenderOptions(tool: ToolInfo(version: "fuzz", informationURI: "https://example.invalid"), colors: false)
        for format in OutputFormat.allCases {
            _ = format.renderer(options).render(diagnostics, sources: sources)
        }
    }

    /// Every node's interrupts and addresses, the semantic walks every command runs.
    public static func walkSemantics(_ tree: DeviceTree) {
        let index = DeviceTreeIndex(tree)
        for id in index.descendants(index.root) {
            _ = try? index.interrupts(of: id)
            _ = try? index.interruptParent(of: id)
        }
    }

    /// A fresh folder under the system's temporary folder.
    public static func makeFolder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "/xenpt-fuzz-\(name)-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension FuzzSupport {
    /// Compiles `bytes` as DTS (and parses it for the printers), writes the tree, reads the
    /// blob back and walks its semantics; a failure must come with diagnostics.
    public static func compileSource(_ bytes: [UInt8], preprocessor: PreprocessorMode) {
        let text = String(decoding: bytes, as: UTF8.self)
        let options = DTSCompileOptions(usePreprocessor: preprocessor)
        if case .success(let parsed) = DTSCompiler.parse(source: text, fileName: "fuzz.dts", options: options) {
            _ = DTSPrinter.decompile(parsed)
        }
        switch DTSCompiler.compile(source: text, fileName: "fuzz.dts", options: options) {
        case .success(let tree):
            guard let blob = try? DTBWriter.write(tree) else { return }
            // An overlay's `__fixups__` names the paths it could not resolve, which dtc's
            // property name rules refuse when reading the blob back (dtc does the same).
            guard let again = try? DTBReader.read(blob) else {
                precondition(tree.isPlugin, "a compiled tree writes a blob that does not read")
                return
            }
            walkSemantics(again)
        case .failure(let list):
            precondition(!list.diagnostics.isEmpty, "a failed compile without a diagnostic")
            render(list.diagnostics, sources: SourceStore([SourceFile(path: "fuzz.dts", text: text)]))
        }
    }
}

/// libFuzzer's driver, for entry points that are not libFuzzer's own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

extension FuzzSupport {
    /// Runs libFuzzer on `callback`. SwiftPM links an executable's `main` to
    /// `<module>_main`, so each target's entry point calls this instead of libFuzzer's `main`.
    public static func runDriver(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32 {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, callback)
    }
}
