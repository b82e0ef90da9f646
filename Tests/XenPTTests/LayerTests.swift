import Foundation
import Testing
import XenPTTestSupport

/// XenPT's folders form layers that only look down: a file names no type declared in a folder
/// above its own, so no two folders depend on each other (no cycles). A new folder has to take a
/// place in the declared order before this passes.
@Suite struct LayerTests {
    /// XenPT's folders from the bottom up. `XenPT.swift` at the root is below all of them.
    static let layers = [
        "Manifest",   // YAML, locations, manifest fields and their fixed errors
        "Schema",     // shipped data: Xen releases, device classes
        "Resolve",    // the planner: records facts, raises only fixed errors
        "Lint",       // rules: each a check of the plan and host facts
        "Model",      // a loaded board and guest, and how a plan request is made from them
        "Generate",   // artifacts from plans
        "Output",     // writing artifacts and text out
        "Workspace",  // orchestration: loading, planning every guest, waivers, survey
        "Import",     // drafting manifests from existing boards and xl configs
        "Reference",  // the documentation: rule pages, fixed-error catalogue, manifest reference
    ]

    static let sources = packageRoot.appendingPathComponent("Sources/XenPT")

    /// Every `.swift` file under `folder`, relative path and text, in path order.
    static func swiftFiles(under folder: URL) -> [(path: String, text: String)] {
        let names = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        return names.filter { $0.hasSuffix(".swift") }.sorted().compactMap { name in
            (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        }
    }

    /// The code of a Swift file with comments and the literal parts of strings removed (string
    /// interpolations are kept, they are code), so words in messages and docs are not references.
    static func code(_ text: String) -> String {
        let chars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        /// Open strings: (closing delimiter, pound count, interpolation depth in parentheses when inside `\(`).
        var strings: [(multiline: Bool, pounds: Int, depth: Int?)] = []
        func at(_ offset: Int) -> Unicode.Scalar? { i + offset < chars.count ? chars[i + offset] : nil }
        while i < chars.count {
            let c = chars[i]
            if var top = strings.last, top.depth == nil {
                // Inside string text.
                if c == "\\" {
                    var j = i + 1, pounds = 0
                    while j < chars.count, chars[j] == "#", pounds < top.pounds { pounds += 1; j += 1 }
                    if pounds == top.pounds, j < chars.count, chars[j] == "(" {
                        top.depth = 0
                        strings[strings.count - 1] = top
                        out.append("(")
                        i = j + 1
                    } else {
                        i = j + (pounds == top.pounds ? 1 : 0)
                    }
                    continue
                }
                let quotes = top.multiline ? 3 : 1
                if c == "\"", (0..<quotes).allSatisfy({ at($0) == "\"" }), (0..<top.pounds).allSatisfy({ at(quotes + $0) == "#" }) {
                    strings.removeLast()
                    out.append("\"")
                    i += quotes + top.pounds
                    continue
                }
                if c == "\n" { out.append(c) }
                i += 1
                continue
            }
            // In code (top level or inside an interpolation).
            if c == "/", at(1) == "/" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", at(1) == "*" {
                var nesting = 0
                repeat {
                    if chars[i] == "/", at(1) == "*" { nesting += 1; i += 2 } else if chars[i] == "*", at(1) == "/" { nesting -= 1; i += 2 } else {
                        if chars[i] == "\n" { out.append("\n") }
                        i += 1
                    }
                } while i < chars.count && nesting > 0
                continue
            }
            var pounds = 0
            while at(pounds) == "#" { pounds += 1 }
            if at(pounds) == "\"" {
                let multiline = at(pounds + 1) == "\"" && at(pounds + 2) == "\""
                strings.append((multiline, pounds, nil))
                out.append("\"")
                i += pounds + (multiline ? 3 : 1)
                continue
            }
            if var top = strings.last, let depth = top.depth {
                if c == "(" { top.depth = depth + 1 }
                if c == ")" { top.depth = depth == 0 ? nil : depth - 1 }
                strings[strings.count - 1] = top
                out.append(c)
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// Types declared at the top level of `code`.
    static func declaredTypes(in code: String) -> [String] {
        let pattern = #"(?m)^(?:(?:public|package|internal|fileprivate|private|final|indirect|nonisolated) )*(?:struct|enum|class|protocol|typealias|actor) (\w+)"#
        let expression = try! NSRegularExpression(pattern: pattern)
        let text = code as NSString
        return expression.matches(in: code, range: NSRange(location: 0, length: text.length)).map { text.substring(with: $0.range(at: 1)) }
    }

    /// Capitalised names in `code` that are not a member of something else (`Yams.Resolver`).
    static func namedTypes(in code: String) -> Set<String> {
        let expression = try! NSRegularExpression(pattern: #"(?<![.\w])[A-Z]\w*"#)
        let text = code as NSString
        return Set(expression.matches(in: code, range: NSRange(location: 0, length: text.length)).map { text.substring(with: $0.range) })
    }

    /// One reference against the direction: `file` in `folder` names `type` declared in `owner`, above it.
    struct Violation: Equatable, CustomStringConvertible {
        let folder: String, file: String, type: String, owner: String
        var description: String { "\(folder)/\(file) names `\(type)` from \(owner), a layer above it" }
    }

    /// References that look up or sideways into a folder not below: `files` are (folder, path, code).
    static func violations(layers: [String], files: [(folder: String, path: String, code: String)]) -> [Violation] {
        var owner: [String: String] = [:]
        for file in files { for type in declaredTypes(in: file.code) { owner[type] = file.folder } }
        // The root folder ("") is below every layer.
        let rank = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($1, $0) } + [("", -1)])
        var out: [Violation] = []
        for file in files {
            for type in namedTypes(in: file.code).sorted() {
                guard let home = owner[type], home != file.folder else { continue }
                if (rank[home] ?? Int.max) > (rank[file.folder] ?? -1) {
                    out.append(Violation(folder: file.folder, file: file.path, type: type, owner: home))
                }
            }
        }
        return out
    }

    /// Every Swift file of XenPT with its folder (`XenPT.swift` at the root is in folder "").
    static func xenptFiles() -> [(folder: String, path: String, code: String)] {
        swiftFiles(under: sources).map { file in
            let parts = file.path.split(separator: "/", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1]), code(file.text)) : ("", file.path, code(file.text))
        }
    }

