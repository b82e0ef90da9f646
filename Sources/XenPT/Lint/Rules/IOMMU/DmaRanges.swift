// IOMMU and DMA rules: Xen assigns a device only through an IOMMU it drives
// (xen/drivers/passthrough/device_tree.c, iommu_assign_dt_device).

import DeviceTree
import Diagnostics

extension RuleDescription {
    /// An ancestor bus restricts or offsets DMA.
    public static let dmaRanges = RuleDescription(
        code: "XPT-DMA-001", name: "dma-ranges", family: .iommu, severity: .warning,
        summary: "an ancestor bus has `dma-ranges` the guest tree does not carry",
        rationale: """
            The guest's `/passthrough` bus has no `dma-ranges`, so a guest driver assumes DMA addresses equal \
            physical ones. Raised for devices that master or may master DMA; a device whose class says it does \
            no DMA never puts an address on the bus.
            """,
        fix: "check the device's DMA works through the IOMMU without the bus offset, then waive with a reason",
        examples: [
            .triggering(
                """
                bus@40000000 {
                	compatible = "simple-bus";
                	#address-cells = <1>;
                	#size-cells = <1>;
                	ranges;
                	dma-ranges = <0x0 0x80000000 0x40000000>;

                	ethernet@40000000 {
                		compatible = "cdns,gem";
                		reg = <0x40000000 0x1000>;
                		interrupts = <0 57 4>;
                	};
                };
                """,
                guest: """
                passthrough:
                  - ↓/soc/bus@40000000/ethernet@40000000

                """
            ),
            .clean(
                RuleExample.gemBehindSMMU,
                guest: RuleExample.passGEM
            ),
        ])
}

extension LintRule {
    /// Raises every bus above a device that may master DMA and translates it with `dma-ranges`.
    public static let dmaRanges = LintRule(.dmaRanges) { input in
        input.devices.flatMap { device, request in
            // A register-only device never puts a bus address on the bus: the offset cannot matter.
            device.policy.dma == .none ? [] : input.index.dmaRangesAncestors(of: device.node).map { bus in
                RuleDescription.dmaRanges.diagnostic(
                    "bus \(input.index.path(bus)) of \(device.hostPath) has `dma-ranges`", at: Label(request.reference.range, ""),
                    notes: input.hostLocationNote(bus), devicePath: device.hostPath,
                    related: [input.related(bus, "translates DMA with `dma-ranges`")], fields: [.text("property", "dma-ranges")])
            }
        }
    }
}
