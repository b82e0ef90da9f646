// Dependency rules: what the guest copy loses, and what the host loses.

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// A host-only link was removed.
    public static let dependencyDropped = RuleDescription(
        code: "XPT-DEP-001", name: "dependency-dropped", family: .dependency, severity: .info,
        summary: "a host-only link was removed from the guest copy",
        rationale: "Resets, pin control, power domains, regulators and IOMMU links name host nodes the guest does not have.",
        fix: "nothing to do if the host firmware or dom0 sets them up",
        examples: [
            .triggering(
                """
                pinctrl@ff180000 {
                	compatible = "vendor,pinctrl";
                	reg = <0xff180000 0x1000>;
                	uart_pins: uart-pins { function = "uart"; };
                };
                serial@ff000000 {
                	compatible = "arm,pl011";
                	reg = <0xff000000 0x1000>;
                	interrupts = <0 21 4>;
                	pinctrl-names = "default";
                	pinctrl-0 = <&uart_pins>;
                };
                """,
                guest: RuleExample.passUART
            ),
            .clean(
                RuleExample.uart,
                guest: RuleExample.passUART
            ),
        ])
}

extension LintRule {
    /// Raises each host-infrastructure link left out of the guest copy.
    public static let dependencyDropped = LintRule(.dependencyDropped) { input in
        input.droppedPropertyFindings(.hostOnly, rule: .dependencyDropped) { "is dropped: \($0.reason)" }
    }
}

extension LintInput {
    /// One finding of `rule` per property of an assigned device left out of the guest copy for
    /// `kind`, located at the device's manifest entry, with a note where the host sets it.
    func droppedPropertyFindings(_ kind: DropKind, rule: RuleDescription, outcome: (DroppedProperty) -> String) -> [Diagnostic] {
        devices.flatMap { device, request in
            device.droppedProperties.filter { $0.kind == kind }.map { dropped in
                rule.diagnostic(
                    "`\(dropped.property)` of \(dropped.nodePath) \(outcome(dropped))",
                    at: Label(request.reference.range, "`\(dropped.property)` of \(dropped.nodePath) is not copied"),
                    notes: propertyNote(dropped), devicePath: dropped.nodePath,
                    fields: [.text("property", dropped.property)])
            }
        }
    }

    /// A note pointing at where a dropped property is set in the host source.
    func propertyNote(_ dropped: DroppedProperty) -> [Note] {
        guard let location = index.node(dropped.node).properties.first(where: { $0.name == dropped.property })?.location else { return [] }
        return [Note("`\(dropped.property)` is set here", at: SourceRange(start: location))]
    }
}
