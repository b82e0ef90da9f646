import Foundation
import Testing

/// Runs the installed `dtc` as the reference compiler for the DTS tests.
enum DTCOracle {
    /// The `dtc` executable on PATH, if any.
    static let path: String? = {
        let search = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in search.split(separator: ":") {
            let candidate = "\(directory)/dtc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// True on CI, where a missing oracle is a failure rather than a skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether oracle tests run: dtc present, or CI (where they then fail loudly).
    static let shouldRun = path != nil || isCI

    /// The folder of DTS fixtures.
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dts")

    /// The fixture files (`*.dts`) in a subfolder, sorted.
    static func fixtureFiles(_ folder: String) -> [String] {
        let directory = fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".dts") }.sorted().map { directory.appendingPathComponent($0).path }
    }

    /// `dtc -I dts -O dtb [-@] file`: the blob, or nil with dtc's stderr when dtc rejects the file.
    static func compile(_ file: String, symbols: Bool = false) throws -> (blob: [UInt8]?, errors: String) {
        guard let path else {
            Issue.record("dtc is not installed but CI=true")
            return (nil, "")
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("xenpt-oracle-\(UUID().uuidString).dtb")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-I", "dts", "-O", "dtb", "-q"] + (symbols ? ["-@"] : []) + ["-o", output.path, file]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path) else {
            return (nil, errorText)
        }
        return ([UInt8](data), errorText)
    }

    /// The first differing offset of two blobs, for readable failures.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        for index in 0..<min(a.count, b.count) where a[index] != b[index] { return index }
        return a.count == b.count ? nil : min(a.count, b.count)
    }
}
