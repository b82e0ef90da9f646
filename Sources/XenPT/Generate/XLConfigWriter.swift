/// Writes the `xl` domain configuration of a guest (xl.cfg(5)): resources from the plan and
/// the guest settings from the manifest.
public enum XLConfigWriter {
    /// The guest settings that are not part of the plan.
    public struct GuestSettings: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `memory`, in MiB.
        public var memoryMiB: UInt64
        /// `vcpus`.
        public var vcpus: UInt64
        /// `kernel`, if set.
        public var kernel: String?
        /// `ramdisk`, if set.
        public var ramdisk: String?
        /// `cmdline`, if set.
        public var cmdline: String?
        /// `device_tree`: the guest DTB's path on dom0.
        public var deviceTree: String
        /// `gic_version`, when chosen.
        public var gicVersion: String?
        /// `vuart = "sbsa_uart"` when true.
        public var vuart: Bool

        /// Creates settings.
        public init(name: String, memoryMiB: UInt64, vcpus: UInt64, kernel: String?, ramdisk: String?, cmdline: String?,
                    deviceTree: String, gicVersion: String?, vuart: Bool) {
            self.name = name
            self.memoryMiB = memoryMiB
            self.vcpus = vcpus
            self.kernel = kernel
            self.ramdisk = ramdisk
            self.cmdline = cmdline
            self.deviceTree = deviceTree
            self.gicVersion = gicVersion
            self.vuart = vuart
        }
    }

    /// The configuration text.
    public static func write(plan: GuestPlan, settings: GuestSettings, header: ArtifactHeader) -> String {
        var out = header.comment("#")
        out += "\n"
        out += "name = \(quoted(settings.name))\n"
        out += "memory = \(settings.memoryMiB)\n"
        out += "vcpus = \(settings.vcpus)\n"
        if let kernel = settings.kernel { out += "kernel = \(quoted(kernel))\n" }
        if let ramdisk = settings.ramdisk { out += "ramdisk = \(quoted(ramdisk))\n" }
        if let cmdline = settings.cmdline { out += "cmdline = \(quoted(cmdline))\n" }
        if let gic = settings.gicVersion { out += "gic_version = \(quoted(gic))\n" }
        if settings.vuart { out += "vuart = \"sbsa_uart\"\n" }
        out += "\n# Passthrough: the partial device tree and the three lists Xen checks against it.\n"
        out += "device_tree = \(quoted(settings.deviceTree))\n"
        if !plan.dtdev.isEmpty {
            out += "dtdev = [ \(plan.dtdev.map(quoted).joined(separator: ", ")) ]\n"
        }
        if !plan.interruptIDs.isEmpty {
            out += "irqs = [ \(plan.interruptIDs.map(String.init).joined(separator: ", ")) ]\n"
        }
        if !plan.pageMappings.isEmpty {
            out += "iomem = [ \(plan.pageMappings.map { quoted(iomemEntry($0)) }.joined(separator: ", ")) ]\n"
        }
        return out
    }

    /// `0xMFN,0xNUM[@0xGFN]`, all hexadecimal as xl parses them.
    public static func iomemEntry(_ mapping: PageMapping) -> String {
        var text = "0x\(String(mapping.hostFrame, radix: 16)),0x\(String(mapping.count, radix: 16))"
        if let guest = mapping.guestFrame { text += "@0x\(String(guest, radix: 16))" }
        return text
    }

    /// A string in xl's double-quoted syntax, as libxlutil's lexer reads it back: `"`, `\`,
    /// newline, CR and tab as backslash escapes. libxlutil has no escape for other control
    /// characters (its `\x` and octal forms do not round-trip) and aborts on NUL; manifests
    /// cannot carry them (`ManifestText`) and host paths are checked by the resolver, so none
    /// reaches here.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
