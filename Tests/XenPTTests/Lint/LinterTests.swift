import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// The registry against the rule files: every rule defined in `Lint/Rules/` is registered once,
/// every rule raised anywhere is registered, and a rule with a check is raised only by it.
@Suite struct LinterTests {
    /// A rule as its file defines it.
    struct RuleFile {
        let file: String
        let text: String
        /// `static let NAME = RuleDescription(… code: "CODE"` pairs.
        let descriptions: [(name: String, code: String)]
        /// `static let NAME = LintRule(` names.
        let checks: [String]
    }

    static let sources = packageRoot.appendingPathComponent("Sources/XenPT")

    static func swiftFiles(under folder: URL) -> [(path: String, text: String)] {
        let names = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        return names.filter { $0.hasSuffix(".swift") }.sorted().compactMap { name in
            (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        }
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
        }
    }

    static let ruleFiles: [RuleFile] = swiftFiles(under: sources.appendingPathComponent("Lint/Rules")).map { file in
        RuleFile(file: file.path, text: file.text,
                 descriptions: matches(#"static let (\w+) = RuleDescription\(\s*code: "([A-Z0-9-]+)""#, in: file.text).map { ($0[0], $0[1]) },
                 checks: matches(#"static let (\w+) = (?:LintRule|BoardRule)\("#, in: file.text).map { $0[0] })
    }

    @Test func everyRuleFileDefinesARule() {
        #expect(!Self.ruleFiles.isEmpty)
        for file in Self.ruleFiles {
            #expect(!file.descriptions.isEmpty, "\(file.file) defines no rule")
        }
    }

    @Test func everyDefinedRuleIsRegisteredOnce() {
        let defined = Self.ruleFiles.flatMap(\.descriptions).map(\.code).sorted()
        let registered = RuleRegistry.all.map(\.code).sorted()
        #expect(defined == registered)
        #expect(Set(registered).count == registered.count, "a rule is registered twice")
        #expect(Set(RuleRegistry.all.map(\.name)).count == registered.count, "two rules share a name")
    }

    @Test func everyCheckIsRegisteredOnceAndBelongsToARegisteredRule() {
        let codes = Linter.rules.map(\.description.code) + BoardLinter.rules.map(\.description.code)
        #expect(Set(codes).count == codes.count, "a check is registered twice")
        #expect(Set(codes).isSubset(of: Set(RuleRegistry.all.map(\.code))))
        #expect(Self.ruleFiles.flatMap(\.checks).count == codes.count, "a rule file's check is not in Linter.rules")
        #expect(Set(codes).isDisjoint(with: Linter.raisedByWaivers))
        #expect(Set(codes).union(Linter.raisedByWaivers) == Set(RuleRegistry.all.map(\.code)), "a registered rule has no check")
    }

    /// The board checks are exactly the rules of the board family, each defined under `Lint/Rules/Board/`.
    @Test func boardChecksAreTheBoardFamily() {
        let board = Set(RuleRegistry.all.filter { $0.family == .board }.map(\.code))
        #expect(Set(BoardLinter.rules.map(\.description.code)) == board)
        #expect(board.isDisjoint(with: Set(Linter.rules.map(\.description.code))))
        let inFolder = Set(Self.ruleFiles.filter { $0.file.hasPrefix("Board/") }.flatMap(\.descriptions).map(\.code))
        #expect(inFolder == board)
    }

    /// Every `RuleDescription.NAME.diagnostic` in the sources names a registered rule; a rule
    /// with a check is raised only in its own file.
    @Test func everyRaisedRuleIsRegisteredAndChecksRaiseOnlyTheirOwn() {
        var codeByName: [String: String] = [:]
        var fileByName: [String: String] = [:]
        for file in Self.ruleFiles {
            for (name, code) in file.descriptions {
                codeByName[name] = code
                fileByName[name] = file.file
            }
        }
        let checked = Set(Linter.rules.map(\.description.code))
        var raised = 0
        for file in Self.swiftFiles(under: Self.sources) {
            for match in Self.matches(#"RuleDescription\.(\w+)\.diagnostic\("#, in: file.text) {
                raised += 1
                let name = match[0]
                guard let code = codeByName[name] else {
                    Issue.record("\(file.path) raises `\(name)`, which no rule file defines")
                    continue
                }
                if checked.contains(code) {
                    #expect("Lint/Rules/" + (fileByName[name] ?? "") == file.path, "\(file.path) raises \(code), which its check in \(fileByName[name] ?? "") owns")
                }
            }
        }
        #expect(raised > 0)
    }

    /// The resolver records facts and raises only fixed errors: it names no rule.
    @Test func theResolverRaisesNoRule() {
        for file in Self.swiftFiles(under: Self.sources.appendingPathComponent("Resolve")) {
            for match in Self.matches(#"(RuleDescription|RuleRegistry|LintRule)\b"#, in: file.text) {
                Issue.record("Resolve/\(file.path) names `\(match[0])`")
            }
        }
    }
}
