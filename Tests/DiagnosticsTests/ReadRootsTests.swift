import Diagnostics
import Foundation
import Testing
import XenPTTestSupport

/// The read roots: which files an input may name, symbolic links followed.
@Suite("Read roots")
struct ReadRootsTests {
    @Test func aFileBelowARootIsPermittedAndOneAboveIsNot() throws {
        try TemporaryDirectory.with { folder in
            let root = folder.appendingPathComponent("repo").path
            try FileManager.default.createDirectory(atPath: root + "/boards", withIntermediateDirectories: true)
            let roots = ReadRoots([root])
            #expect(roots.permits(root + "/boards/board.yaml"))
            #expect(roots.permits(root))
            #expect(!roots.permits(root + "/../secret"))
            #expect(!roots.permits(root + "-other/file"))
            #expect(!roots.permits("/etc/passwd"))
        }
    }

    @Test func aLinkIsJudgedByWhereItLeads() throws {
        try TemporaryDirectory.with { folder in
            let root = folder.appendingPathComponent("repo").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root + "/out.dts", withDestinationPath: "/etc/passwd")
            try FileManager.default.createSymbolicLink(atPath: root + "/etc", withDestinationPath: "/etc")
            try FileManager.default.createSymbolicLink(atPath: root + "/in.dts", withDestinationPath: "boards/x.dts")
            let roots = ReadRoots([root])
            #expect(!roots.permits(root + "/out.dts"))
            #expect(!roots.permits(root + "/etc/passwd"))
            #expect(roots.permits(root + "/in.dts"))
            #expect(ReadRoots.resolve(root + "/etc/nothing/../passwd") == "/etc/passwd")
        }
    }

    @Test func theWorkspaceRootIsTheNearestFolderHoldingGit() throws {
        try TemporaryDirectory.with { folder in
            let repo = ReadRoots.resolve(folder.appendingPathComponent("repo").path)
            try FileManager.default.createDirectory(atPath: repo + "/.git", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: repo + "/boards/b", withIntermediateDirectories: true)
            #expect(ReadRoots.workspaceRoot(of: repo + "/boards/b/board.yaml", workingFolder: "/") == repo)
            #expect(ReadRoots.workspaceRoot(of: repo + "/boards/b", workingFolder: "/") == repo)
        }
    }

    @Test func outsideGitTheWorkingFolderOrTheInputsFolderIsTheRoot() throws {
        try TemporaryDirectory.with { folder in
            let top = ReadRoots.resolve(folder.path)
            try FileManager.default.createDirectory(atPath: top + "/a/b", withIntermediateDirectories: true)
            #expect(ReadRoots.workspaceRoot(of: top + "/a/b/board.yaml", workingFolder: top) == top)
            #expect(ReadRoots.workspaceRoot(of: top + "/a/b/board.yaml", workingFolder: top + "/elsewhere") == top + "/a/b")
        }
    }
}
