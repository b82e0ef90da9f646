// Helpers shared by the test targets: package paths, goldens, oracle tools, subprocesses and
// temporary directories. Only test targets link this; it may print skip notices and record
// Swift Testing issues, which libraries never do.
import Foundation
import Testing

/// The package's root folder, found from this file's own path.
public let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent() // XenPTTestSupport
    .deletingLastPathComponent() // Sources
    .deletingLastPathComponent()

/// The built `xenpt` executable: `swift test` runs `<build>/debug/xenptPackageTests.xctest` (a
/// folder on Linux, a bundle elsewhere) and the tool sits beside it; the debug build otherwise.
/// The one way every test finds it.
public let xenptExecutable: String = {
    var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = folder.appendingPathComponent("xenpt").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/xenpt").path
}()

/// A reference fact file kept in the repository (`Tests/Reference/NAME`, provenance in its README).
public func referenceData(_ name: String) -> URL {
    packageRoot.appendingPathComponent("Tests/Reference", isDirectory: true).appendingPathComponent(name)
}

/// Where the OASIS SARIF 2.1.0 JSON Schema is, from `XENPT_SARIF_SCHEMA`: nil after a visible skip
/// notice when the variable is unset; an issue when it names a file that is not there, since then
/// the caller meant the check to run.
public func sarifSchema(sourceLocation: Testing.SourceLocation = #_sourceLocation) -> URL? {
    guard let path = ProcessInfo.processInfo.environment["XENPT_SARIF_SCHEMA"], !path.isEmpty else {
        print("SKIP: XENPT_SARIF_SCHEMA is not set, so SARIF is not validated against the OASIS schema (\(sourceLocation.fileName):\(sourceLocation.line))")
        return nil
    }
    guard FileManager.default.fileExists(atPath: path) else {
        Issue.record("XENPT_SARIF_SCHEMA names \(path), which does not exist", sourceLocation: sourceLocation)
        return nil
    }
    return URL(fileURLWithPath: path)
}

/// Whether the run is under CI (`CI=true`), where missing oracles fail instead of skipping.
public var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