    @Test func everyFolderHasAPlaceInTheOrder() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.sources.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
        }
        #expect(folders.sorted() == Self.layers.sorted())
    }

    @Test func everyFolderNamesOnlyTypesFromBelow() {
        let files = Self.xenptFiles()
        // The scan sees declarations and references, or this test could not fail.
        let declared = Set(files.flatMap { Self.declaredTypes(in: $0.code) })
        #expect(declared.isSuperset(of: ["Workspace", "Linter", "GuestPlan", "Artifact", "XenRelease", "YAMLNode", "RuleDocumentation"]))
        #expect(files.contains { $0.folder == "Workspace" && Self.namedTypes(in: $0.code).contains("Linter") })
        for violation in Self.violations(layers: Self.layers, files: files) {
            Issue.record("\(violation)")
        }
    }

    /// The check itself: a lower folder naming an upper folder's type is reported, the other way is not,
    /// and names inside comments and message text do not count while interpolated code does.
    @Test func anUpwardReferenceIsReported() {
        let files: [(folder: String, path: String, code: String)] = [
            ("Resolve", "Planner.swift", Self.code("struct Planner {\n    // a Linter is above us\n    let note = \"the Linter said\"\n}\n")),
            ("Lint", "Linter.swift", Self.code("struct Linter { let planner: Planner }\n")),
            ("Resolve", "Plan.swift", Self.code("struct Plan { let text = \"\\(Linter.self)\" }\n")),
        ]
        #expect(Self.violations(layers: ["Resolve", "Lint"], files: files)
                == [Violation(folder: "Resolve", file: "Plan.swift", type: "Linter", owner: "Lint")])
        #expect(Self.violations(layers: ["Lint", "Resolve"], files: files)
                == [Violation(folder: "Lint", file: "Linter.swift", type: "Planner", owner: "Resolve")])
    }

    @Test func stringsAndCommentsAreNotCode() {
        #expect(Self.code(#"let a = "Board \(b.c("x")) Guest" /* Plan */ // Model"#) == #"let a = "(b.c(""))"  "#)
        #expect(Self.code("let r = #\"Guest \"quoted\" \\#(x)\"#\nlet m = \"\"\"\nWorkspace\n\"\"\"\n") == "let r = \"(x)\"\nlet m = \"\n\n\"\n")
    }
}
