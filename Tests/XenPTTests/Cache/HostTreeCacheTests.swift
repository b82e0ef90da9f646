import DeviceTree
import Foundation
import Testing
import XenPT
import XenPTTestSupport

/// The cache of compiled host trees gives back the tree it stored, and nothing when anything
/// the key or the entry stands for has changed or the folder holds something else.
@Suite struct HostTreeCacheTests {
    static let board = "/dts-v1/;\n/include/ \"soc.dtsi\"\n/ { l: dev@1 { reg = <1>; p = <&l>; }; };\n"
    static let soc = "/ { #address-cells = <1>; #size-cells = <0>; s: soc { compatible = \"simple-bus\"; }; };\n"

    /// A folder with the board and its include, a cache folder, and the compile the loader does.
    struct Setup {
        let folder: URL
        let cache: HostTreeCache
        var hostPath: String { folder.appendingPathComponent("board.dts").path }

        func compile() throws -> DTSCompilation {
            try DTSCompiler.compileTracked(bytes: source(), path: hostPath, options: DTSCompileOptions()).get()
        }

        func source() throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: hostPath))) }

        func key() throws -> [UInt8] {
            cache.key(hostPath: hostPath, sourceDigest: SHA256.digest(try source()), options: DTSCompileOptions())
        }

        var entries: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache.folder + "/trees")) ?? []).sorted()
        }
    }

    static func with(_ body: (Setup) throws -> Void) throws {
        try TemporaryDirectory.with(prefix: "host-tree-cache") { folder in
            try Data(board.utf8).write(to: folder.appendingPathComponent("board.dts"))
            try Data(soc.utf8).write(to: folder.appendingPathComponent("soc.dtsi"))
            try body(Setup(folder: folder, cache: HostTreeCache(folder: folder.appendingPathComponent("cache/xenpt").path, toolIdentity: "test 1")))
        }
    }

    @Test func storedTreeComesBackEqual() throws {
        try Self.with { setup in
            let compiled = try setup.compile()
            #expect(compiled.dependencies.map { URL(fileURLWithPath: $0).lastPathComponent } == ["soc.dtsi"])
            #expect(setup.cache.load(key: try setup.key(), hostPath: setup.hostPath) == nil)
            setup.cache.store(key: try setup.key(), hostPath: setup.hostPath, compilation: compiled)
            #expect(setup.entries.count == 1)
            #expect(setup.cache.load(key: try setup.key(), hostPath: setup.hostPath) == compiled.tree)
        }
    }

    @Test func changedIncludeIsAMiss() throws {
        try Self.with { setup in
            setup.cache.store(key: try setup.key(), hostPath: setup.hostPath, compilation: try setup.compile())
            try Data((Self.soc + "/ { added; };\n").utf8).write(to: setup.folder.appendingPathComponent("soc.dtsi"))
            #expect(setup.cache.load(key: try setup.key(), hostPath: setup.hostPath) == nil)
        }
    }

    @Test func otherToolOrOptionsIsAnotherKey() throws {
        try Self.with { setup in
            let digest = SHA256.digest(try setup.source())
            let other = HostTreeCache(folder: setup.cache.folder, toolIdentity: "test 2")
            #expect(other.key(hostPath: setup.hostPath, sourceDigest: digest, options: DTSCompileOptions()) != (try setup.key()))
            var options = DTSCompileOptions()
            options.includeDirectories = ["x"]
            #expect(setup.cache.key(hostPath: setup.hostPath, sourceDigest: digest, options: options) != (try setup.key()))
            #expect(setup.cache.key(hostPath: "other.dts", sourceDigest: digest, options: DTSCompileOptions()) != (try setup.key()))
        }
    }

    /// Garbage, truncated entries, flipped bytes, links and folders in an entry's place are
    /// misses, never a crash; the next store replaces them.
    @Test func hostileEntriesAreIgnored() throws {
        try Self.with { setup in
            let key = try setup.key()
            setup.cache.store(key: key, hostPath: setup.hostPath, compilation: try setup.compile())
            let entry = setup.cache.folder + "/trees/" + setup.entries[0]
            let good = try Data(contentsOf: URL(fileURLWithPath: entry))
            for damaged in [Data(), Data("garbage".utf8), good.prefix(good.count / 2), good + Data([0])] {
                try damaged.write(to: URL(fileURLWithPath: entry))
                #expect(setup.cache.load(key: key, hostPath: setup.hostPath) == nil)
            }
            var flipped = good
            flipped[good.count / 2] ^= 1
            try flipped.write(to: URL(fileURLWithPath: entry))
            #expect(setup.cache.load(key: key, hostPath: setup.hostPath) == nil)

            let elsewhere = setup.folder.appendingPathComponent("elsewhere").path
            try good.write(to: URL(fileURLWithPath: elsewhere))
            try FileManager.default.removeItem(atPath: entry)
            try FileManager.default.createSymbolicLink(atPath: entry, withDestinationPath: elsewhere)
            #expect(setup.cache.load(key: key, hostPath: setup.hostPath) == nil, "an entry that is a link is followed")

            try FileManager.default.removeItem(atPath: entry)
            try FileManager.default.createDirectory(atPath: entry, withIntermediateDirectories: false)
            #expect(setup.cache.load(key: key, hostPath: setup.hostPath) == nil)
            setup.cache.store(key: key, hostPath: setup.hostPath, compilation: try setup.compile())
            #expect(setup.entries.filter { $0.hasPrefix(".tmp-") }.isEmpty, "a failed store left its temporary file")
        }
    }

    /// A cache folder that is a link is not used: nothing is read through it or written there.
    @Test func linkedCacheFolderIsNotUsed() throws {
        try Self.with { setup in
            let target = setup.folder.appendingPathComponent("target")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: setup.cache.folder, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: setup.cache.folder + "/trees", withDestinationPath: target.path)
            setup.cache.store(key: try setup.key(), hostPath: setup.hostPath, compilation: try setup.compile())
            #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
            #expect(setup.cache.load(key: try setup.key(), hostPath: setup.hostPath) == nil)
        }
    }

    @Test func clearRemovesOnlyEntries() throws {
        try Self.with { setup in
            setup.cache.store(key: try setup.key(), hostPath: setup.hostPath, compilation: try setup.compile())
            let keep = setup.cache.folder + "/trees/notes.txt"
            try Data("mine".utf8).write(to: URL(fileURLWithPath: keep))
            #expect(try HostTreeCache.clear(folder: setup.cache.folder).get() == 1)
            #expect(setup.entries == ["notes.txt"])
            #expect(try HostTreeCache.clear(folder: setup.folder.appendingPathComponent("none").path).get() == 0)
        }
    }

    @Test func defaultFolderFollowsXDG() {
        #expect(HostTreeCache.defaultFolder(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/xenpt")
        #expect(HostTreeCache.defaultFolder(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/xenpt")
        #expect(HostTreeCache.defaultFolder(environment: [:]) == nil)
    }
}
