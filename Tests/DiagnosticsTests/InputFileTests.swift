import Diagnostics
import Foundation
import Testing

/// The bounded reader: each way a path can fail to be a readable regular file has its reason.
@Suite("input files")
struct InputFileTests {
    /// A fresh folder, removed by the caller.
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "/xenpt-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func failure(_ path: String, limit: Int = InputFile.treeSizeLimit) -> InputFile.Failure? {
        if case .failure(let failure) = InputFile.read(path, limit: limit) { return failure }
        return nil
    }

    @Test func readsARegularFileWhole() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: root + "/blob"))
        #expect(try InputFile.read(root + "/blob", limit: InputFile.treeSizeLimit).get() == bytes)
    }

    @Test func readsAnEmptyFile() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        FileManager.default.createFile(atPath: root + "/empty", contents: Data())
        #expect(try InputFile.read(root + "/empty", limit: 10).get() == [])
    }

    @Test func followsASymbolicLinkToAFile() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        FileManager.default.createFile(atPath: root + "/target", contents: Data("abc".utf8))
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: "target")
        #expect(try InputFile.read(root + "/link", limit: 10).get() == Array("abc".utf8))
    }

    @Test func aFileAtTheLimitIsReadAndOneByteMoreIsTooLarge() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        FileManager.default.createFile(atPath: root + "/five", contents: Data("12345".utf8))
        #expect(try InputFile.read(root + "/five", limit: 5).get() == Array("12345".utf8))
        #expect(failure(root + "/five", limit: 4) == .tooLarge(size: 5, limit: 4))
        #expect(InputFile.Failure.tooLarge(size: 5, limit: 4).description == "is 5 bytes, larger than the 4-byte limit")
        #expect(InputFile.Failure.tooLarge(size: 70 << 20, limit: InputFile.treeSizeLimit).description
            == "is 73400320 bytes, larger than the 64 MiB limit")
    }

    @Test func aSparseFileOverTheTreeCapIsRefusedUnread() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/huge.dtb"
        FileManager.default.createFile(atPath: path, contents: Data())
        #expect(truncate(path, off_t(InputFile.treeSizeLimit + 1)) == 0)
        #expect(failure(path) == .tooLarge(size: InputFile.treeSizeLimit + 1, limit: InputFile.treeSizeLimit))
    }

    @Test func aMissingFile() {
        #expect(failure("/nonexistent/xenpt/board.dts") == .missing)
        #expect(failure("") == .missing)
        #expect(InputFile.Failure.missing.description == "no such file")
    }

    @Test func aPathThroughAFileIsMissing() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        FileManager.default.createFile(atPath: root + "/file", contents: Data())
        #expect(failure(root + "/file/inside") == .missing)
    }

    @Test func aDanglingSymbolicLinkIsMissing() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/dangling", withDestinationPath: "nowhere")
        #expect(failure(root + "/dangling") == .missing)
    }

    @Test func aSymbolicLinkLoop() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/a", withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: root + "/b", withDestinationPath: "a")
        #expect(failure(root + "/a") == .symbolicLinkLoop)
        #expect(InputFile.problem(at: root + "/a") == .symbolicLinkLoop)
        #expect(InputFile.Failure.symbolicLinkLoop.description == "symbolic link loop (too many levels of symbolic links)")
    }

    @Test func aFolder() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(failure(root) == .folder)
        #expect(InputFile.problem(at: root) == nil)
        #expect(InputFile.isFolder(root))
        #expect(InputFile.Failure.folder.description == "is a folder, not a file")
    }

    @Test func characterDevicesAreNotRead() {
        #expect(failure("/dev/null") == .notRegularFile(kind: "a character device"))
        #expect(failure("/dev/zero") == .notRegularFile(kind: "a character device"))
        #expect(InputFile.problem(at: "/dev/zero") == .notRegularFile(kind: "a character device"))
        #expect(InputFile.Failure.notRegularFile(kind: "a character device").description == "is a character device, not a regular file")
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(mkfifo(root + "/pipe", 0o600) == 0)
        #expect(failure(root + "/pipe") == .notRegularFile(kind: "a fifo"))
    }

    @Test func theCapsAreDocumentedValues() {
        #expect(InputFile.treeSizeLimit == 64 << 20)
        #expect(InputFile.manifestSizeLimit == 4 << 20)
    }
}
