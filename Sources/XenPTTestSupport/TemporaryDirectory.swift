import Foundation

/// Fresh, uniquely named directories under the system temporary folder.
public enum TemporaryDirectory {
    /// Creates a new empty directory whose name starts with `prefix`.
    public static func make(prefix: String = "xenpt-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `body` with a new directory, removing the directory and its contents afterwards.
    public static func with<T>(prefix: String = "xenpt-test", _ body: (URL) throws -> T) throws -> T {
        let url = try make(prefix: prefix)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
