import DeviceTree
import FuzzSupport

/// A blob: read it, decompile it (streaming and from the tree), write it back, and walk the
/// semantics every command uses (interrupt parents, interrupt maps).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let tree = try? DTBReader.read(bytes) else { return 0 }
    var streamed = 0
    try? DTSPrinter.decompile(blob: bytes, chunkSize: 4096) { streamed += $0.count }
    let text = DTSPrinter.decompile(tree)
    precondition(text.utf8.count == streamed, "the streaming and the tree decompile differ")
    guard let blob = try? DTBWriter.write(tree) else { return 0 }
    precondition((try? DTBReader.read(blob)) == tree, "a written tree reads back differently")
    // The printed text must read back as the same tree.
    switch DTSCompiler.compile(source: text, fileName: "decompiled.dts", options: DTSCompileOptions(usePreprocessor: .never)) {
    case .success(var again):
        again.bootCPUID = tree.bootCPUID
        precondition((try? DTBWriter.write(again)) == blob, "the decompiled text reads back as another tree")
    case .failure:
        preconditionFailure("the decompiled text does not compile")
    }
    FuzzSupport.walkSemantics(tree)
    return 0
}

/// The executable's entry point (SwiftPM names it `fuzz_dtb_main`).
@_cdecl("fuzz_dtb_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzOneInput)
}
