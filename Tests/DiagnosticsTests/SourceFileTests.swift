import Diagnostics
import Testing

@Suite struct SourceFileTests {
    @Test func splitsLinesOnEveryTerminator() {
        let file = SourceFile(path: "f", text: "a\nbb\r\nccc\rd\n")
        #expect(file.lineCount == 5)
        #expect(file.line(1) == "a")
        #expect(file.line(2) == "bb")
        #expect(file.line(3) == "ccc")
        #expect(file.line(4) == "d")
        #expect(file.line(5) == "")
        #expect(file.line(0) == nil)
        #expect(file.line(6) == nil)
        #expect(file.utf8Bounds(ofLine: 2)?.start == 2)
        #expect(file.utf8Bounds(ofLine: 2)?.end == 4)
        #expect(file.utf8Bounds(ofLine: 3)?.start == 6)
        #expect(file.utf8Bounds(ofLine: 3)?.end == 9)
    }

    @Test func emptyTextHasOneEmptyLine() {
        let file = SourceFile(path: "f", text: "")
        #expect(file.lineCount == 1)
        #expect(file.line(1) == "")
        #expect(file.utf8Offset(line: 1, column: 1) == 0)
        #expect(file.utf8Offset(line: 1, column: 2) == nil)
    }

    @Test func convertsScalarColumnsToUTF8Offsets() {
        // "é" is 2 bytes, "日" 3, "👍" 4; line 2 starts at byte 11.
        let file = SourceFile(path: "f", text: "é日👍x\n\tz")
        #expect(file.utf8Offset(line: 1, column: 1) == 0)
        #expect(file.utf8Offset(line: 1, column: 2) == 2)
        #expect(file.utf8Offset(line: 1, column: 3) == 5)
        #expect(file.utf8Offset(line: 1, column: 4) == 9)
        #expect(file.utf8Offset(line: 1, column: 5) == 10)
        #expect(file.utf8Offset(line: 1, column: 6) == nil)
        #expect(file.utf8Offset(line: 2, column: 2) == 12)
        #expect(file.utf8Offset(of: Location(file: "other", line: 2, column: 1)) == 11)
        #expect(file.utf8Offset(line: 1, column: 0) == nil)
        #expect(file.utf8Offset(line: 3, column: 1) == nil)
    }

    @Test func convertsScalarColumnsToCharacterOffsets() {
        // "e\u{301}" is one character made of two scalars.
        let file = SourceFile(path: "f", text: "cafe\u{301}!")
        #expect(file.characterOffset(line: 1, column: 4) == 3)
        #expect(file.characterOffset(line: 1, column: 5) == 3)
        #expect(file.characterOffset(line: 1, column: 6) == 4)
        #expect(file.characterOffset(line: 1, column: 7) == 5)
        #expect(file.characterOffset(line: 1, column: 8) == nil)
    }

    @Test func mapsUTF8OffsetsBackToLocations() {
        let file = SourceFile(path: "f", text: "é日\r\nx")
        #expect(file.location(ofUTF8Offset: 0) == Location(file: "f", line: 1, column: 1))
        #expect(file.location(ofUTF8Offset: 1) == Location(file: "f", line: 1, column: 1))
        #expect(file.location(ofUTF8Offset: 2) == Location(file: "f", line: 1, column: 2))
        #expect(file.location(ofUTF8Offset: 5) == Location(file: "f", line: 1, column: 3))
        #expect(file.location(ofUTF8Offset: 6) == Location(file: "f", line: 1, column: 3))
        #expect(file.location(ofUTF8Offset: 7) == Location(file: "f", line: 2, column: 1))
        #expect(file.location(ofUTF8Offset: 8) == Location(file: "f", line: 2, column: 2))
        #expect(file.location(ofUTF8Offset: 9) == nil)
        #expect(file.location(ofUTF8Offset: -1) == nil)
    }

    @Test func roundTripsEveryScalarPosition() {
        let file = SourceFile(path: "f", text: "a\tb\nдва 二\r\n\n👍🏽 end")
        for line in 1...file.lineCount {
            let scalars = file.line(line)!.unicodeScalars.count
            for column in 1...(scalars + 1) {
                let offset = file.utf8Offset(line: line, column: column)!
                #expect(file.location(ofUTF8Offset: offset) == Location(file: "f", line: line, column: column))
            }
        }
    }

    @Test func repairsInvalidUTF8() {
        let file = SourceFile(path: "f", bytes: [0x61, 0xFF, 0x0A, 0x62])
        #expect(file.line(1) == "a\u{FFFD}")
        #expect(file.line(2) == "b")
    }

    @Test func storeFindsFilesByPath() {
        var store = SourceStore([SourceFile(path: "b.dts", text: "old")])
        store.add(path: "a.yaml", text: "x: 1\ny: 2")
        store.add(path: "b.dts", text: "/ { };")
        #expect(store.paths == ["a.yaml", "b.dts"])
        #expect(store["b.dts"]?.text == "/ { };")
        #expect(store["c"] == nil)
        #expect(store.line(at: Location(file: "a.yaml", line: 2, column: 1)) == "y: 2")
        #expect(store.line(at: Location(file: "a.yaml", line: 3, column: 1)) == nil)
    }
}
