@testable import DeviceTree
import Diagnostics
import Testing

/// Integer expressions evaluate like dtc: 64-bit unsigned, C precedence, truncated to the cell.
@Suite("DTS integer expressions")
struct DTSExpressionTests {
    private func evaluate(_ expression: String, bits: Int = 64) throws -> UInt64 {
        let source = "/dts-v1/;\n/ { v = /bits/ \(bits) <\(expression)>; };\n"
        let tree = try DTSCompiler.compile(source: source, fileName: "e.dts", options: DTSCompileOptions(usePreprocessor: .never)).get()
        let bytes = try #require(tree.root.property("v")?.bytes)
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static let cases: [(String, UInt64)] = [
        ("(1 + 2 * 3)", 7), ("((1 + 2) * 3)", 9), ("(10 - 3 - 2)", 5), ("(100 / 7 / 2)", 7),
        ("(100 % 7)", 2), ("(-1)", .max), ("(~0)", .max), ("(!0)", 1), ("(!7)", 0),
        ("(1 << 4 | 1)", 17), ("(0xff & 0x0f ^ 0x3)", 0x0c), ("(1 | 2 ^ 3 & 4)", 3),
        ("(2 + 3 == 5)", 1), ("(1 != 1)", 0), ("(1 < 2 == 1)", 1), ("(3 >= 4)", 0), ("(2 <= 2)", 1), ("(2 > 1)", 1),
        ("(1 && 0)", 0), ("(0 || 7)", 1), ("(1 || 0 && 0)", 1), ("(0 && 1 || 1)", 1),
        ("(1 ? 2 : 3)", 2), ("(0 ? 2 : 0 ? 4 : 5)", 5), ("(1 ? 0 ? 6 : 7 : 8)", 7),
        ("(1 << 63)", 1 << 63), ("(1 << 64)", 0), ("(1 << 65)", 0), ("(0x8000000000000000 >> 63)", 1), ("(5 >> 64)", 0),
        ("(0xffffffffffffffff + 2)", 1), ("(0 - 1)", .max), ("(0x100000000 * 0x100000000)", 0),
        ("(-5 / 2)", (0 &- 5) / 2), ("(- -3)", 3), ("(~~7)", 7), ("(!!9)", 1), ("(-(1))", .max),
        ("10U", 10), ("10L", 10), ("10UL", 10), ("10ULL", 10), ("10LL", 10), ("0x10U", 16), ("017", 15), ("0", 0),
        ("0XAbC", 0xabc), ("'a'", 97), ("'\\n'", 10), ("'\\x41'", 0x41), ("'\\101'", 0o101), ("'\\0'", 0), ("'\\''", 39),
        ("('a' + 1)", 98), ("(((((((1)))))))", 1), ("(18446744073709551615)", .max),
    ]

    @Test("values", arguments: cases)
    func value(_ item: (String, UInt64)) throws {
        #expect(try evaluate(item.0) == item.1, "\(item.0)")
    }

    @Test("cells keep the low bits of negative values")
    func truncation() throws {
        #expect(try evaluate("(-1)", bits: 32) == 0xffff_ffff)
        #expect(try evaluate("(-2)", bits: 16) == 0xfffe)
        #expect(try evaluate("(-1)", bits: 8) == 0xff)
        #expect(try evaluate("255", bits: 8) == 0xff)
    }

    @Test("division by zero reports the start of the term")
    func divisionByZero() {
        let source = "/dts-v1/;\n/ { v = <(6 * 2 / 0)>; };\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "e.dts", options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.map(\.code) == ["XPT-DTS-DIVISION-BY-ZERO"])
        #expect(list.diagnostics.first?.location == SourceLocation(file: "e.dts", line: 2, column: 11))
        #expect(list.diagnostics.first?.message == "division by zero")
    }
}

/// The lexer's start conditions and longest-match choices, as in dtc's flex lexer.
@Suite("DTS lexer")
struct DTSLexerTests {
    private func kinds(_ text: String, state: DTSLexState = .v1) -> [DTSTokenKind] {
        let lexer = DTSLexer(source: Array(text.utf8), fileName: "l.dts", directory: "", includeDirectories: [])
        lexer.state = state
        var result: [DTSTokenKind] = []
        while true {
            let token = lexer.next()
            if token.kind == .end { break }
            result.append(token.kind)
            if result.count > 100 { break }
        }
        return result
    }

