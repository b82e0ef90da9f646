import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

@Suite struct RulePagesTests {
    @Test func committedPagesMatchTheRegistry() throws {
        let pages = RulePages.all()
        for page in pages {
            Golden.assertMatches(actual: page.text, goldenPath: "docs/rules/\(page.name)")
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("docs/rules").path).sorted()
        #expect(committed == pages.map(\.name).sorted(), "a page in docs/rules has no rule")
    }

    @Test func codesAndNamesFollowTheHousePattern() {
        var seen: Set<String> = []
        for rule in RuleRegistry.all {
            #expect(rule.code.wholeMatch(of: /XPT-[A-Z]+-\d{3}/) != nil, "\(rule.code)")
            #expect(rule.name.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(rule.name)")
            #expect(seen.insert(rule.code).inserted && seen.insert(rule.name).inserted, "\(rule.code) reused")
            #expect(rule.summary.first?.isLowercase == true && !rule.summary.hasSuffix("."), "\(rule.code) summary style")
            #expect(!rule.summary.contains("illegal") && !rule.rationale.contains("illegal"))
        }
        #expect(RuleRegistry.all.map(\.code) == RuleRegistry.all.map(\.code).sorted())
    }

    @Test func everyCodeHasAnExplainPage() {
        for rule in RuleRegistry.all {
            #expect(RuleDocumentation.explain(rule.code)?.hasPrefix("\(rule.code) \(rule.name) (") == true)
            #expect(RuleDocumentation.explain(rule.name) == RuleDocumentation.explain(rule.code))
        }
        for error in RuleDocumentation.fixedErrors {
            #expect(RuleDocumentation.explain(error.code)?.contains("cannot be waived") == true)
        }
        #expect(RuleDocumentation.explain("XPT-NOPE-999") == nil)
    }
}
