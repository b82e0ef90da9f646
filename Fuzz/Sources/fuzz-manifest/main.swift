import Diagnostics
import FuzzSupport
import XenPT

/// A YAML manifest: parsed, then loaded as a board and as a guest, diagnostics rendered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let (root, problems) = YAMLLoader.parse(text: text, file: "fuzz.yaml")
    var diagnostics = problems
    if let root {
        _ = ManifestLoader.kind(of: root)
        _ = ManifestLoader.board(root, file: "fuzz.yaml", diagnostics: &diagnostics)
        _ = ManifestLoader.guest(root, file: "fuzz.yaml", diagnostics: &diagnostics)
    }
    FuzzSupport.render(diagnostics, sources: SourceStore([SourceFile(path: "fuzz.yaml", text: text)]))
    return 0
}

/// The executable's entry point (SwiftPM names it `fuzz_manifest_main`).
@_cdecl("fuzz_manifest_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzOneInput)
}
