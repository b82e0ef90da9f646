import Foundation
import Testing
import XenPTTestSupport
@testable import XenPT

/// Every rule's examples, run through the real loader and resolver: a triggering example
/// raises the rule exactly at its `↓` marker, a clean one never raises it.
struct ExampleCase: CustomTestStringConvertible, Sendable {
    let rule: RuleDescription
    let number: Int
    var example: RuleExample { rule.examples[number] }
    var testDescription: String { "\(rule.name) #\(number) (\(example.triggers ? "triggering" : "clean"))" }
}

let exampleCases: [ExampleCase] = RuleRegistry.all.flatMap { rule in
    rule.examples.indices.map { ExampleCase(rule: rule, number: $0) }
}

@Suite struct RuleExamplesTests {
    @Test func everyRuleHasBothKindsOfExample() {
        for rule in RuleRegistry.all {
            #expect(rule.examples.contains { $0.triggers }, "\(rule.code) has no triggering example")
            #expect(rule.examples.contains { !$0.triggers }, "\(rule.code) has no clean example")
        }
    }

    @Test(arguments: exampleCases)
    func example(_ item: ExampleCase) throws {
        let example = item.example
        if let host = example.host {
            try boardExample(item, host: host)
            return
        }
        let (guest, line, column) = try #require(example.guestManifest, "a triggering example needs a ↓ marker")
        try TemporaryDirectory.with(prefix: "rule-example") { folder in
            try Data("board: example\nhost: host.dts\nxen: \"\(example.xen)\"\n\(example.board)".utf8).write(to: folder.appendingPathComponent("board.yaml"))
            try Data(example.hostSource.utf8).write(to: folder.appendingPathComponent("host.dts"))
            try Data(guest.utf8).write(to: folder.appendingPathComponent("guest.yaml"))
            if let other = example.otherGuest {
                try Data("guest: other\nboard: board.yaml\nmemory: 128M\n\(other)".utf8).write(to: folder.appendingPathComponent("other.yaml"))
            }
            let workspace = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path).load(paths: [folder.path])
            #expect(workspace.diagnostics.isEmpty, "the example does not load: \(workspace.diagnostics.map(\.message))")
            let planned = try #require(workspace.planAll().first { $0.guest.name == "example" })
            let raised = planned.plan.diagnostics.filter { $0.code == item.rule.code }
            if example.triggers {
                let file = folder.appendingPathComponent("guest.yaml").path
                let places = raised.compactMap(\.primary).map { "\($0.range.start.line):\($0.range.start.column)" }
                #expect(raised.contains { $0.primary?.range.start.file == file && $0.primary?.range.start.line == line && $0.primary?.range.start.column == column },
                        "expected \(item.rule.code) at \(line):\(column), got \(places)")
            } else {
                #expect(raised.isEmpty, "clean example raised \(raised.map(\.message))")
            }
        }
    }

    /// A board rule's example: the host tree alone, checked once; a triggering one raises the
    /// rule at the board manifest's `host:` value (line 2, column 7).
    func boardExample(_ item: ExampleCase, host: String) throws {
        try TemporaryDirectory.with(prefix: "board-example") { folder in
            try Data("board: example\nhost: host.dts\nxen: \"\(item.example.xen)\"\n".utf8).write(to: folder.appendingPathComponent("board.yaml"))
            try Data(host.utf8).write(to: folder.appendingPathComponent("host.dts"))
            let workspace = WorkspaceLoader(schemaRoot: packageRoot.appendingPathComponent("schemas").path).load(paths: [folder.path])
            #expect(workspace.diagnostics.isEmpty, "the example does not load: \(workspace.diagnostics.map(\.message))")
            #expect(workspace.boards.count == 1)
            let raised = workspace.boardFindings().filter { $0.code == item.rule.code }
            if item.example.triggers {
                let file = folder.appendingPathComponent("board.yaml").path
                #expect(!raised.isEmpty && raised.allSatisfy { $0.primary?.range.start.file == file && $0.primary?.range.start.line == 2 && $0.primary?.range.start.column == 7 },
                        "expected \(item.rule.code) at board.yaml:2:7, got \(raised.map { "\($0.primary?.range.start.line ?? 0):\($0.primary?.range.start.column ?? 0) \($0.message)" })")
            } else {
                #expect(raised.isEmpty, "clean example raised \(raised.map(\.message))")
            }
        }
    }
}
