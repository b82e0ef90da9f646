import Foundation
import Testing

/// Runs the installed `dtc` for oracle tests; skipped visibly when missing, failing under `CI=true`.
enum DTCOracle {
    /// The `dtc` executable found on `PATH`, if any.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/dtc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// True when oracle tests should run: dtc is installed, or CI demands it (and they fail).
    static let shouldRun: Bool = {
        if executable != nil { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        print("note: dtc not found on PATH; skipping dtc oracle tests")
        return false
    }()

    /// The result of one dtc run.
    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    /// Runs dtc with `arguments`; records an issue and returns nil when dtc is missing.
    static func run(_ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Output? {
        guard let executable else {
            Issue.record("dtc is required when CI=true but was not found on PATH", sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            Issue.record("cannot run dtc: \(error)", sourceLocation: sourceLocation)
            return nil
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: [UInt8](stdoutData),
            stderr: String(decoding: stderrData, as: UTF8.self)
        )
    }

    /// A fresh temporary folder for one test.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("xenpt-dtio-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Compiles DTS `source` to DTB bytes with dtc (`-q`, warnings off), or nil with an issue.
    static func compile(_ source: String, flags: [String] = [], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [UInt8]? {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.dts")
        do {
            try source.write(to: input, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("cannot write \(input.path): \(error)", sourceLocation: sourceLocation)
            return nil
        }
        guard let output = run(["-q", "-I", "dts", "-O", "dtb"] + flags + [input.path], sourceLocation: sourceLocation) else {
            return nil
        }
        guard output.status == 0 else {
            Issue.record("dtc rejected the source: \(output.stderr)", sourceLocation: sourceLocation)
            return nil
        }
        return output.stdout
    }

    /// Decompiles DTB bytes with dtc (`-q`), or nil with an issue.
    static func decompile(_ blob: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.dtb")
        do {
            try Data(blob).write(to: input)
        } catch {
            Issue.record("cannot write \(input.path): \(error)", sourceLocation: sourceLocation)
            return nil
        }
        guard let output = run(["-q", "-I", "dtb", "-O", "dts", input.path], sourceLocation: sourceLocation) else {
            return nil
        }
        guard output.status == 0 else {
            Issue.record("dtc rejected the blob: \(output.stderr)", sourceLocation: sourceLocation)
            return nil
        }
        return String(decoding: output.stdout, as: UTF8.self)
    }

    /// The folder of DTS fixtures.
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dts")

    /// The fixture files (`*.dts`) in a subfolder, sorted.
    static func fixtureFiles(_ folder: String) -> [String] {
        let directory = fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".dts") }.sorted().map { directory.appendingPathComponent($0).path }
    }

    /// `dtc -I dts -O dtb [-@] file`: the blob, or nil with dtc's stderr when dtc rejects the file.
    static func compileFile(_ file: String, symbols: Bool = false) throws -> (blob: [UInt8]?, errors: String) {
        guard let path = executable else {
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
