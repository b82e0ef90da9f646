import DeviceTree
import Diagnostics
import Foundation
import Testing

/// Truncated and mutated fixtures give results or diagnostics, never a trap or a hang.
@Suite("DTS compiler robustness")
struct DTSRobustnessTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    }

    static let sources: [String] = (DTCOracle.fixtureFiles("valid") + DTCOracle.fixtureFiles("symbols")).compactMap {
        try? String(contentsOfFile: $0, encoding: .utf8)
    }

    private func compileBoth(_ text: String) {
        let options = DTSCompileOptions(usePreprocessor: .never)
        for result in [DTSCompiler.compile(source: text, fileName: "fuzz.dts", options: options),
                       DTSCompiler.parse(source: text, fileName: "fuzz.dts", options: options)] {
            switch result {
            case .success(let tree):
                _ = try? DTBWriter.write(tree)
            case .failure(let list):
                #expect(!list.diagnostics.isEmpty)
                for diagnostic in list.diagnostics { #expect(diagnostic.code.hasPrefix("XPT-DTS-")) }
            }
        }
    }

    @Test("every truncation of every fixture")
    func truncations() {
        for source in Self.sources {
            let bytes = Array(source.utf8)
            var cut = 0
            while cut < bytes.count {
                compileBoth(String(decoding: bytes[..<cut], as: UTF8.self))
                cut += max(1, bytes.count / 97)
            }
        }
    }

    @Test("random byte mutations")
    func mutations() {
        var generator = Generator(state: 0x5eed)
        let alphabet = Array("{}[]<>();:,=&/\\\"'#@!~?*%^|+-.0x19afzAZ_ \n\t\u{0}\u{ff}".utf8)
        for source in Self.sources {
            for _ in 0..<60 {
                var bytes = Array(source.utf8)
                for _ in 0..<(1 + generator.below(4)) {
                    guard !bytes.isEmpty else { break }
                    let index = generator.below(bytes.count)
                    switch generator.below(3) {
                    case 0: bytes[index] = alphabet[generator.below(alphabet.count)]
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(alphabet[generator.below(alphabet.count)], at: index)
                    }
                }
                compileBoth(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    @Test("hostile shapes")
    func hostile() {
        let cases = [
            "", "/dts-v1/", "/dts-v1/;", "/dts-v1/; /", "/dts-v1/; / {", "/dts-v1/; / { a = <", "/dts-v1/; / { a = <(", "/dts-v1/; / { a = [",
            "/dts-v1/; / { a = \"", "/dts-v1/; / { a = '", "/dts-v1/; / { a = &{/", "/dts-v1/; / { a = /incbin/(", "/dts-v1/; /memreserve/",
            "/dts-v1/; / { }; /delete-node/ &{/};", "/dts-v1/; / { }; &{/} { };", "/dts-v1/; / { a: b { }; }; /delete-node/ &a; &a { };",
            "/dts-v1/; / { x = <&{/}>; y = &{/}; };", "/dts-v1/; / { p = <(1 ? 2 : )>; };", "#line 0 \"\"\n/dts-v1/; / { };",
            "# 99999999999999999999 \"x\"\n/dts-v1/; / { };", "/dts-v1/; / { a = /bits/ 64 <&x>; };", "/dts-v1/; / { a = /bits/ 99999999999999999999 <1>; };",
            "/dts-v1/;\n/plugin/;\n&a { b = <&c>; };\n&{/x} { };", "/dts-v1/; / { name; };", "/dts-v1/; / { phandle = <&{/}>; };",
        ]
        for text in cases { compileBoth(text) }
    }
}
