import Diagnostics
import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// `code@line:col message` of each diagnostic.
private func located(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.code)@\($0.primary.map { "\($0.range.start.line):\($0.range.start.column)" } ?? "-") \($0.message)" }
}

/// Parses and reads a guest manifest.
private func guest(_ text: String) -> [String] {
    let (root, parseProblems) = YAMLLoader.parse(text: text, file: "g.yaml")
    var diagnostics = parseProblems
    if let root { _ = ManifestLoader.guest(root, file: "g.yaml", diagnostics: &diagnostics) }
    return located(diagnostics)
}

/// Names that become folders, and strings that land in generated files, judged at load.
@Suite struct ManifestNameTests {
    @Test(arguments: [
        ("net", nil), ("net-0_a.b", nil), ("N3T", nil), (String(repeating: "a", count: 64), nil),
        ("", "the name is empty"),
        ("..", "a name cannot start with `.`"),
        (".", "a name cannot start with `.`"),
        ("./net", "`/` is not allowed in a name"),
        ("a/b", "`/` is not allowed in a name"),
        ("/etc", "`/` is not allowed in a name"),
        ("-rf", "a name cannot start with `-`"),
        ("a b", "U+0020 (space) is not allowed in a name"),
        ("a\nb", "U+000A (newline) is not allowed in a name"),
        ("a\0", "U+0000 (NUL) is not allowed in a name"),
        ("a\\b", "`\\` is not allowed in a name"),
        ("a:b", "`:` is not allowed in a name"),
        ("a;reset", "`;` is not allowed in a name"),
        ("a$x", "`$` is not allowed in a name"),
        ("a\"b", "`\"` is not allowed in a name"),
        ("a`b", "U+0060 (backquote) is not allowed in a name"),
        ("ｎet", "`ｎ` is not allowed in a name"),
        ("a\u{202E}b", "U+202E is not allowed in a name"),
        (String(repeating: "a", count: 65), "the name is longer than 64 characters"),
    ] as [(String, String?)])
    func nameRule(_ name: String, _ problem: String?) {
        #expect(ManifestText.nameProblem(name) == problem)
        // The JSON Schemas say the same, so an editor flags what the loader refuses.
        #expect((name.range(of: ValueSyntax.namePattern, options: .regularExpression) != nil) == (problem == nil))
    }

    @Test func folderKeysIgnoreCaseOnly() {
        #expect(ManifestText.folderKey("Net") == ManifestText.folderKey("net"))
        #expect(ManifestText.folderKey("net-1") != ManifestText.folderKey("net_1"))
    }

