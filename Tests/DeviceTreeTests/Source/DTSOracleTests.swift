import DeviceTree
import Diagnostics
import Foundation
import Testing

/// Every valid fixture compiles to the same bytes as `dtc -I dts -O dtb` (with `-@` for the
/// `symbols/` fixtures, whose sources are also compiled without it).
@Suite("DTS compiler against dtc", .enabled(if: DTCOracle.shouldRun, "dtc not installed: oracle comparison skipped"))
struct DTSOracleTests {
    static let valid = DTCOracle.fixtureFiles("valid")
    static let symbols = DTCOracle.fixtureFiles("symbols")

    /// An emptied or misplaced fixture folder must fail, not pass with no cases.
    @Test func fixtureFoldersAreNotEmpty() {
        #expect(Self.valid.count >= 15, "only \(Self.valid.count) valid fixtures")
        #expect(Self.symbols.count >= 7, "only \(Self.symbols.count) symbols fixtures")
    }

    private func check(_ file: String, symbols: Bool) throws {
        let (expected, errors) = try DTCOracle.compileFile(file, symbols: symbols)
        let oracle = try #require(expected, "dtc rejected \(file): \(errors)")
        for shapes in [false, true] {
            try check(file, symbols: symbols, shapes: shapes, oracle: oracle)
        }
    }

    private func check(_ file: String, symbols: Bool, shapes: Bool, oracle: [UInt8]) throws {
        let options = DTSCompileOptions(generateSymbols: symbols, usePreprocessor: .never, preserveValueShapes: shapes)
        let tree: DeviceTree
        switch DTSCompiler.compile(file: file, options: options) {
        case .success(let compiled): tree = compiled
        case .failure(let list):
            Issue.record("rejected \(file): \(list.diagnostics.map { "\($0.code) \($0.message) at \($0.location?.description ?? "-")" })")
            return
        }
        let blob = try DTBWriter.write(tree)
        #expect(DTCOracle.firstDifference(blob, oracle) == nil, "\(file) differs from dtc (shapes \(shapes); ours \(blob.count) bytes, dtc \(oracle.count) bytes)")
        // The straight path from source to blob (`xenpt dt compile`) gives the same bytes.
        let source = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let direct = try DTSCompiler.compileBlob(bytes: source, path: file, options: options).get()
        #expect(DTCOracle.firstDifference(direct, oracle) == nil, "\(file) compiled straight to a blob differs from dtc (shapes \(shapes))")
    }

    @Test("plain sources", arguments: valid)
    func plain(_ file: String) throws {
        try check(file, symbols: false)
    }

    @Test("overlay and symbol sources with -@", arguments: symbols)
    func withSymbols(_ file: String) throws {
        try check(file, symbols: true)
    }

    @Test("overlay and symbol sources without -@", arguments: symbols)
    func withoutSymbols(_ file: String) throws {
        try check(file, symbols: false)
    }

    @Test("the corpus is not empty")
    func corpus() {
        #expect(Self.valid.count >= 10)
        #expect(Self.symbols.count >= 3)
    }
}
