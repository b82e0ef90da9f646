import Diagnostics
import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// Loads a guest manifest from text, returning the value and the diagnostics as `code@line:col`.
private func guest(_ text: String) -> (GuestManifest?, [String]) {
    let (root, parseProblems) = YAMLLoader.parse(text: text, file: "g.yaml")
    var diagnostics = parseProblems
    var manifest: GuestManifest?
    if let root { manifest = ManifestLoader.guest(root, file: "boards/x/g.yaml", diagnostics: &diagnostics) }
    return (manifest, diagnostics.map { "\($0.code)@\($0.primary.map { "\($0.range.start.line):\($0.range.start.column)" } ?? "-") \($0.message)" })
}

@Suite struct ManifestLoaderTests {
    @Test func readsEveryGuestKeyWithItsPosition() throws {
        let (manifest, problems) = guest("""
            guest: net
            board: ../board.yaml
            xen: "4.17"
            memory: 512M
            vcpus: 2
            trust: trusted
            gic: v3
            vuart: true
            passthrough:
              - device: /soc/ethernet@fff51000
                guest-address: 0x05000000
              - "&uart1"
              - device: serial0
                guest-address: identity
            waive:
              - rule: shared-irq
                at: /soc/ethernet@fff51000
                reason: "the other user is a disabled test block"
            """)
        #expect(problems == [])
        let value = try #require(manifest)
        #expect(value.name.value == "net")
        #expect(value.board.value == "boards/board.yaml")
        #expect(value.xen?.value == "4.17")
        #expect(value.memory?.value == 512 << 20)
        #expect(value.vcpus?.value == 2)
        #expect(value.gic?.value == "v3")
        #expect(value.vuart?.value == true)
        #expect(value.passthrough.map(\.device.value) == ["/soc/ethernet@fff51000", "&uart1", "serial0"])
        #expect(value.passthrough.map { $0.guestAddress?.value } == [.address(0x0500_0000), nil, .identity])
        #expect(value.passthrough[0].device.range.start == SourceLocation(file: "g.yaml", line: 10, column: 13))
        #expect(value.passthrough[0].device.range.end == SourceLocation(file: "g.yaml", line: 10, column: 35))
        #expect(value.passthrough[1].device.range.end.column == 13)
        #expect(value.passthrough[0].path.description == "passthrough[0]")
        #expect(value.waivers.map(\.rule.value) == ["shared-irq"])
    }

