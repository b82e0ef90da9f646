import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

@Suite struct RulePagesTests {
    /// The shipped release files, oldest first.
    static let releases = SchemaLoader.releases(schemaRoot: packageRoot.appendingPathComponent("schemas").path) ?? []

    @Test func committedPagesMatchTheRegistry() throws {
        #expect(Self.releases.count == 18)
        let pages = RulePages.all(releases: Self.releases)
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

    /// Which release has what is data (`schemas/xen`): the words of a rule never name a release,
    /// its per-release facts are printed from the release files.
    @Test func rationalesNameNoRelease() {
        for rule in RuleRegistry.all {
            for text in [rule.summary, rule.rationale, rule.fix] {
                #expect(text.firstMatch(of: /\b4\.\d+\b/) == nil, "\(rule.code) names a release: \(text)")
            }
        }
    }

    /// The facts of one rule, from the shipped files, exactly.
    @Test func releaseFactsComeFromTheReleaseFiles() {
        #expect(ReleaseFactText.lines([.guestSPILimit, .vcpuLimits, .capability(.smmuV3)], releases: Self.releases) == [
            "highest SPI INTID of a guest: 4.5 none (domUs get no SPIs); 4.6–4.10 1019; 4.11–4.22 991",
            "vCPUs of a vGICv2 guest: 4.5–4.22 at most 8",
            "vCPUs of a vGICv3 guest: 4.5 at most 8; 4.6–4.22 at most 128",
            "`smmu-v3` (the SMMUv3 driver): 4.15–4.22",
        ])
        #expect(ReleaseFactText.lines([.guestSPILimit], releases: []) == [])
        let explained = RuleDocumentation.explain("invalid-irq", releases: Self.releases) ?? ""
        #expect(explained.contains("\nBy Xen release (schemas/xen):\n  - highest SPI INTID of a guest: 4.5 none"))
        #expect(RuleDocumentation.explain("invalid-irq")?.contains("By Xen release") == false)
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
