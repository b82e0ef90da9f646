import DeviceTree
import Diagnostics
import Foundation
import Testing

/// Random programs mixing merges, deletions, labels, references and `/omit-if-no-ref/`: dtc and
/// we must agree on accepting each one and, when accepted, on every byte.
@Suite("DTS compiler against dtc on generated programs", .enabled(if: DTCOracle.shouldRun, "dtc not installed: oracle comparison skipped"))
struct DTSDifferentialTests {
    /// Builds one random program from a seed.
    struct ProgramGenerator {
        var random: DTSRobustnessTests.Generator
        var labels: [String] = []
        let names = ["a", "b", "c@1", "d@2", "node", "x,y", "cpus", "cpu@0"]

        init(seed: UInt64) { random = DTSRobustnessTests.Generator(state: seed) }

        mutating func chance(_ percent: Int) -> Bool { random.below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[random.below(items.count)] }

        mutating func newLabel() -> String {
            labels.append("L\(labels.count + 1)")
            return labels[labels.count - 1]
        }

        mutating func value() -> String {
            var parts: [String] = []
            for _ in 0...random.below(3) {
                let kind = random.below(100)
                if kind < 30 {
                    parts.append("\"s\(random.below(4))\"")
                } else if kind < 60 {
                    var cells: [String] = []
                    for _ in 0..<random.below(4) {
                        if !labels.isEmpty && chance(30) {
                            cells.append("&" + pick(labels))
                        } else if chance(3) {
                            cells.append("&{/" + pick(names) + "}")
                        } else {
                            cells.append(String(random.below(6)))
                        }
                    }
                    parts.append("<" + cells.joined(separator: " ") + ">")
                } else if kind < 70 && !labels.isEmpty {
                    parts.append("&" + pick(labels))
                } else if kind < 80 {
                    parts.append("[" + (0..<random.below(4)).map { _ in String(format: "%02x", random.below(256)) }.joined(separator: " ") + "]")
                } else {
                    parts.append("/bits/ 8 <\(random.below(256))>")
                }
            }
            return parts.joined(separator: ", ")
        }

        mutating func body(depth: Int) -> String {
            var propertyNames = ["p", "q", "reg", "status", "compatible", "r#s", "p2", "q2"]
            if chance(10) { propertyNames += ["phandle", "name"] }
            var seen = Set<String>()
            var lines: [String] = []
            for _ in 0..<random.below(4) {
                let name = pick(propertyNames)
                guard seen.insert(name).inserted else { continue }
                let kind = random.below(100)
                if kind < 15 {
                    lines.append("/delete-property/ \(name);")
                } else if kind < 30 {
                    lines.append("\(name);")
                } else {
                    let label = chance(10) ? newLabel() + ": " : ""
                    lines.append("\(label)\(name) = \(value());")
                }
            }
            if depth < 3 {
                var used = Set<String>()
                for _ in 0..<random.below(4) {
                    let name = pick(names)
                    guard used.insert(name).inserted else { continue }
                    if chance(15) {
                        lines.append("/delete-node/ \(name);")
                    } else {
                        var prefix = chance(40) ? newLabel() + ": " : ""
                        if chance(10) { prefix = "/omit-if-no-ref/ " + prefix }
                        lines.append("\(prefix)\(name) { \(body(depth: depth + 1)) };")
                    }
                }
            }
            return lines.joined(separator: " ")
        }

        mutating func program() -> String {
            var out = ["/dts-v1/;"]
            if chance(20) { out.append("/plugin/;") }
            if chance(30) { out.append("/memreserve/ \(random.below(10)) \(1 + random.below(99));") }
            out.append("/ { \(body(depth: 0)) };")
            for _ in 0..<random.below(5) {
                let kind = random.below(100)
                if kind < 30 {
                    out.append("/ { \(body(depth: 0)) };")
                } else if kind < 60 && !labels.isEmpty {
                    out.append("&\(pick(labels)) { \(body(depth: 1)) };")
                } else if kind < 62 {
                    out.append("&{/\(pick(names))} { \(body(depth: 1)) };")
                } else if kind < 80 && !labels.isEmpty {
                    out.append("/delete-node/ &\(pick(labels));")
                } else if kind < 90 && !labels.isEmpty {
                    let target = pick(labels)
                    out.append("\(newLabel()): &\(target) { };")
                } else if !labels.isEmpty {
                    out.append("/omit-if-no-ref/ &\(pick(labels));")
                }
            }
            return out.joined(separator: "\n") + "\n"
        }
    }

    @Test("agreement on 1000 generated programs")
    func generated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xenpt-differential-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var accepted = 0
        for seed in UInt64(1)...1000 {
            var generator = ProgramGenerator(seed: seed &* 7919)
            let source = generator.program()
            let symbols = seed % 3 == 0
            let file = folder.appendingPathComponent("p\(seed).dts")
            try Data(source.utf8).write(to: file)
            let oracle = try DTCOracle.compileFile(file.path, symbols: symbols).blob
            let options = DTSCompileOptions(generateSymbols: symbols, usePreprocessor: .never)
            let direct = DTSCompiler.compileBlob(bytes: Array(source.utf8), path: file.path, options: options)
            switch DTSCompiler.compile(file: file.path, options: options) {
            case .success(let tree):
                let blob = try DTBWriter.write(tree)
                #expect(oracle == blob, "seed \(seed) (symbols \(symbols)) differs from dtc:\n\(source)")
                #expect((try? direct.get()) == blob, "seed \(seed) (symbols \(symbols)) compiled straight to a blob differs:\n\(source)")
                accepted += 1
            case .failure(let list):
                #expect(oracle == nil, "seed \(seed) rejected but dtc accepts: \(list.diagnostics.map(\.message))\n\(source)")
                if case .failure(.diagnostics(let directList)) = direct {
                    #expect(directList == list, "seed \(seed): the straight path reports other errors")
                } else {
                    Issue.record("seed \(seed) compiled straight to a blob, but the tree was rejected")
                }
            }
        }
        // The generator must exercise the accepting path, not only errors.
        #expect(accepted >= 20)
    }
}
