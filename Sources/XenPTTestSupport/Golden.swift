import Foundation
import Testing

/// Compares output with a golden file kept in the repository.
///
/// Set `XENPT_UPDATE_GOLDENS=1` to rewrite goldens that differ or are missing; each rewrite is
/// recorded as an issue ("golden updated, rerun") so an updating run never passes silently.
public enum Golden {
    /// Whether this run rewrites goldens.
    public static var isUpdating: Bool {
        ProcessInfo.processInfo.environment["XENPT_UPDATE_GOLDENS"] == "1"
    }

    /// The golden's URL: `path` itself when absolute, else relative to the package root.
    public static func url(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : packageRoot.appendingPathComponent(path)
    }

    /// Records an issue unless `actual` is exactly the golden text at `goldenPath`; with
    /// `update`, rewrites a differing golden instead and records "golden updated, rerun".
    @discardableResult
    public static func assertMatches(
        actual: String,
        goldenPath: String,
        update: Bool = Golden.isUpdating,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Bool {
        compare(Array(actual.utf8), goldenPath: goldenPath, update: update, sourceLocation: sourceLocation) { expected in
            textDifference(expected: String(decoding: expected, as: UTF8.self), actual: actual)
        }
    }

    /// Records an issue unless `actual` is exactly the golden bytes at `goldenPath`; with
    /// `update`, rewrites a differing golden instead and records "golden updated, rerun".
    @discardableResult
    public static func assertMatches(
        actual: [UInt8],
        goldenPath: String,
        update: Bool = Golden.isUpdating,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Bool {
        compare(actual, goldenPath: goldenPath, update: update, sourceLocation: sourceLocation) { expected in
            byteDifference(expected: expected, actual: actual)
        }
    }

    private static func compare(
        _ actual: [UInt8],
        goldenPath: String,
        update: Bool,
        sourceLocation: Testing.SourceLocation,
        describe: ([UInt8]) -> String
    ) -> Bool {
        let url = url(goldenPath)
        let expected = (try? Data(contentsOf: url)).map { [UInt8]($0) }
        if let expected, expected == actual { return true }
        if update {
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual).write(to: url, options: .atomic)
                Issue.record("golden updated, rerun: \(goldenPath)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot write golden \(goldenPath): \(error)", sourceLocation: sourceLocation)
            }
            return false
        }
        guard let expected else {
            Issue.record(
                "golden missing: \(goldenPath); run with XENPT_UPDATE_GOLDENS=1 to create it",
                sourceLocation: sourceLocation)
            return false
        }
        Issue.record(
            "output differs from golden \(goldenPath)\n\(describe(expected))\nrun with XENPT_UPDATE_GOLDENS=1 to accept",
            sourceLocation: sourceLocation)
        return false
    }

    /// The first differing line of two texts, numbered from 1.
    public static func textDifference(expected: String, actual: String) -> String {
        let left = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let right = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let expectedLine = index < left.count ? String(reflecting: String(left[index])) : "<end of text>"
            let actualLine = index < right.count ? String(reflecting: String(right[index])) : "<end of text>"
            if expectedLine != actualLine {
                return "first difference at line \(index + 1):\n  expected: \(expectedLine)\n  actual:   \(actualLine)"
            }
        }
        return "texts are equal"
    }

    /// The first differing byte offset of two byte strings, and their sizes.
    public static func byteDifference(expected: [UInt8], actual: [UInt8]) -> String {
        let common = zip(expected, actual).prefix { $0 == $1 }.count
        if common == expected.count, common == actual.count { return "bytes are equal" }
        func byte(_ bytes: [UInt8]) -> String {
            common < bytes.count ? "0x" + String(bytes[common], radix: 16) : "<end>"
        }
        return "first difference at byte \(common): expected \(byte(expected)), actual \(byte(actual)) "
            + "(sizes \(expected.count) and \(actual.count))"
    }
}
