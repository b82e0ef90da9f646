import Foundation
import Testing
import XenPTTestSupport

@Suite struct TestSupportTests {
    @Test func findsThePackageRoot() {
        #expect(FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Package.swift").path))
        #expect(FileManager.default.fileExists(atPath: referenceData("xen-layouts.json").path))
    }

    @Test func goldensPassOnlyWhenEqual() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("out.txt").path
            try Data("one\ntwo\n".utf8).write(to: URL(fileURLWithPath: path))
            #expect(Golden.assertMatches(actual: "one\ntwo\n", goldenPath: path, update: false))
            #expect(Golden.assertMatches(actual: Array("one\ntwo\n".utf8), goldenPath: path, update: false))
            withKnownIssue {
                #expect(!Golden.assertMatches(actual: "one\nthree\n", goldenPath: path, update: false))
            }
            withKnownIssue {
                _ = Golden.assertMatches(actual: [0x01], goldenPath: directory.path + "/missing", update: false)
            }
            let kept = try String(contentsOfFile: path, encoding: .utf8)
            #expect(kept == "one\ntwo\n")
        }
    }

    @Test func updatingWritesTheGoldenAndStillFails() throws {
        try TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("new/out.bin").path
            withKnownIssue {
                _ = Golden.assertMatches(actual: [1, 2, 3], goldenPath: path, update: true)
            }
            let written = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(written == Data([1, 2, 3]))
            #expect(Golden.assertMatches(actual: [1, 2, 3], goldenPath: path, update: true))
        }
    }

    @Test func describesTheFirstDifference() {
        #expect(Golden.textDifference(expected: "a\nb\n", actual: "a\nc\n")
            == "first difference at line 2:\n  expected: \"b\"\n  actual:   \"c\"")
        #expect(Golden.textDifference(expected: "a", actual: "a\nb")
            == "first difference at line 2:\n  expected: <end of text>\n  actual:   \"b\"")
        #expect(Golden.byteDifference(expected: [1, 2], actual: [1, 3, 4])
            == "first difference at byte 1: expected 0x2, actual 0x3 (sizes 2 and 3)")
    }

    @Test func runsSubprocesses() throws {
        let echo = try Subprocess.run("cat", stdin: Array("hello\n".utf8))
        #expect(echo.status == 0)
        #expect(echo.stdoutText == "hello\n")
        #expect(echo.stderr.isEmpty)
        let failing = try Subprocess.run("sh", args: ["-c", "echo out; echo err >&2; exit 3"])
        #expect(failing.status == 3)
        #expect(failing.stdoutText == "out\n")
        #expect(failing.stderrText == "err\n")
        #expect(throws: Subprocess.Failure.self) { try Subprocess.run("no-such-tool-for-xenpt-tests") }
    }

    @Test func findsOraclesOnThePath() {
        #expect(Oracle.find("sh") != nil)
        #expect(Oracle.find("no-such-tool-for-xenpt-tests") == nil)
        if isCI {
            withKnownIssue { _ = Oracle.require(tool: "no-such-tool-for-xenpt-tests") }
        } else {
            #expect(Oracle.require(tool: "no-such-tool-for-xenpt-tests") == nil)
        }
    }
}
