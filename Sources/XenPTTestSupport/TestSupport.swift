// Helpers shared by the test targets: package paths, goldens, oracle tools, subprocesses and
// temporary directories. Only test targets link this; it may print skip notices and record
// Swift Testing issues, which libraries never do.
import Foundation

/// The package's root folder, found from this file's own path.
public let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent() // XenPTTestSupport
    .deletingLastPathComponent() // Sources
    .deletingLastPathComponent()

/// A file in the shared reference folder next to the package (`../shared/reference/NAME`).
public func sharedReference(_ name: String) -> URL {
    packageRoot
        .deletingLastPathComponent()
        .appendingPathComponent("shared/reference", isDirectory: true)
        .appendingPathComponent(name)
}

/// Whether the run is under CI (`CI=true`), where missing oracles fail instead of skipping.
public var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