    @Test func unknownKeysSuggestTheNearestKnownOne() {
        let (_, problems) = guest("""
            guest: net
            board: b.yaml
            memroy: 512M
            passthrough:
              - device: /a
                guest_addres: auto
            """)
        #expect(problems == [
            "XPT-E003@3:1 unknown key `memroy`",
            "XPT-E005@1:1 missing required key `memory`",
            "XPT-E003@6:5 passthrough[0]: unknown key `guest_addres`",
        ])
    }

    @Test func valuesAreCheckedWithExplicitRules() {
        let (_, problems) = guest("""
            guest: net
            board: b.yaml
            xen: 4.x
            memory: 12X
            vcpus: yes
            vuart: on
            trust: trustd
            passthrough:
              - device: /a
                guest-address: 0x05000800
            waive:
              - rule: shared-irq
                reason: "  "
            """)
        #expect(problems == [
            "XPT-E006@4:9 memory: `12X` is not a memory size",
            "XPT-E006@10:20 passthrough[0].guest-address: guest address 0x5000800 is not 4 KiB aligned",
            "XPT-E006@13:13 waive[0].reason: a waiver needs a reason",
            "XPT-E006@3:6 xen: `4.x` is not a Xen release (MAJOR.MINOR)",
            "XPT-E006@5:8 vcpus: `yes` is not an integer",
            "XPT-E006@7:8 trust: `trustd` is not allowed here",
            "XPT-E006@6:8 vuart: `on` is not a boolean",
        ])
    }

    @Test func yamlSyntaxErrorsAreLocated() {
        let (_, problems) = guest("guest: net\nboard: [a\nmemory: 1G\n")
        #expect(problems == ["XPT-E001@3:7 yaml syntax error: did not find expected ',' or ']'"])
    }

    @Test func duplicateKeysPointAtBothPlaces() throws {
        let (root, problems) = YAMLLoader.parse(text: "guest: a\nmemory: 1G\nguest: b\n", file: "g.yaml")
        #expect(root == nil)
        let problem = try #require(problems.first)
        #expect(problem.code == "XPT-E002")
        #expect(problem.primary?.range.start == SourceLocation(file: "g.yaml", line: 3, column: 1))
        #expect(problem.secondary.map(\.range.start) == [SourceLocation(file: "g.yaml", line: 1, column: 1)])
    }

    @Test(arguments: [
        ("512M", UInt64(512) << 20), ("2G", UInt64(2) << 30), ("1024", UInt64(1024) << 20),
        ("65536K", UInt64(64) << 20), ("1GiB", UInt64(1) << 30), ("0x10M", UInt64(16) << 20),
    ])
    func memorySizes(_ text: String, _ bytes: UInt64) {
        #expect(ScalarReader.parseMemorySize(text) == bytes)
    }

    @Test(arguments: ["", "M", "-1M", "1.5G", "1P", "99999999999999999999G"])
    func badMemorySizes(_ text: String) {
        #expect(ScalarReader.parseMemorySize(text) == nil)
    }

    @Test func pathsNormaliseLexically() {
        #expect(PathNormalizer.join("examples/midway/guests", "../board.yaml") == "examples/midway/board.yaml")
        #expect(PathNormalizer.join(".", "a//b/./c") == "a/b/c")
        #expect(PathNormalizer.join("x", "/abs/../y") == "/y")
        #expect(PathNormalizer.join("..", "../a") == "../../a")
        #expect(PathNormalizer.directory(of: "file.yaml") == ".")
    }
}

@Suite struct ManifestEmptyValueTests {
    @Test func requiredKeysWithoutValueAndEmptyEntriesAreErrors() {
        let (manifest, problems) = guest("guest:\nboard: b.yaml\nmemory: 1G\npassthrough:\n  -\n")
        #expect(manifest == nil)
        #expect(problems == [
            "XPT-E006@1:1 guest: `guest` has no value",
            "XPT-E006@5:4 passthrough[0]: empty passthrough entry",
        ])
    }
}

@Suite struct ManifestFuzzTests {
    /// Deterministic mutations of a real manifest: every result is a value or diagnostics with
    /// a location, never a crash.
    @Test func mutatedManifestsNeverCrash() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("examples/midway/guests/net.yaml"), encoding: .utf8)
        let bytes = Array(text.utf8)
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(Int.max))
        }
        let alphabet = Array(":-[]{}&*!|>'\"#%@`\n\t 0x9aZ".utf8)
        var rejected = 0
        for _ in 0..<1500 {
            var mutated = bytes
            for _ in 0..<(1 + next() % 4) {
                let position = next() % (mutated.count + 1)
                switch next() % 3 {
                case 0 where position < mutated.count: mutated.remove(at: position)
                case 1: mutated.insert(alphabet[next() % alphabet.count], at: position)
                default: if position < mutated.count { mutated[position] = alphabet[next() % alphabet.count] }
                }
            }
            let (root, problems) = YAMLLoader.parse(text: String(decoding: mutated, as: UTF8.self), file: "m.yaml")
            var diagnostics = problems
            if let root { _ = ManifestLoader.guest(root, file: "m.yaml", diagnostics: &diagnostics) }
            if !diagnostics.isEmpty { rejected += 1 }
            #expect(diagnostics.allSatisfy { $0.primary == nil || $0.primary!.range.start.line >= 1 })
        }
        #expect(rejected > 100)
    }
}
