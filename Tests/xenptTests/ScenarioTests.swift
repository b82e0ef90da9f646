import Foundation
import Testing
import XenPTTestSupport

/// End-to-end scenarios: each file under `Scenarios/` gives a command line, the input files,
/// and the exact exit status, stdout and stderr. The built `xenpt` runs in a fresh folder.
///
/// Format (`XENPT_UPDATE_GOLDENS=1` rewrites the expected sections):
/// ```
/// # what the scenario shows
/// $ xenpt lint guests/net.yaml
/// -- path/of/input --
/// …file text…
/// == exit 1
/// == files out/midway/net/guest.cfg   (optional: files that must exist afterwards; `none` for no out/)
/// == stdout
/// …
/// == stderr
/// …
/// ```
/// An input named `NAME.hex` is written to `NAME` as the bytes its hex digits spell (for
/// blobs); an input named `NAME -> TARGET` is a symbolic link (its body is left empty).
struct Scenario {
    var description = ""
    var arguments: [String] = []
    var files: [(String, String)] = []
    var exit: Int32 = 0
    var expectedFiles: [String]?
    var stdout = ""
    var stderr = ""

    static func parse(_ text: String) -> Scenario {
        var scenario = Scenario()
        var section: String?
        var buffer: [Substring] = []
        func flush() {
            let body = buffer.joined(separator: "\n") + (buffer.isEmpty ? "" : "\n")
            switch section {
            case "stdout"?: scenario.stdout = body
            case "stderr"?: scenario.stderr = body
            case let name? where name.hasPrefix("file:"): scenario.files.append((String(name.dropFirst(5)), body))
            default: break
            }
            buffer = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            if line.hasPrefix("-- "), line.hasSuffix(" --") {
                flush()
                section = "file:" + line.dropFirst(3).dropLast(3)
            } else if line.hasPrefix("== exit ") {
                flush()
                section = nil
                scenario.exit = Int32(line.dropFirst(8)) ?? -1
            } else if line.hasPrefix("== files") {
                flush()
                section = nil
                let names = line.dropFirst(8).split(separator: " ").map(String.init)
                scenario.expectedFiles = names == ["none"] ? [] : names
            } else if line == "== stdout" || line == "== stderr" {
                flush()
                section = String(line.dropFirst(3))
            } else if section == nil, line.hasPrefix("# "), scenario.arguments.isEmpty {
                scenario.description = String(line.dropFirst(2))
            } else if section == nil, line.hasPrefix("$ xenpt") {
                scenario.arguments = line.dropFirst(8).split(separator: " ").map(String.init)
            } else {
                buffer.append(line)
            }
        }
        flush()
        return scenario
    }

    func rendered() -> String {
        var out = "# \(description)\n$ xenpt \(arguments.joined(separator: " "))\n"
        for (name, body) in files { out += "-- \(name) --\n\(body)" }
        out += "== exit \(exit)\n"
        if let expectedFiles { out += "== files \(expectedFiles.isEmpty ? "none" : expectedFiles.joined(separator: " "))\n" }
        out += "== stdout\n\(stdout)== stderr\n\(stderr)"
        return out
    }
}

let scenarioFolder = packageRoot.appendingPathComponent("Tests/xenptTests/Scenarios")

let scenarioNames: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: scenarioFolder.path)) ?? [])
    .filter { $0.hasSuffix(".txt") }.sorted()

/// An emptied or misplaced scenario folder must fail, not pass with no cases.
@Test func scenarioFolderIsNotEmpty() {
    #expect(scenarioNames.count >= 16, "only \(scenarioNames.count) scenarios found in \(scenarioFolder.path)")
}

@Test("scenario", arguments: scenarioNames)
func scenario(_ name: String) throws {
    let path = scenarioFolder.appendingPathComponent(name)
    let text = try String(contentsOf: path, encoding: .utf8)
    let expected = Scenario.parse(text)
    try TemporaryDirectory.with(prefix: "scenario") { directory in
        for (file, body) in expected.files {
            if let arrow = file.range(of: " -> ") {
                let url = directory.appendingPathComponent(String(file[..<arrow.lowerBound]))
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: String(file[arrow.upperBound...]))
                continue
            }
            let isHex = file.hasSuffix(".hex")
            let url = directory.appendingPathComponent(isHex ? String(file.dropLast(4)) : file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (isHex ? Data(hexBytes(body)) : Data(body.utf8)).write(to: url)
        }
        // Each scenario gets its own empty cache of compiled host trees (never the user's).
        let cache = try TemporaryDirectory.make(prefix: "scenario-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        var environment = ProcessInfo.processInfo.environment
        environment["XENPT_SCHEMAS"] = packageRoot.appendingPathComponent("schemas").path
        environment["XDG_CACHE_HOME"] = cache.path
        let result = try Subprocess.run(xenptExecutable, args: expected.arguments, currentDirectory: directory, environment: environment)
        // A command that only reads runs again on the cache the first run filled: a cached host
        // tree must give the same bytes, findings and exit status as a compiled one.
        if expected.expectedFiles == nil, ["lint", "plan", "survey", "map"].contains(expected.arguments.first ?? "") {
            let again = try Subprocess.run(xenptExecutable, args: expected.arguments, currentDirectory: directory, environment: environment)
            #expect(again.status == result.status, "\(name): exit status differs with the cache")
            #expect(again.stdoutText == result.stdoutText, "\(name): stdout differs with the cache")
            #expect(again.stderrText == result.stderrText, "\(name): stderr differs with the cache")
        }
        var actual = expected
        actual.exit = result.status
        actual.stdout = result.stdoutText
        actual.stderr = result.stderrText
        if expected.expectedFiles != nil {
            let out = directory.appendingPathComponent("out").path
            let listed = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? [])
                .filter { !$0.hasSuffix("/") && !(FileManager.default.fileExists(atPath: out + "/" + $0, isDirectory: nil) && isDirectory(out + "/" + $0)) }
                .map { "out/" + $0 }.sorted()
            actual.expectedFiles = listed
        }
        Golden.assertMatches(actual: actual.rendered(), goldenPath: "Tests/xenptTests/Scenarios/\(name)")
    }
}

/// The bytes spelled by the hex digits in `text` (anything else is layout).
private func hexBytes(_ text: String) -> [UInt8] {
    let digits = text.unicodeScalars.compactMap { $0.properties.isASCIIHexDigit ? UInt8(String($0), radix: 16) : nil }
    return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

private func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
}
