import DeviceTree
import FuzzSupport

/// DTS source compiled without cpp (dtc's own language), then written, read back and walked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzSupport.compileSource(Array(UnsafeBufferPointer(start: data, count: size)), preprocessor: .never)
    return 0
}

/// The executable's entry point (SwiftPM names it `fuzz_dts_main`).
@_cdecl("fuzz_dts_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzOneInput)
}
