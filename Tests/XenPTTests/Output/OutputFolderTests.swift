import Foundation
import Testing
@testable import XenPT
import XenPTTestSupport

/// The build's output transaction: all files or none, nothing outside the folder, nothing left behind.
@Suite struct OutputFolderTests {
    static let names: Set<String> = ["x.cfg", "y.cfg", "z.cfg", "new.cfg", "old.cfg"]

    static func artifacts(_ pairs: [(String, String)]) -> [Artifact] {
        pairs.map { Artifact(path: $0.0, text: $0.1) }
    }

    /// Every file under `root` (folders end in `/`), hidden ones included, sorted.
    static func listing(_ root: URL) -> [String] {
        (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).map { path in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
            return isFolder.boolValue ? path + "/" : path
        }.sorted()
    }

    static func text(_ root: URL, _ path: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func writesThenReportsUnchangedAndRemovesWhatTheBuildNoLongerMakes() throws {
        try TemporaryDirectory.with { folder in
            let root = folder.appendingPathComponent("out").path
            let first = try OutputFolder.write(Self.artifacts([("a/x.cfg", "1\n"), ("a/old.cfg", "old\n"), ("b/z.cfg", "3\n")]),
                                               to: root, artifactNames: Self.names)
            #expect(first.map { "\($0.outcome) \($0.path)" } == ["written a/old.cfg", "written a/x.cfg", "written b/z.cfg"])
            try Data("mine\n".utf8).write(to: folder.appendingPathComponent("out/a/notes.txt"))
            let second = try OutputFolder.write(Self.artifacts([("a/x.cfg", "1\n"), ("b/z.cfg", "4\n")]), to: root, artifactNames: Self.names)
            #expect(second.map { "\($0.outcome) \($0.path)" } == ["removed a/old.cfg", "unchanged a/x.cfg", "written b/z.cfg"])
            // Files not named like artifacts are the user's: kept.
            #expect(Self.listing(folder.appendingPathComponent("out")) == ["a/", "a/notes.txt", "a/x.cfg", "b/", "b/z.cfg"])
            #expect(Self.text(folder.appendingPathComponent("out"), "b/z.cfg") == "4\n")
        }
    }

    @Test func aFailedCommitPutsEveryEarlierFileBack() throws {
        try TemporaryDirectory.with { folder in
            let out = folder.appendingPathComponent("out")
            _ = try OutputFolder.write(Self.artifacts([("a/x.cfg", "x1\n"), ("a/y.cfg", "y1\n"), ("b/z.cfg", "z1\n")]),
                                       to: out.path, artifactNames: Self.names)
            let before = Self.listing(out)
            // x and z are replaced, c/new.cfg is created in a new folder, then the rename of the fourth file fails.
            let next = Self.artifacts([("a/x.cfg", "x2\n"), ("a/y.cfg", "y1\n"), ("b/z.cfg", "z2\n"), ("c/new.cfg", "n2\n"), ("d/y.cfg", "d2\n")])
            #expect(throws: OutputError(path: out.path + "/d/y.cfg", reason: "input/output error")) {
                try OutputFolder.write(next, to: out.path, artifactNames: Self.names, waiting: {}, failingRename: 3)
            }
            #expect(Self.listing(out) == before)
            #expect(Self.text(out, "a/x.cfg") == "x1\n")
            #expect(Self.text(out, "b/z.cfg") == "z1\n")
            // The same build without the fault goes through.
            _ = try OutputFolder.write(next, to: out.path, artifactNames: Self.names)
            #expect(Self.listing(out) == ["a/", "a/x.cfg", "a/y.cfg", "b/", "b/z.cfg", "c/", "c/new.cfg", "d/", "d/y.cfg"])
        }
    }

