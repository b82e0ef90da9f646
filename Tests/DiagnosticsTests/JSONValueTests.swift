import Diagnostics
import Testing

@Suite struct JSONValueTests {
    @Test func objectsKeepTheirOrderAndIndent() {
        let value = JSONValue.object([
            ("b", .array([.unsigned(18_446_744_073_709_551_615), .int(-3), .bool(false), .null])),
            ("a", .string("é / x")),
            ("$c", .object([])),
            ("d", .array([])),
        ])
        #expect(value.text == """
            {
              "b": [
                18446744073709551615,
                -3,
                false,
                null
              ],
              "a": "é / x",
              "$c": {},
              "d": []
            }

            """)
    }

    @Test func sortedObjectsOrderKeysByUTF8Bytes() {
        let value = JSONValue.sortedObject(["b": .int(1), "a": .int(2), "$c": .int(3), "B": .int(4), "é": .int(5)])
        #expect(value.members?.map(\.0) == ["$c", "B", "a", "b", "é"])
    }

    @Test func equalityComparesObjectsInOrder() {
        let ab = JSONValue.object([("a", .null), ("b", .null)])
        #expect(ab == .object([("a", .null), ("b", .null)]))
        #expect(ab != .object([("b", .null), ("a", .null)]))
        #expect(JSONValue.int(1) != .unsigned(1))
    }

    @Test func stringsEscapeEveryControlAndLineBreak() {
        let text = "quote \" backslash \\ newline \n tab \t bell \u{7} nul \u{0} us \u{1F} del \u{7F} nel \u{85} csi \u{9B} "
            + "ls \u{2028} ps \u{2029} bom \u{FEFF} é 😀"
        #expect(JSONString.quoted(text) == #""quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 us \u001f del \u007f nel \u0085 csi \u009b ls \u2028 ps \u2029 bom \ufeff é 😀""#)
    }
}
