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
            #expect(!setup.entries.contains(where: StagedFile.isTemporaryName), "a failed store left its temporary file: \(setup.entries)")
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
            let stored = try #require(setup.entries.first)
            let mode = try FileManager.default.attributesOfItem(atPath: setup.cache.folder + "/trees/" + stored)[.posixPermissions] as? Int
            #expect(mode == 0o600, "entries are private to the user")
            for (name, text) in [("notes.txt", "mine"), (".\(stored).xenpt-k3m9q2x7", "left by a killed run"), (".notes.xenpt-short", "mine")] {
                try Data(text.utf8).write(to: URL(fileURLWithPath: setup.cache.folder + "/trees/" + name))
            }
            #expect(try HostTreeCache.clear(folder: setup.cache.folder).get() == 2)
            #expect(setup.entries == [".notes.xenpt-short", "notes.txt"])
            #expect(try HostTreeCache.clear(folder: setup.folder.appendingPathComponent("none").path).get() == 0)
        }
    }

    /// Entry `name`'s modification time set to `seconds` after the epoch.
    static func setAge(_ setup: Setup, _ name: String, seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, setup.cache.folder + "/trees/" + name, &times, 0) == 0)
    }

    /// Keys that differ only in their first byte, each naming its own entry.
    static func keys(_ count: Int) -> [[UInt8]] {
        (0..<count).map { [UInt8($0)] + [UInt8](repeating: 0xab, count: 31) }
    }

    /// The file name an entry is stored under: its key in lowercase hex.
    static func entryName(_ key: [UInt8]) -> String {
        key.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Past the size limit the least recently used entries go, a hit counts as a use, and the
    /// entry just stored stays.
    @Test func leastRecentlyUsedEntriesAreEvictedPastTheLimit() throws {
        try Self.with { setup in
            let compiled = try setup.compile()
            let keys = Self.keys(4)
            setup.cache.store(key: keys[0], hostPath: setup.hostPath, compilation: compiled)
            let size = try #require(FileManager.default.attributesOfItem(atPath: setup.cache.folder + "/trees/" + setup.entries[0])[.size] as? Int)
            // Room for three entries, not four.
            let bounded = HostTreeCache(folder: setup.cache.folder, toolIdentity: "test 1", sizeLimit: 3 * size + size / 2)
            let names = keys.map(Self.entryName)
            bounded.store(key: keys[1], hostPath: setup.hostPath, compilation: compiled)
            bounded.store(key: keys[2], hostPath: setup.hostPath, compilation: compiled)
            #expect(setup.entries == names[0...2].sorted())
            for (age, name) in names[0...2].enumerated() { Self.setAge(setup, name, seconds: 1_000_000 + age) }
            // Entry 0 is the oldest; a hit makes it the newest, so entry 1 goes instead.
            #expect(bounded.load(key: keys[0], hostPath: setup.hostPath) == compiled.tree)
            bounded.store(key: keys[3], hostPath: setup.hostPath, compilation: compiled)
            #expect(setup.entries == [names[0], names[2], names[3]].sorted())
            #expect(bounded.load(key: keys[1], hostPath: setup.hostPath) == nil)
        }
    }

    /// Equal times are broken by name, so the same folder always loses the same entries; an
    /// entry larger than the whole limit is not written.
    @Test func evictionIsDeterministicAndBounded() throws {
        try Self.with { setup in
            let compiled = try setup.compile()
            let keys = Self.keys(3)
            let names = keys.map(Self.entryName)
            for key in keys { setup.cache.store(key: key, hostPath: setup.hostPath, compilation: compiled) }
            for name in names { Self.setAge(setup, name, seconds: 2_000_000) }
            let size = try #require(FileManager.default.attributesOfItem(atPath: setup.cache.folder + "/trees/" + names[0])[.size] as? Int)
            // Storing entry 0 again makes it the newest; of the two equally old, entry 1 (first by name) goes.
            let bounded = HostTreeCache(folder: setup.cache.folder, toolIdentity: "test 1", sizeLimit: 2 * size)
            bounded.store(key: keys[0], hostPath: setup.hostPath, compilation: compiled)
            #expect(setup.entries == [names[0], names[2]].sorted())

            let tiny = HostTreeCache(folder: setup.cache.folder, toolIdentity: "test 1", sizeLimit: size - 1)
            tiny.store(key: Self.keys(5)[4], hostPath: setup.hostPath, compilation: compiled)
            #expect(setup.entries == [names[0], names[2]].sorted(), "an entry above the limit was written or evicted others")
        }
    }

    @Test func defaultFolderFollowsXDG() {
        #expect(HostTreeCache.defaultFolder(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/xenpt")
        #expect(HostTreeCache.defaultFolder(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/xenpt")
        #expect(HostTreeCache.defaultFolder(environment: [:]) == nil)
    }
}
