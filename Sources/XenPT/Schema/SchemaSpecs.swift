/// The schema-file language: every key of `schemas/xen/*.yaml` and `schemas/devices/*.yaml`.
///
/// The loader reads schema files against these specs through the manifest `MappingReader`, so
/// a mistake in a schema file gets the same located diagnostics as one in a manifest.
public enum SchemaSpecs {
    static let presenceWords = WindowPresence.allCases.map(\.rawValue)

    /// One reserved guest window.
    public static let window = MappingSpec(
        title: "guest window",
        summary: "A guest physical address window Xen or libxl reserves.",
        fields: [
            FieldSpec("name", .string, required: true, "short name, unique in the release"),
            FieldSpec("kind", .enumeration(WindowRole.allCases.map(\.rawValue)), default: "`mmio`",
                      "`ram` for a guest RAM bank, `gic-distributor`, `gic-cpu-interface` or `gic-redistributor` for the virtual GIC"),
            FieldSpec("base", .string, required: true, "first guest physical address, hexadecimal (`\"0x03001000\"`)"),
            FieldSpec("size", .string, required: true, "length in bytes, hexadecimal"),
            FieldSpec("use", .string, required: true, "what the window is for"),
            FieldSpec("present", .enumeration(presenceWords), required: true, "`always`, or the guest feature the window needs"),
        ]
    )

    /// One reserved interrupt or range.
    public static let interrupt = MappingSpec(
        title: "reserved interrupt",
        summary: "GIC interrupt IDs Xen or libxl takes.",
        fields: [
            FieldSpec("name", .string, required: true, "short name, unique in the release"),
            FieldSpec("kind", .enumeration(InterruptKind.allCases.map(\.rawValue)), required: true, "`sgi`, `ppi` or `spi`"),
            FieldSpec("id", .integer(min: 0, max: 1019), "the INTID, for a single interrupt"),
            FieldSpec("first", .integer(min: 0, max: 1019), "first INTID of a range"),
            FieldSpec("last", .integer(min: 0, max: 1019), "last INTID of a range"),
            FieldSpec("use", .string, required: true, "what the interrupt is for"),
            FieldSpec("present", .enumeration(presenceWords), required: true, "`always`, or the guest feature that takes it"),
        ]
    )

    /// The `nr_spis` rule.
    public static let spis = MappingSpec(
        title: "SPI rule",
        summary: "How many SPIs a guest vGIC gets and the limits.",
        fields: [
            FieldSpec("guest-spis", .boolean, required: true, "whether a domU can have SPIs at all"),
            FieldSpec("round-up", .integer(min: 1, max: 1024), required: true, "Xen rounds `nr_spis` up to a multiple of this"),
            FieldSpec("hypervisor-limit", .integer(min: 0, max: 988), required: true, "largest `nr_spis` Xen's check accepts"),
            FieldSpec("max-nr-spis", .integer(min: 0, max: 988), required: true, "largest `nr_spis` accepted in practice"),
            FieldSpec("max-spi-id", .integer(min: 32, max: 1019), default: "none: no SPIs", "highest SPI INTID a guest can have"),
            FieldSpec("xl-option", .enumeration(NrSPIsOption.allCases.map(\.rawValue)), required: true, "how xl `nr_spis` combines with the computed value"),
            FieldSpec("rule", .string, required: true, "the rule in words"),
        ]
    )

    /// Reserved phandles.
    public static let phandles = MappingSpec(
        title: "phandles",
        summary: "Phandles libxl gives its own guest nodes.",
        fields: [
            FieldSpec("gic", .integer(min: 1, max: 0xffff_fffe), required: true, "guest GIC phandle"),
            FieldSpec("iommu", .integer(min: 1, max: 0xffff_fffe), default: "none", "`xen,grant-dma` IOMMU node phandle"),
        ]
    )

    /// Guest root cells.
    public static let root = MappingSpec(
        title: "guest root",
        summary: "Cells of the guest device-tree root.",
        fields: [
            FieldSpec("address-cells", .integer(min: 1, max: 2), required: true, "root `#address-cells`"),
            FieldSpec("size-cells", .integer(min: 1, max: 2), required: true, "root `#size-cells`"),
        ]
    )

    /// One capability.
    public static let capability = MappingSpec(
        title: "capability",
        summary: "A named capability and the first release that has it.",
        fields: [
            FieldSpec("name", .enumeration(XenCapability.allCases.map(\.rawValue)), required: true, "capability name"),
            FieldSpec("since", .xenVersion, required: true, "first release with it"),
            FieldSpec("note", .string, default: "none", "what it means, with its source"),
        ]
    )

