import Foundation
import Testing
import Diagnostics
import XenPTTestSupport
@testable import XenPT

/// `shared-irq` raises one finding per shared SPI of a device, naming every other user: in
/// the message's count, in one note each and in `related` of every machine format.
@Suite struct SharedIRQTests {
    /// A UART on SPI 21 and `others` more devices on the same SPI, the odd ones disabled.
    static func board(others: Int, allDisabled: Bool = false) -> String {
        var devices = """
                    serial@ff000000 {
                        compatible = "arm,pl011";
                        reg = <0xff000000 0x1000>;
                        interrupts = <0 21 4>;
                    };

            """
        for other in 0..<others {
            let disabled = allDisabled || other % 2 == 1
            devices += """
                        i2c@ff1\(other)0000 {
                            compatible = "cdns,i2c-r1p14";
                            reg = <0xff1\(other)0000 0x1000>;
                            interrupts = <0 21 4>;\(disabled ? "\n                status = \"disabled\";" : "")
                        };

                """
        }
        return soc(devices)
    }

    static func sharedIRQ(_ fixture: Fixture) throws -> [Diagnostic] {
        try fixture.plan().diagnostics.filter { $0.code == RuleDescription.sharedIRQ.code }
    }

    @Test func oneOtherUserIsNamedInTheMessage() throws {
        let fixture = try Fixture.plan(dts: Self.board(others: 1), guest: "passthrough:\n  - /soc/serial@ff000000\n")
        let findings = try Self.sharedIRQ(fixture)
        #expect(findings.map(\.message) == ["interrupt 53 is shared with a device that stays in dom0"])
        #expect(findings.map(\.severity) == [.error])
        #expect(findings.first?.primary?.message == "SPI 21 (INTID 53) also used by /soc/i2c@ff100000")
        #expect(findings.first?.related.map(\.path) == ["/soc/i2c@ff100000"])
    }

    @Test func manyOtherUsersMakeOneFindingThatNamesEveryOne() throws {
        let fixture = try Fixture.plan(dts: Self.board(others: 5), guest: "passthrough:\n  - /soc/serial@ff000000\n")
        let findings = try Self.sharedIRQ(fixture)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        let others = (0..<5).map { "/soc/i2c@ff1\($0)0000" }
        #expect(finding.message == "interrupt 53 is shared with 5 devices that stay in dom0")
        // Some of them are enabled: the guest and dom0 would fight over the line.
        #expect(finding.severity == .error)
        #expect(finding.primary?.message == "SPI 21 (INTID 53) also used by 5 devices")
        #expect(finding.related.map(\.path) == others)
        #expect(finding.related.map(\.message) == [
            "also uses INTID 53 and stays in dom0",
            "also uses INTID 53 and stays in dom0 (disabled)",
            "also uses INTID 53 and stays in dom0",
            "also uses INTID 53 and stays in dom0 (disabled)",
            "also uses INTID 53 and stays in dom0",
        ])
        #expect(finding.notes.map(\.message) == others.enumerated().map { index, path in
            "\(path) is not passed through to this guest" + (index % 2 == 1 ? " (it is disabled)" : "")
        })
        #expect(finding.related.allSatisfy { $0.range?.file.hasSuffix("host.dts") == true })
        #expect(finding.fields == FindingField.spi(number: 21, interruptID: 53))

        // JSON names every other user in full: no "and 2 more".
        let json = JSONRenderer().render(findings, sources: SourceStore())
        for path in others { #expect(json.contains("\"node\": \"\(path)\"")) }
        #expect(!json.contains("more"))
    }

    @Test func onlyDisabledOtherUsersMakeAWarning() throws {
        let fixture = try Fixture.plan(dts: Self.board(others: 3, allDisabled: true), guest: "passthrough:\n  - /soc/serial@ff000000\n")
        let findings = try Self.sharedIRQ(fixture)
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.first?.related.count == 3)
    }

    @Test func usersInsideTheGuestAreNotNamed() throws {
        let fixture = try Fixture.plan(dts: Self.board(others: 3), guest: "passthrough:\n  - /soc/serial@ff000000\n  - /soc/i2c@ff100000\n")
        let findings = try Self.sharedIRQ(fixture).filter { $0.devicePath == "/soc/serial@ff000000" }
        #expect(findings.map(\.message) == ["interrupt 53 is shared with 2 devices that stay in dom0"])
        #expect(findings.first?.related.map(\.path) == ["/soc/i2c@ff110000", "/soc/i2c@ff120000"])
    }
}