    @Test func aFailureBeforeCommitLeavesNothing() throws {
        try TemporaryDirectory.with { folder in
            let out = folder.appendingPathComponent("new/out")
            try FileManager.default.createDirectory(at: out.appendingPathComponent("a/y.cfg"), withIntermediateDirectories: true)
            #expect(throws: OutputError(path: out.path + "/a/y.cfg", reason: "is a folder")) {
                try OutputFolder.write(Self.artifacts([("a/x.cfg", "1\n"), ("a/y.cfg", "2\n")]), to: out.path, artifactNames: Self.names)
            }
            #expect(Self.listing(out) == ["a/", "a/y.cfg/"])
            // A build that fails creates no output folder either.
            let fresh = folder.appendingPathComponent("fresh/out")
            #expect(throws: OutputError(path: "../x", reason: "is not a path inside \(fresh.path)")) {
                try OutputFolder.write(Self.artifacts([("../x", "1\n")]), to: fresh.path, artifactNames: Self.names)
            }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("fresh").path))
        }
    }

    @Test(arguments: ["/etc/x.cfg", "a/../x.cfg", "a//x.cfg", "a/./x.cfg", "", "a/"])
    func pathsThatLeaveTheFolderAreRefused(_ path: String) throws {
        try TemporaryDirectory.with { folder in
            #expect(throws: OutputError(path: path, reason: "is not a path inside \(folder.path)")) {
                try OutputFolder.write([Artifact(path: path, text: "1\n")], to: folder.path, artifactNames: Self.names)
            }
            #expect(Self.listing(folder) == [])
        }
    }

    @Test func linksInsideTheFolderAreNeverFollowed() throws {
        try TemporaryDirectory.with { folder in
            let out = folder.appendingPathComponent("out")
            let outside = folder.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try Data("keep\n".utf8).write(to: outside.appendingPathComponent("x.cfg"))
            try FileManager.default.createDirectory(at: out.appendingPathComponent("b"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("a").path, withDestinationPath: outside.path)
            try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("b/z.cfg").path,
                                                       withDestinationPath: outside.appendingPathComponent("x.cfg").path)
            #expect(throws: OutputError(path: out.path + "/a", reason: "is a symbolic link; xenpt never writes through one")) {
                try OutputFolder.write(Self.artifacts([("a/x.cfg", "evil\n")]), to: out.path, artifactNames: Self.names)
            }
            #expect(throws: OutputError(path: out.path + "/b/z.cfg", reason: "is a symbolic link; xenpt never writes through one")) {
                try OutputFolder.write(Self.artifacts([("b/z.cfg", "evil\n")]), to: out.path, artifactNames: Self.names)
            }
            #expect(throws: OutputError(path: out.path + "/a", reason: "is a symbolic link; xenpt never writes through one")) {
                try OutputFolder.check(Self.artifacts([("a/x.cfg", "evil\n")]), under: out.path, artifactNames: Self.names)
            }
            #expect(Self.listing(outside) == ["x.cfg"])
            #expect(Self.text(outside, "x.cfg") == "keep\n")
        }
    }

    @Test func leftoversOfAKilledBuildAreRemovedWithoutFollowingLinks() throws {
        try TemporaryDirectory.with { folder in
            let out = folder.appendingPathComponent("out")
            let outside = folder.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try Data("keep\n".utf8).write(to: outside.appendingPathComponent("x.cfg"))
            let stage = out.appendingPathComponent(".xenpt-stage-k1ll3d00/deep")
            try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
            try Data("half\n".utf8).write(to: stage.appendingPathComponent(".x.cfg.xenpt-abcdefgh"))
            try FileManager.default.createSymbolicLink(atPath: stage.appendingPathComponent("link").path, withDestinationPath: outside.path)
            try Data().write(to: out.appendingPathComponent(".xenpt.lock"))
            // The earlier writer's fixed temporary name beside an artifact.
            try FileManager.default.createDirectory(at: out.appendingPathComponent("a"), withIntermediateDirectories: true)
            try Data("half\n".utf8).write(to: out.appendingPathComponent("a/.x.cfg.xenpt-tmp"))
            try Data("mine\n".utf8).write(to: out.appendingPathComponent("a/.notes.xenpt-tmp"))
            let outcomes = try OutputFolder.write(Self.artifacts([("a/x.cfg", "1\n")]), to: out.path, artifactNames: Self.names)
            #expect(outcomes.map(\.path) == ["a/x.cfg"])
            #expect(Self.listing(out) == ["a/", "a/.notes.xenpt-tmp", "a/x.cfg"])
            #expect(Self.listing(outside) == ["x.cfg"])
        }
    }

    @Test func checkReportsMissingStaleAndUnexpectedFilesAsWriteWouldChangeThem() throws {
        try TemporaryDirectory.with { folder in
            let out = folder.appendingPathComponent("out")
            let artifacts = Self.artifacts([("a/x.cfg", "one\ntwo\n"), ("a/y.cfg", "y\n"), ("b/z.cfg", "z\n")])
            #expect(try OutputFolder.check(artifacts, under: out.path, artifactNames: Self.names)
                    == [.missing("a/x.cfg"), .missing("a/y.cfg"), .missing("b/z.cfg")])
            #expect(!FileManager.default.fileExists(atPath: out.path))
            _ = try OutputFolder.write(artifacts + Self.artifacts([("a/old.cfg", "old\n")]), to: out.path, artifactNames: Self.names)
            try Data("one\nTWO\n".utf8).write(to: out.appendingPathComponent("a/x.cfg"))
            try FileManager.default.removeItem(at: out.appendingPathComponent("b/z.cfg"))
            #expect(try OutputFolder.check(artifacts, under: out.path, artifactNames: Self.names) == [
                .unexpected("a/old.cfg"), .stale("a/x.cfg", .line(number: 2, expected: "two", found: "TWO")), .missing("b/z.cfg"),
            ])
            let written = try OutputFolder.write(artifacts, to: out.path, artifactNames: Self.names)
            #expect(written.map { "\($0.outcome) \($0.path)" } == ["removed a/old.cfg", "written a/x.cfg", "unchanged a/y.cfg", "written b/z.cfg"])
            #expect(try OutputFolder.check(artifacts, under: out.path, artifactNames: Self.names) == [])
        }
    }

    @Test func firstDifferenceIsALineForTextAndAByteForBinary() {
        #expect(FirstDifference.between(expected: Array("a\nb\n".utf8), found: Array("a\nb\n".utf8)) == nil)
        #expect(FirstDifference.between(expected: Array("a\nb\n".utf8), found: Array("a\nc\n".utf8)) == .line(number: 2, expected: "b", found: "c"))
        #expect(FirstDifference.between(expected: Array("a\nb\n".utf8), found: Array("a\n".utf8)) == .line(number: 2, expected: "b", found: ""))
        #expect(FirstDifference.between(expected: Array("a\n".utf8), found: Array("a\nb\n".utf8)) == .line(number: 2, expected: "", found: "b"))
        #expect(FirstDifference.between(expected: Array("a\n".utf8), found: Array("a".utf8)) == .line(number: 2, expected: "", found: nil))
        #expect(FirstDifference.between(expected: [0xd0, 0x0d, 0, 1], found: [0xd0, 0x0d, 0, 2]) == .byte(offset: 3, expected: 1, found: 2))
        #expect(FirstDifference.between(expected: [0xd0, 0x0d], found: [0xd0, 0x0d, 0]) == .byte(offset: 2, expected: nil, found: 0))
    }
}