    /// One IOMMU compatible.
    public static let iommu = MappingSpec(
        title: "IOMMU compatible",
        summary: "An IOMMU compatible Xen drives, with its driver.",
        fields: [
            FieldSpec("compatible", .string, required: true, "the compatible string"),
            FieldSpec("driver", .enumeration(IOMMUKind.allCases.map(\.rawValue)), required: true, "Xen driver"),
        ]
    )

    /// One GIC compatible.
    public static let gic = MappingSpec(
        title: "GIC compatible",
        summary: "A host interrupt-controller compatible Xen drives, with its GIC version.",
        fields: [
            FieldSpec("compatible", .string, required: true, "the compatible string"),
            FieldSpec("version", .enumeration(GICVersion.allCases.map(\.rawValue)), required: true, "`v2` or `v3`"),
        ]
    )

    /// The virtual GIC's vCPU limits.
    public static let vgic = MappingSpec(
        title: "virtual GIC",
        summary: "How many vCPUs a guest's virtual GIC can address.",
        fields: [
            FieldSpec("v2-max-vcpus", .integer(min: 1, max: 4096), required: true, "most vCPUs of a vGICv2 guest"),
            FieldSpec("v3-redistributor-size", .string, required: true,
                      "bytes of the `gic-redistributor` window each vCPU of a vGICv3 guest takes, hexadecimal"),
        ]
    )

    /// A `schemas/xen/<version>.yaml` file.
    public static let xenRelease = MappingSpec(
        title: "Xen release schema",
        summary: "Guest layout, interrupts, phandles and capabilities of one Xen release.",
        fields: [
            FieldSpec("version", .xenVersion, required: true, "the release, `\"MAJOR.MINOR\"`; must match the file name"),
            FieldSpec("tag", .string, required: true, "git tag the facts were read at"),
            FieldSpec("commit", .string, required: true, "commit of that tag"),
            FieldSpec("windows", .sequence(.mapping(window)), required: true, "reserved guest windows"),
            FieldSpec("interrupts", .sequence(.mapping(interrupt)), required: true, "reserved interrupt IDs"),
            FieldSpec("spis", .mapping(spis), required: true, "the `nr_spis` rule"),
            FieldSpec("phandles", .mapping(phandles), required: true, "reserved phandles"),
            FieldSpec("root", .mapping(root), required: true, "guest root cells"),
            FieldSpec("capabilities", .sequence(.mapping(capability)), required: true, "capabilities of the release"),
            FieldSpec("iommus", .sequence(.mapping(iommu)), required: true, "IOMMU compatibles Xen drives"),
            FieldSpec("gic-compatibles", .sequence(.mapping(gic)), required: true, "host GIC compatibles Xen drives"),
            FieldSpec("vgic", .mapping(vgic), required: true, "the virtual GIC's vCPU limits"),
        ]
    )

    /// The `dependencies` mapping of a device class.
    public static let dependencies = MappingSpec(
        title: "dependency policies",
        summary: "What the guest gets in place of each kind of host dependency.",
        fields: DependencyKind.allCases.map { kind in
            FieldSpec(kind.rawValue, .enumeration(kind.allowedPolicies.map(\.rawValue)), default: "the generic class's policy", "policy for `\(kind.rawValue)`")
        }
    )

    /// One property rewrite.
    public static let rewrite = MappingSpec(
        title: "property rewrite",
        summary: "A property given a fixed value in the guest.",
        fields: [
            FieldSpec("property", .string, required: true, "property name"),
            FieldSpec("value", .string, required: true, "guest value in DTS syntax"),
        ]
    )

    /// A `schemas/devices/*.yaml` file.
    public static let deviceClass = MappingSpec(
        title: "device class",
        summary: "What xenpt knows about devices with some compatibles.",
        fields: [
            FieldSpec("class", .string, required: true, "class name, unique"),
            FieldSpec("compatible", .sequence(.string), required: true, "compatibles the class applies to"),
            FieldSpec("description", .string, required: true, "one line about the device"),
            FieldSpec("source", .sequence(.string), required: true, "where the facts come from"),
            FieldSpec("dma", .enumeration(DMACapability.allCases.map(\.rawValue)), required: true, "`master`, `none` or `unknown`"),
            FieldSpec("reset", .enumeration(ResetMethod.allCases.map(\.rawValue)), required: true, "how the device is reset"),
            FieldSpec("dependencies", .mapping(dependencies), default: "the generic class's policies", "policy per dependency kind"),
            FieldSpec("drop-properties", .sequence(.string), default: "none beyond generic", "properties removed from the guest node; `prefix*` allowed"),
            FieldSpec("rewrite-properties", .sequence(.mapping(rewrite)), default: "none beyond generic", "properties given a fixed guest value"),
        ]
    )
}