    @Test("names after '{' and ';', numbers after '='")
    func states() {
        #expect(kinds("{ 123 = 123;") == [.char(123), .propNodeName, .char(61), .literal, .char(59)])
        #expect(kinds("{ #address-cells = <1>;") == [.char(123), .propNodeName, .char(61), .char(60), .literal, .char(62), .char(59)])
        #expect(kinds("{ cpu@0 {") == [.char(123), .propNodeName, .char(123)])
    }

    @Test("a label beats a name when a colon follows")
    func labelVersusName() {
        #expect(kinds("{ lbl: node {", state: .propNodeName) == [.char(123), .label, .propNodeName, .char(123)])
        #expect(kinds("{ a-b: x", state: .propNodeName) == [.char(123), .propNodeName, .char(58), .char(120)])
    }

    @Test("references and operators")
    func references() {
        #expect(kinds("<&foo &{/a/b@1} &&>") == [.char(60), .labelRef, .pathRef, .logicalAnd, .char(62)])
        #expect(kinds("(1<<2>>3<=4>=5==6!=7||8)") == [.char(40), .literal, .leftShift, .literal, .rightShift, .literal, .lessEqual, .literal, .greaterEqual, .literal, .equal, .literal, .notEqual, .literal, .logicalOr, .literal, .char(41)])
        #expect(kinds("&{nope}") == [.char(38), .char(123), .propNodeName, .char(125)])
    }

    @Test("byte strings pair hex digits")
    func byteStrings() {
        #expect(kinds("[0011 22 ab:]") == [.char(91), .byte, .byte, .byte, .label, .char(93)])
        #expect(kinds("[0 1]") == [.char(91), .char(48), .char(49), .char(93)])
    }

    @Test("comments, keywords and literal suffixes")
    func misc() {
        #expect(kinds("/* a */ // b\n /dts-v1/ /plugin/ /bits/ /incbin/ 1ULL 0x1fU") == [.v1, .plugin, .bits, .incbin, .literal, .literal])
        #expect(kinds("/* no") == [.char(47), .char(42), .char(110), .char(111)])
        #expect(kinds("// no") == [.char(47), .char(47), .char(110), .char(111)])
        #expect(kinds("1LU") == [.literal, .char(85)])
    }

    @Test("character literals take the longest match like flex")
    func characterLiterals() {
        #expect(kinds("'a' 'b'") == [.charLiteral, .charLiteral])
        #expect(kinds("'\\'' 'b'") == [.charLiteral, .charLiteral])
        // dtc's regex lets a backslash-escaped quote continue the literal to a later quote.
        #expect(kinds("'\\\\' 'b'") == [.charLiteral, .char(98), .char(39)])
    }

    @Test("escapes decode like dtc")
    func escapes() {
        func decode(_ text: String) -> ([UInt8], Bool) { DTSLexer.unescape(ArraySlice(Array(text.utf8))) }
        #expect(decode("a\\tb").0 == [97, 9, 98, 0])
        #expect(decode("\\x4a\\x4").0 == [0x4a, 0x04, 0])
        #expect(decode("\\101\\0\\777").0 == [0o101, 0, 0xff, 0])
        #expect(decode("\\q\\\\\\\"").0 == [113, 92, 34, 0])
        #expect(decode("\\a\\b\\v\\f\\r\\n").0 == [7, 8, 11, 12, 13, 10, 0])
        #expect(decode("\\xg").1)
    }

    @Test("line markers set the file and line of what follows")
    func lineMarkers() throws {
        let source = "/dts-v1/;\n# 40 \"board.dts\"\n/ {\n#line 7 \"inc.dtsi\" 1\n\tx = <&nope>;\n};\n"
        guard case .failure(let list) = DTSCompiler.compile(source: source, fileName: "pre.dts", options: DTSCompileOptions(usePreprocessor: .never)) else {
            Issue.record("accepted")
            return
        }
        #expect(list.diagnostics.first?.location == SourceLocation(file: "inc.dtsi", line: 7, column: 7))
    }
}
