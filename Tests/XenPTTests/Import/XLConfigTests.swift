import Diagnostics
import Testing
@testable import XenPT

/// The xl configuration reader: libxlutil's syntax, and a located error for every malformed input.
@Suite struct XLConfigTests {
    func parse(_ text: String) -> (XLConfig?, [Diagnostic]) {
        XLConfig.parse(Array(text.utf8), file: "guest.cfg")
    }

    /// `file:line:col: code: message` of the single error.
    func error(_ text: String) -> String {
        let (config, diagnostics) = parse(text)
        guard config == nil, diagnostics.count == 1, let location = diagnostics[0].location else { return "no single located error: \(diagnostics)" }
        return "\(location.line):\(location.column): \(diagnostics[0].code): \(diagnostics[0].message)"
    }

    @Test func readsStringsNumbersListsAndComments() throws {
        let (config, diagnostics) = parse("""
            # a comment
            name = "net" ; memory = 512   # trailing comment
            cmdline='console=hvc0 "quoted"'
            kernel = "/a\\\\b\\"c\\n"
            irqs = [ 112,
                     113, 0x72, ]
            dtdev = []

            """)
        #expect(diagnostics.isEmpty)
        let settings = try #require(config).settings
        #expect(settings.map(\.key) == ["name", "memory", "cmdline", "kernel", "irqs", "dtdev"])
        guard case .atom(let name) = settings[0].value, case .atom(let memory) = settings[1].value,
              case .atom(let cmdline) = settings[2].value, case .atom(let kernel) = settings[3].value,
              case .list(let irqs, _) = settings[4].value, case .list(let dtdev, _) = settings[5].value else {
            Issue.record("unexpected shapes: \(settings)")
            return
        }
        #expect(name.text == "net" && name.isString)
        #expect(memory.text == "512" && !memory.isString)
        #expect(cmdline.text == "console=hvc0 \"quoted\"")
        #expect(kernel.text == "/a\\b\"c\n")
        #expect(irqs.map(\.text) == ["112", "113", "0x72"])
        #expect(irqs.map(\.range.start.line) == [5, 6, 6])
        #expect(dtdev.isEmpty)
    }

    @Test func everyMalformedInputIsALocatedError() {
        #expect(error("name = \"net\n") == "1:8: XPT-E101: xl syntax error: the string is not closed on its line")
        #expect(error("name \"net\"\n") == "1:6: XPT-E101: xl syntax error: expected `=` after `name`, found `\"`")
        #expect(error("= 1\n") == "1:1: XPT-E101: xl syntax error: expected a setting name, found `=`")
        #expect(error("irqs = [ 1, 2\n") == "1:8: XPT-E101: xl syntax error: the list is not closed")
        #expect(error("irqs = [ 1 2 ]\n") == "1:12: XPT-E101: xl syntax error: expected `,` or `]` in the list, found `2`")
        #expect(error("irqs = [ [ 1 ] ]\n") == "1:10: XPT-E101: xl syntax error: expected a string, a number or a list, found `[`")
        #expect(error("name = net\n") == "1:8: XPT-E101: xl syntax error: expected a string, a number or a list, found `n`")
        #expect(error("name = \"a\" \"b\"\n") == "1:12: XPT-E101: xl syntax error: expected the end of the line after the value of `name`, found `\"`")
        #expect(error("kernel = \"a\\q\"\n") == "1:12: XPT-E101: xl syntax error: unknown escape `\\q`")
        #expect(error("memory = 1\nmemory = 2\n") == "2:1: XPT-E101: xl syntax error: `memory` is set twice")
        #expect(error("vif += [ 'x' ]\n") == "1:5: XPT-E101: xl syntax error: `+=` is not supported")
        #expect(error("memory =\n") == "1:9: XPT-E101: xl syntax error: expected a string, a number or a list, found the end of the line")
        #expect(error("name = \"\u{1}\"x\n") == "1:11: XPT-E101: xl syntax error: expected the end of the line after the value of `name`, found `x`")
        #expect(error("x = \u{7}\n") == "1:5: XPT-E101: xl syntax error: expected a string, a number or a list, found control character U+7")
    }

    @Test func refusesOversizedAndNonUTF8Input() {
        let big = XLConfig.parse([UInt8](repeating: 0x20, count: XLConfig.maximumBytes + 1), file: "big.cfg")
        #expect(big.0 == nil && big.1.map(\.message) == ["`big.cfg` is \(XLConfig.maximumBytes + 1) bytes; an xl configuration is at most \(XLConfig.maximumBytes)"])
        let binary = XLConfig.parse([0x6e, 0x3d, 0xff, 0xfe], file: "bin.cfg")
        #expect(binary.0 == nil && binary.1.map(\.message) == ["xl syntax error: the file is not UTF-8 text"])
    }

    @Test func iomemEntriesAreHexadecimalWithAnOptionalGuestFrame() {
        #expect(GuestImporter.parseIomem("0xfff51,0x1@0x4020").map { [$0.host, $0.count, $0.guest] } == [0xfff51, 1, 0x4020])
        #expect(GuestImporter.parseIomem("0xfff51,0x1@0x4020")?.explicit == true)
        #expect(GuestImporter.parseIomem("fff51,2").map { [$0.host, $0.count, $0.guest] } == [0xfff51, 2, 0xfff51])
        #expect(GuestImporter.parseIomem("fff51,2")?.explicit == false)
        #expect(GuestImporter.parseIomem("0xfff51,0") == nil)
        #expect(GuestImporter.parseIomem("0xfff51") == nil)
        #expect(GuestImporter.parseIomem("1,2@3@4") == nil)
        #expect(GuestImporter.parseIomem("fffffffffffff,0x10") == nil)
    }

    @Test func quotedYAMLEscapesEverythingThatCouldBreakTheLine() {
        #expect(GuestImporter.quote("a\"b\\c\nd\te\u{1}\u{7f}\u{85}\u{2028}é") == "\"a\\\"b\\\\c\\nd\\te\\u0001\\u007f\\u0085\\u2028é\"")
        #expect(GuestImporter.relativePath(from: "/w/examples/m/guests", to: "/w/examples/m/board.yaml") == "../board.yaml")
        #expect(GuestImporter.relativePath(from: "/w", to: "/w/board.yaml") == "board.yaml")
    }
}
