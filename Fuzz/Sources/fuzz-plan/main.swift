import Diagnostics
import Foundation
import FuzzSupport
import XenPT

/// The fixed board: examples/midway copied once into a private folder.
let board: String = {
    let folder = FuzzSupport.makeFolder("plan")
    let example = FuzzSupport.repositoryRoot + "/examples/midway"
    for file in ["board.yaml", "midway.dts"] {
        try? FileManager.default.removeItem(atPath: folder + "/" + file)
        try? FileManager.default.copyItem(atPath: example + "/" + file, toPath: folder + "/" + file)
    }
    try? FileManager.default.createDirectory(atPath: folder + "/guests", withIntermediateDirectories: true)
    return folder
}()

/// The loader, with the shipped schemas.
let loader = WorkspaceLoader(schemaRoot: FuzzSupport.repositoryRoot + "/schemas")

/// The schema catalog and the fixed board, loaded once (reading every schema and compiling the
/// board's DTS for each input held the target to about one input a second under ASan).
let fixed: Workspace = {
    let workspace = loader.load(paths: [board + "/board.yaml"])
    precondition(workspace.diagnostics.isEmpty && workspace.boards.count == 1 && workspace.catalog != nil,
                 "the fixed board does not load: \(workspace.diagnostics.map(\.message))")
    return workspace
}()

/// A guest manifest for the midway board: loaded, planned and built into artifacts (nothing
/// is written), every diagnostic rendered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let guest = board + "/guests/guest.yaml"
    guard FileManager.default.createFile(atPath: guest, contents: Data(bytes: data ?? UnsafePointer(bitPattern: 1)!, count: size)) else {
        fatalError("cannot write \(guest)")
    }
    let workspace = loader.load(paths: [guest], reusing: fixed)
    let planned = workspace.planAll()
    var diagnostics = workspace.diagnostics + planned.flatMap(\.plan.diagnostics)
    if !diagnostics.contains(where: { $0.severity == .error }), case .failure(let list) = ArtifactBuilder.build(planned) {
        diagnostics += list.diagnostics
    }
    FuzzSupport.render(diagnostics, sources: workspace.sources)
    return 0
}

/// The executable's entry point (SwiftPM names it `fuzz_plan_main`).
@_cdecl("fuzz_plan_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzOneInput)
}
