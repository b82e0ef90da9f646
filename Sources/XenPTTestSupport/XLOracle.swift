import Foundation
import Testing

/// Xen's own `xl` configuration parser as an oracle: `Tests/Oracles/xl-parse.c` compiled
/// against libxlutil (Debian `libxen-dev`), printing what xl would read from a config.
public enum XLOracle {
    private static let built: Result<String, Subprocess.Failure>? = {
        guard Oracle.find("cc") != nil, FileManager.default.fileExists(atPath: "/usr/include/libxlutil.h") else { return nil }
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("xenpt-xl-parse-\(ProcessInfo.processInfo.processIdentifier)").path
        let source = packageRoot.appendingPathComponent("Tests/Oracles/xl-parse.c").path
        guard let result = try? Subprocess.run("cc", args: ["-Wall", "-Werror", "-o", output, source, "-lxlutil"]), result.status == 0 else {
            return .failure(.notFound("cc -lxlutil"))
        }
        return .success(output)
    }()

    /// The harness path, or nil after a visible skip (an issue under `CI=true`).
    public static func require(sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
        switch built {
        case .success(let path):
            return path
        case .failure:
            Issue.record("the xl parser harness does not build against libxlutil", sourceLocation: sourceLocation)
            return nil
        case nil:
            print("SKIP: libxen-dev (libxlutil.h) or cc not installed (\(sourceLocation.fileName):\(sourceLocation.line))")
            if isCI { Issue.record("libxen-dev is required when CI=true", sourceLocation: sourceLocation) }
            return nil
        }
    }

    /// What xl reads from the configuration text, one `key=value` per line; nil (and an issue)
    /// when xl's parser rejects it.
    public static func parse(_ config: String, harness: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String]? {
        try TemporaryDirectory.with(prefix: "xl-oracle") { directory in
            let file = directory.appendingPathComponent("guest.cfg")
            try Data(config.utf8).write(to: file)
            let result = try Subprocess.run(harness, args: [file.path])
            guard result.status == 0 else {
                Issue.record("xl's parser rejected the configuration: \(result.stderrText)", sourceLocation: sourceLocation)
                return nil
            }
            return result.stdoutText.split(separator: "\n").map(String.init)
        }
    }
}
