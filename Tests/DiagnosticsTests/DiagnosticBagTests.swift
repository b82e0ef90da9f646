import Diagnostics
import Testing

@Suite struct DiagnosticBagTests {
    private func finding(
        _ code: String, _ severity: Severity, _ message: String = "m", at range: SourceRange? = nil,
        help: [String] = []
    ) -> Diagnostic {
        Diagnostic(code: code, severity: severity, message: message, primary: range.map { Label($0) }, help: help)
    }

    @Test func sortsByPlaceThenSeverityCodeAndMessage() {
        let findings = [
            finding("B", .info, at: point("b.yaml", 1, 1)),
            finding("A", .warning, "z", at: point("a.yaml", 2, 5)),
            finding("A", .warning, "a", at: point("a.yaml", 2, 5)),
            finding("C", .error, at: point("a.yaml", 2, 5)),
            finding("B", .warning, at: point("a.yaml", 2, 5)),
            finding("A", .info, at: point("a.yaml", 10, 1)),
            finding("A", .info, at: point("a.yaml", 2, 1)),
            finding("E", .error),
            finding("D", .info),
        ]
        let expected = [
            "E error <none>", "D info <none>",
            "A info a.yaml:2:1",
            "C error a.yaml:2:5", "A warning a.yaml:2:5", "A warning a.yaml:2:5", "B warning a.yaml:2:5",
            "A info a.yaml:10:1",
            "B info b.yaml:1:1",
        ]
        let sorted = DiagnosticBag(findings).sorted
        #expect(sorted.map { "\($0.code) \($0.severity) \($0.location?.description ?? "<none>")" } == expected)
        #expect(sorted[4].message == "a")
        #expect(sorted[5].message == "z")
        #expect(DiagnosticBag(findings.reversed()).sorted == sorted)
    }

    @Test func orderDoesNotDependOnInsertionWhenOnlyHelpDiffers() {
        let first = finding("A", .error, at: point("a", 1, 1), help: ["x"])
        let second = finding("A", .error, at: point("a", 1, 1), help: ["y"])
        #expect(DiagnosticBag([first, second]).sorted == DiagnosticBag([second, first]).sorted)
    }

    @Test func dropsIdenticalFindingsKeepingFirstOrder() {
        var bag = DiagnosticBag()
        let shared = finding("A", .error, at: point("a", 1, 1))
        bag.append(shared)
        bag.append(finding("B", .info))
        bag.append(shared)
        bag.append(contentsOf: [shared, finding("A", .error, "other", at: point("a", 1, 1))])
        var other = DiagnosticBag([finding("B", .info), finding("C", .warning)])
        other.merge(bag)
        #expect(bag.count == 3)
        #expect(bag.diagnostics.map(\.code) == ["A", "B", "A"])
        #expect(other.diagnostics.map(\.code) == ["B", "C", "A", "A"])
    }

    @Test func countsSeverities() {
        let bag = DiagnosticBag([
            finding("A", .warning), finding("B", .warning), finding("C", .info), finding("C", .info),
        ])
        #expect(bag.counts == SeverityCounts(errors: 0, warnings: 2, infos: 1))
        #expect(bag.counts[.warning] == 2)
        #expect(bag.counts.total == 3)
        #expect(!bag.hasErrors)
        #expect(bag.worstSeverity == .warning)

        let failing = DiagnosticBag([finding("A", .info), finding("B", .error)])
        #expect(failing.hasErrors)
        #expect(failing.worstSeverity == .error)

        let empty = DiagnosticBag()
        #expect(empty.isEmpty)
        #expect(!empty.hasErrors)
        #expect(empty.worstSeverity == nil)
    }

    @Test func summarizesCounts() {
        #expect(SeverityCounts().summary == "no findings")
        #expect(SeverityCounts(errors: 1).summary == "1 error")
        #expect(SeverityCounts(errors: 2, warnings: 1).summary == "2 errors, 1 warning")
        #expect(SeverityCounts(infos: 1).summary == "1 info")
        #expect(SeverityCounts(errors: 1, warnings: 2, infos: 3).summary == "1 error, 2 warnings, 3 infos")
    }
}
