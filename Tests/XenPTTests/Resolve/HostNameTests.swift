import DeviceTree
import Diagnostics
import Testing
@testable import XenPT

/// Host names that would end their token in a generated file (a DTB can name anything) are
/// refused where the device is named, before anything is printed.
@Suite struct HostNameTests {
    static let reference = Located("/serial@9000000", range: SourceRange(start: SourceLocation(file: "g.yaml", line: 5, column: 13)),
                                   path: DataPath([.key("passthrough"), .index(0), .key("device")]))

    /// Plans the UART of a host whose UART has one extra child and one extra property.
    static func findings(child: String, property: String, nodeName: String = "serial@9000000") -> [String] {
        plan(child: child, property: property, nodeName: nodeName).diagnostics.filter { $0.code == "XPT-E009" }.map {
            "\($0.primary.map { "\($0.range.start.line):\($0.range.start.column)" } ?? "-") \($0.message)"
        }
    }

    static func plan(child: String, property: String, nodeName: String = "serial@9000000") -> GuestPlan {
        let uart = Node(name: nodeName, properties: [
            Property(name: "compatible", value: .string("arm,pl011")),
            Property(name: "reg", value: .cells([0x9000000, 0x1000])),
            Property(name: property, value: .string("x")),
        ], children: [Node(name: child, properties: [Property(name: "compatible", value: .string("foo"))])])
        let tree = DeviceTree(root: Node(name: "", properties: [
            Property(name: "#address-cells", value: .cells([1])), Property(name: "#size-cells", value: .cells([1])),
        ], children: [uart]))
        let index = DeviceTreeIndex(tree)
        let request = PlanRequest(
            guest: "g", board: "b", index: index,
            layout: GuestLayout(xenVersion: "4.17", windows: [], reservedInterrupts: [], gicPhandle: 65000),
            devices: [DeviceRequest(node: NodeID(1), reference: reference, address: nil,
                                    policy: DevicePolicy(className: "generic", classOrigin: "", dma: .none, reset: .noneNeeded))],
            trusted: true, iommuSupport: IOMMUSupport(genericBinding: [:], legacyMMUMasters: []), gicCompatibles: [],
            capabilities: [.partialDeviceTree, .irqPassthrough], vgic: VGICLimits(v2MaxVCPUs: 8, v3RedistributorSize: 0x20000))
        return Resolver.plan(request)
    }

    @Test func cleanNamesPass() {
        #expect(Self.findings(child: "clk@0,a_b+c#d?e*f-g.h", property: "vendor,prop-name#cells") == [])
    }

    @Test func aChildNameCarryingAnIncludeIsRefused() {
        #expect(Self.findings(child: "child\n/include/ \"/etc/passwd\";", property: "ok") == [
            "5:13 host tree: /serial@9000000/child\n/include/ \"/etc/passwd\"; has U+000A (newline), which dtc does not allow in a name",
        ])
    }

    @Test func aPropertyNameCarryingAnAssignmentIsRefused() {
        #expect(Self.findings(child: "c", property: "bad = \"x\"; evil") == [
            "5:13 host tree: property `bad = \"x\"; evil` of /serial@9000000 has U+0020 (space), which dtc does not allow in a name",
        ])
    }

    @Test func aDevicePathCarryingAUBootCommandIsRefused() {
        #expect(Self.findings(child: "c", property: "ok", nodeName: "serial;reset") == [
            "5:13 host tree: /serial;reset has `;`, which dtc does not allow in a name",
        ])
        #expect(HostNames.firstBadScalar(inPath: "/soc/serial@1;reset") == ";")
        #expect(HostNames.firstBadScalar(inPath: "/soc/a,b_c+d#e?f*g-h.i@1") == nil)
    }

    @Test func theGuestTreeIsCheckedAsAWhole() {
        #expect(HostNames.firstBadName(in: Node(name: "", children: [Node(name: "a@1", properties: [Property(name: "b")])])) == nil)
        #expect(HostNames.firstBadName(in: Node(name: "", children: [Node(name: "a", children: [Node(name: "")])])) == "")
        #expect(HostNames.firstBadName(in: Node(name: "", children: [Node(name: "a", properties: [Property(name: "x y")])])) == "x y")
        #expect(HostNames.firstBadName(in: Node(name: "", properties: [Property(name: "a\"b")])) == "a\"b")
    }

    /// `plan`, `map` and the SVG print host paths: a control character in one is made visible.
    @Test func textReportsEscapeHostNames() {
        let plan = Self.plan(child: "c", property: "ok", nodeName: "serial\u{1B}]0;owned\u{07}\n@9000000")
        #expect(plan.devices.first?.hostPath == "/serial\u{1B}]0;owned\u{07}\n@9000000")
        for report in [PlanTable.render(plan), GuestMap.text(plan), GuestMap.svg(plan)] {
            #expect(!report.unicodeScalars.contains { $0 != "\n" && PrintableText.isControl($0) })
            #expect(report.contains("/serial\\u{1B}]0;owned\\u{7}\\n@9000000"))
        }
    }
}