    @Test func badNamesAreLocatedErrors() throws {
        #expect(guest("guest: a/b\nboard: b.yaml\nmemory: 1M\n")
            == ["XPT-E006@1:8 guest: `a/b` is not a valid guest name: `/` is not allowed in a name"])
        #expect(guest("guest: ''\nboard: b.yaml\nmemory: 1M\n")
            == ["XPT-E006@1:8 guest: `` is not a valid guest name: the name is empty"])
        var diagnostics: [Diagnostic] = []
        let (root, _) = YAMLLoader.parse(text: "board: ..\nhost: h.dts\n", file: "b.yaml")
        #expect(ManifestLoader.board(try #require(root), file: "b.yaml", diagnostics: &diagnostics) == nil)
        #expect(located(diagnostics) == ["XPT-E006@1:8 board: `..` is not a valid board name: a name cannot start with `.`"])
    }

    @Test(arguments: ["kernel", "ramdisk", "cmdline", "device-tree"])
    func everyGeneratedStringRefusesControlCharacters(_ key: String) {
        for (escape, name) in [("\\0", "U+0000 (NUL)"), ("\\n", "U+000A (newline)"), ("\\r", "U+000D (carriage return)"),
                               ("\\t", "U+0009 (tab)"), ("\\e", "U+001B (ESC)"), ("\\a", "U+0007 (BEL)"),
                               ("\\x7f", "U+007F"), ("\\x85", "U+0085"), ("\\u2028", "U+2028"), ("\\u202e", "U+202E")] {
            #expect(guest("guest: g\nboard: b.yaml\nmemory: 1M\n\(key): \"x\(escape)y\"\n")
                == ["XPT-E006@4:\(key.count + 3) \(key): the value contains the control character \(name)"])
        }
        #expect(guest("guest: g\nboard: b.yaml\nmemory: 1M\n\(key): 'a \"quoted\" \\\\ value; $x #c'\n") == [])
    }

    @Test func blockScalarsGetTheirOwnHelp() throws {
        let (root, _) = YAMLLoader.parse(text: "guest: g\nboard: b.yaml\nmemory: 1M\ncmdline: |\n  quiet\n", file: "g.yaml")
        var diagnostics: [Diagnostic] = []
        _ = ManifestLoader.guest(try #require(root), file: "g.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.first?.help == ["control characters cannot be written into generated files; remove it",
                                            "a `|` or `>` block ends in a newline: use `|-` or `>-`, or a quoted string"])
        #expect(guest("guest: g\nboard: b.yaml\nmemory: 1M\ncmdline: >-\n  quiet\n  splash\n") == [])
    }

    @Test func waiverReasonsAreFreeTextButNotEscapes() {
        #expect(guest("guest: g\nboard: b.yaml\nmemory: 1M\nwaive:\n  - rule: XPT-IRQ-002\n    reason: |\n      line one\n      \tline two\n") == [])
        #expect(guest("guest: g\nboard: b.yaml\nmemory: 1M\nwaive:\n  - rule: XPT-IRQ-002\n    reason: \"ok\\e[2J\"\n")
            == ["XPT-E006@6:13 waive[0].reason: the value contains the control character U+001B (ESC)"])
    }

    @Test func dom0lessModulesMustEndBelow2To64() {
        let base = "guest: g\nboard: b.yaml\nmemory: 1M\ndom0less:\n"
        #expect(guest(base + "  kernel: {address: 0xffffffffffe00000, size: 0x200000}\n  device-tree: {address: 0x0}\n") == [])
        #expect(guest(base + "  kernel: {address: 0xffffffffffe00001, size: 0x200000}\n  device-tree: {address: 0x0}\n")
            == ["XPT-E006@5:47 dom0less.kernel.size: the kernel module at 0xffffffffffe00001 runs past the end of the 64-bit address space"])
        #expect(guest(base + "  kernel: {address: 0x0, size: 0x1}\n  ramdisk: {address: 0xffffffffffffffff, size: 0x2}\n  device-tree: {address: 0x0}\n")
            == ["XPT-E006@6:48 dom0less.ramdisk.size: the ramdisk module at 0xffffffffffffffff runs past the end of the 64-bit address space"])
    }
}

/// YAML that asks for more work than a manifest needs is refused before anything expands.
@Suite struct YAMLBudgetTests {
    static func aliases(_ count: Int) -> String {
        "a: &x 1\nb: [" + Array(repeating: "*x", count: count).joined(separator: ", ") + "]\n"
    }

    @Test func aliasCountIsBounded() {
        #expect(YAMLBudget.check(Self.aliases(YAMLBudget.maximumAliases), file: "f.yaml") == nil)
        let refused = YAMLBudget.check(Self.aliases(YAMLBudget.maximumAliases + 1), file: "f.yaml")
        #expect(refused.map { located([$0]) } == ["XPT-E012@2:\(5 + 4 * YAMLBudget.maximumAliases) the document uses more than 1000 aliases"])
    }

