import Foundation
import Testing

/// Finds the external tools tests compare against (dtc, python3 with jsonschema, cpp).
///
/// A missing tool skips the test with a visible `SKIP:` line, except under `CI=true`, where it
/// is recorded as an issue so CI can never pass without its oracles.
public enum Oracle {
    /// The full path of executable `tool` on `PATH`, or nil.
    public static func find(_ tool: String) -> String? {
        if tool.contains("/") {
            return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The path of `tool`, or nil after printing a skip notice (and recording an issue under CI).
    public static func require(
        tool: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> String? {
        if let path = find(tool) { return path }
        unavailable("\(tool) not installed", requirement: tool, sourceLocation: sourceLocation)
        return nil
    }

    /// The path of `python3` when it can import `module`, or nil after a skip notice (an issue
    /// under CI).
    public static func requirePython(
        module: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> String? {
        guard let python = require(tool: "python3", sourceLocation: sourceLocation) else { return nil }
        let probe = try? Subprocess.run(python, args: ["-c", "import \(module)"])
        if probe?.status == 0 { return python }
        unavailable(
            "python3 module \(module) not installed", requirement: "python3 module \(module)",
            sourceLocation: sourceLocation)
        return nil
    }

    private static func unavailable(
        _ reason: String,
        requirement: String,
        sourceLocation: Testing.SourceLocation
    ) {
        print("SKIP: \(reason) (\(sourceLocation.fileName):\(sourceLocation.line))")
        if isCI {
            Issue.record("\(requirement) is required when CI=true", sourceLocation: sourceLocation)
        }
    }
}
