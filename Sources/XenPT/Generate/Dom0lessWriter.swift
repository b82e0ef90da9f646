import DeviceTree
import Diagnostics

/// Writes the dom0less domain node: a `.dtsi` fragment for the host tree's `/chosen`
/// (docs/misc/arm/device-tree/booting.txt), naming the modules the bootloader places.
public enum Dom0lessWriter {
    /// The fragment's tree (root with `/chosen/<domain>`), for the partial DTB of `dtbSize` bytes.
    public static func fragment(guest: String, memoryKiB: UInt64, vcpus: UInt64, vuart: Bool, cmdline: String?,
                                boot: Dom0lessBoot, dtbSize: UInt64) -> DeviceTree {
        func split(_ value: UInt64) -> [UInt32] { PropertyValue.cells(of: value, count: 2) }
        func module(_ compatible: String, address: UInt64, size: UInt64, extra: [Property] = []) -> Node {
            Node(name: "module@\(String(address, radix: 16))", properties: [
                Property(name: "compatible", value: .strings([compatible, "multiboot,module"])),
                Property(name: "reg", value: .cells(split(address) + split(size))),
            ] + extra)
        }
        var domain = Node(name: "domU-" + nodeName(guest), properties: [
            Property(name: "compatible", value: .string("xen,domain")),
            Property(name: "#address-cells", value: .cells([2])),
            Property(name: "#size-cells", value: .cells([2])),
            Property(name: "memory", value: .cells(split(memoryKiB)), numberStyle: .decimal),
            Property(name: "cpus", value: .cells([UInt32(truncatingIfNeeded: vcpus)]), numberStyle: .decimal),
        ])
        if vuart { domain.properties.append(Property(name: "vpl011")) }
        domain.children.append(module("multiboot,kernel", address: boot.kernel.address.value, size: boot.kernel.size?.value ?? 0,
                                      extra: cmdline.map { [Property(name: "bootargs", value: .string($0))] } ?? []))
        if let ramdisk = boot.ramdisk {
            domain.children.append(module("multiboot,ramdisk", address: ramdisk.address.value, size: ramdisk.size?.value ?? 0))
        }
        domain.children.append(module("multiboot,device-tree", address: boot.deviceTree.address.value, size: dtbSize))
        let chosen = Node(name: "chosen", children: [domain])
        return DeviceTree(root: Node(name: "", children: [chosen]))
    }

    /// A node-name-safe form of a guest name.
    static func nodeName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || ",._+-".contains($0)) ? $0 : "-" })
    }

    /// The modules that overlap each other, as pairs of names.
    public static func overlaps(_ boot: Dom0lessBoot, dtbSize: UInt64) -> [(String, String, SourceRange)] {
        var modules: [(String, UInt64, UInt64, SourceRange)] = [
            ("kernel", boot.kernel.address.value, boot.kernel.size?.value ?? 0, boot.kernel.address.range),
            ("device-tree", boot.deviceTree.address.value, dtbSize, boot.deviceTree.address.range),
        ]
        if let ramdisk = boot.ramdisk { modules.append(("ramdisk", ramdisk.address.value, ramdisk.size?.value ?? 0, ramdisk.address.range)) }
        var out: [(String, String, SourceRange)] = []
        for i in modules.indices {
            for j in modules.indices where j > i {
                let (a, b) = (modules[i], modules[j])
                let aEnd = a.1.addingReportingOverflow(a.2).overflow ? UInt64.max : a.1 + a.2
                let bEnd = b.1.addingReportingOverflow(b.2).overflow ? UInt64.max : b.1 + b.2
                if a.1 < bEnd && b.1 < aEnd { out.append((a.0, b.0, b.3)) }
            }
        }
        return out
    }
}