    @Test func nestingIsBounded() {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n" }
        // The document's own collection counts: a flow sequence at the root is level 1.
        #expect(YAMLBudget.check(nested(YAMLBudget.maximumDepth), file: "f.yaml") == nil)
        #expect(YAMLBudget.check(nested(YAMLBudget.maximumDepth + 1), file: "f.yaml").map { located([$0]) }
            == ["XPT-E012@1:65 mappings and sequences nest deeper than 64 levels"])
    }

    /// Nine levels of nine aliases: 9^9 nodes once expanded, counted without expanding.
    @Test func expansionIsCountedWithoutExpanding() {
        var text = "l0: &l0 [a, b, c, d, e, f, g, h, i]\n"
        for level in 1...9 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let refused = YAMLBudget.check(text, file: "f.yaml")
        #expect(refused?.code == "XPT-E012")
        #expect(refused?.message == "the document expands to more than 100000 nodes")
        // Levels 0-4 hold 10, 91, 820, 7381 and 66430 nodes: with the keys, 74742 nodes before
        // line 6, whose first alias of level 4 adds 66430 more and crosses the limit.
        #expect(refused.map { located([$0]) } == ["XPT-E012@6:10 the document expands to more than 100000 nodes"])
        // Within the limit, the same shape is fine and parses.
        let small = "l0: &l0 [a, b, c]\nl1: &l1 [*l0, *l0, *l0]\nl2: [*l1, *l1, *l1]\n"
        #expect(YAMLBudget.check(small, file: "f.yaml") == nil)
        #expect(YAMLLoader.parse(text: small, file: "f.yaml").1.isEmpty)
    }

    @Test func aliasesAsKeysAreBoundedBeforeYamsHashesThem() {
        var text = "k0: &k0 {a: [1, 2, 3, 4, 5, 6, 7, 8]}\n"
        for level in 1...12 {
            text += "k\(level): &k\(level) {? *k\(level - 1) : 1, ? [*k\(level - 1)] : 2, ? [*k\(level - 1), *k\(level - 1)] : 3}\n"
        }
        let (node, problems) = YAMLLoader.parse(text: text, file: "f.yaml")
        #expect(node == nil)
        #expect(problems.map(\.code) == ["XPT-E012"])
    }

    @Test func malformedYAMLIsLeftToYams() {
        #expect(YAMLBudget.check("a: [\n", file: "f.yaml") == nil)
        #expect(YAMLLoader.parse(text: "a: *undefined\n", file: "f.yaml").1.map(\.code) == ["XPT-E001"])
    }
}

/// A manifest that is not UTF-8 is blamed on its first bad byte.
@Suite struct NonUTF8ManifestTests {
    @Test(arguments: [
        ([0xff], 1, 1),
        (Array("guest: net".utf8) + [0xff], 1, 11),
        (Array("a: 1\nbb: 2\nccc: é".utf8) + [0xc3], 3, 7),
        (Array("a: é".utf8) + [0x80, 0x41], 1, 5),
        (Array("x\n\n  ".utf8) + [0xed, 0xa0, 0x80], 3, 3),
    ] as [([UInt8], Int, Int)])
    func locatesTheFirstInvalidByte(_ bytes: [UInt8], _ line: Int, _ column: Int) throws {
        try TemporaryDirectory.with(prefix: "utf8") { folder in
            let file = folder.appendingPathComponent("g.yaml")
            try Data(bytes).write(to: file)
            let (node, text, problems) = YAMLLoader.load(path: file.path, displayPath: "g.yaml")
            #expect(node == nil && text == nil)
            #expect(located(problems) == ["XPT-E007@\(line):\(column) cannot read `g.yaml`: not valid UTF-8"])
        }
    }

    @Test func theManifestNamingItIsASecondaryLabel() throws {
        try TemporaryDirectory.with(prefix: "utf8") { folder in
            let file = folder.appendingPathComponent("b.yaml")
            try Data([0x41, 0xfe]).write(to: file)
            let naming = SourceRange(start: SourceLocation(file: "g.yaml", line: 2, column: 8))
            let (_, _, problems) = YAMLLoader.load(path: file.path, displayPath: "b.yaml", requestedBy: naming)
            #expect(problems.first?.primary?.range.start == SourceLocation(file: "b.yaml", line: 1, column: 2))
            #expect(problems.first?.secondary.map(\.range) == [naming])
        }
    }
}
