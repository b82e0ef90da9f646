/// The manifest language: every key of board and guest manifests, with its type and meaning.
///
/// The loaders read documents against these specs; `docs/manifest-reference.md` and the JSON
/// Schemas in `schemas/` are generated from them.
public enum ManifestSpecs {
    /// Per-device annotations in a board manifest.
    public static let deviceAnnotation = MappingSpec(
        title: "device annotation",
        summary: "What the host tree cannot say about one device.",
        fields: [
            FieldSpec("class", .string, "device class to apply, overriding the match by `compatible`"),
            FieldSpec("dma", .enumeration(["master", "none", "unknown"]), "whether the device masters DMA, overriding its class"),
            FieldSpec("reset", .enumeration(["none-needed", "reset-controller", "power-domain-cycle", "firmware", "device-specific", "unknown"]),
                      "how the device is brought back to a known state between guests, overriding its class"),
            FieldSpec("clock-rates", .dictionary(key: "clock name or index", value: .integer(min: 1, max: UInt64(UInt32.max))),
                      "rates in Hz for clocks the host tree gives no rate for"),
        ]
    )

    /// A board manifest.
    public static let board = MappingSpec(
        title: "board manifest",
        summary: "A board: its host device tree and what the tree cannot say.",
        fields: [
            FieldSpec("board", .name, required: true, "name of the board; names the output folder"),
            FieldSpec("host", .filePath, required: true, "host device tree, `.dts` or `.dtb`, relative to this file"),
            FieldSpec("xen", .xenVersion, default: "none: each guest must say", "Xen release the guests of this board run on, e.g. `\"4.17\"`"),
            FieldSpec("include-dirs", .sequence(.filePath), default: "none", "include folders for `/include/` and the C preprocessor, relative to this file"),
            FieldSpec("schemas", .sequence(.filePath), default: "none", "extra device-class folders; a class here overrides a shipped one"),
            FieldSpec("devices", .dictionary(key: "host node path", value: .mapping(deviceAnnotation)), default: "none", "annotations per host device"),
        ]
    )

    /// One device to pass through.
    public static let passthroughEntry = MappingSpec(
        title: "passthrough entry",
        summary: "One host device given to the guest.",
        fields: [
            FieldSpec("device", .deviceReference, required: true, "host node: absolute path, `&label` or `/aliases` name"),
            FieldSpec("guest-address", .guestAddress, default: "`auto`",
                      "where the device's first page goes in the guest: `auto`, `identity` or an address"),
        ]
    )

    /// One waiver.
    public static let waiver = MappingSpec(
        title: "waiver",
        summary: "Accepts one finding, with the reason it is acceptable.",
        fields: [
            FieldSpec("rule", .string, required: true, "rule code or name"),
            FieldSpec("at", .deviceReference, default: "every place", "host node the waiver is limited to"),
            FieldSpec("reason", .string, required: true, "why this finding is acceptable; must not be empty"),
        ]
    )

    /// Where one boot module sits in host memory.
    public static let bootModule = MappingSpec(
        title: "boot module",
        summary: "A file the bootloader loads for Xen, and where.",
        fields: [
            FieldSpec("address", .integer(min: 0, max: UInt64.max), required: true, "host physical address the bootloader loads it at"),
            FieldSpec("size", .integer(min: 1, max: UInt64.max), required: true, "its size in bytes"),
        ]
    )

    /// Where the partial device tree module sits (its size is the generated DTB's).
    public static let deviceTreeModule = MappingSpec(
        title: "device-tree module",
        summary: "Where the bootloader loads the guest's partial device tree.",
        fields: [
            FieldSpec("address", .integer(min: 0, max: UInt64.max), required: true, "host physical address the bootloader loads it at"),
        ]
    )

    /// A dom0less guest: booted by Xen itself from modules the bootloader placed.
    public static let dom0less = MappingSpec(
        title: "dom0less boot",
        summary: "Boot the guest from Xen's device tree (dom0less) instead of with xl: where its modules are.",
        fields: [
            FieldSpec("kernel", .mapping(bootModule), required: true, "the kernel image"),
            FieldSpec("ramdisk", .mapping(bootModule), default: "none", "the initial ramdisk"),
            FieldSpec("device-tree", .mapping(deviceTreeModule), required: true, "the generated partial device tree"),
        ]
    )

    /// A guest manifest.
    public static let guest = MappingSpec(
        title: "guest manifest",
        summary: "One guest: its Xen release, resources and the devices it gets.",
        fields: [
            FieldSpec("guest", .name, required: true, "guest name; the `name` in `xl` and the output folder"),
            FieldSpec("board", .filePath, required: true, "board manifest this guest runs on, relative to this file"),
            FieldSpec("xen", .xenVersion, default: "the board's `xen`", "Xen release, e.g. `\"4.17\"`"),
            FieldSpec("memory", .memorySize, required: true, "guest RAM, e.g. `512M`"),
            FieldSpec("vcpus", .integer(min: 1, max: 128), default: "1", "number of virtual CPUs"),
            FieldSpec("trust", .enumeration(["trusted", "untrusted"]), default: "`untrusted`", "whether the guest may be given unprotected DMA"),
            FieldSpec("gic", .enumeration(["v2", "v3"]), default: "the host GIC's version (no `gic_version` line: xl's `default`), `v2` when the host tree has no GIC", "emulated GIC version (`gic_version` in xl)"),
            FieldSpec("vuart", .boolean, default: "`false`", "whether the guest has the emulated SBSA UART (vPL011)"),
            FieldSpec("virtio", .boolean, default: "`false`", "whether the guest has virtio-mmio devices"),
            FieldSpec("pci", .boolean, default: "`false`", "whether the guest has PCI devices (vPCI windows)"),
            FieldSpec("kernel", .string, default: "none", "kernel image path on dom0 (`kernel` in xl)"),
            FieldSpec("ramdisk", .string, default: "none", "initial ramdisk path on dom0 (`ramdisk` in xl)"),
            FieldSpec("cmdline", .string, default: "none", "kernel command line (`cmdline` in xl)"),
            FieldSpec("device-tree", .string, default: "`/etc/xen/<board>/<guest>/guest.dtb`",
                      "where the partial device tree will be on dom0 (`device_tree` in xl)"),
            FieldSpec("dom0less", .mapping(dom0less), default: "none: the guest is started with xl",
                      "also write the dom0less form: `/chosen` domain node and `xen,reg`/`xen,path` partial tree"),
            FieldSpec("passthrough", .sequence(.mapping(passthroughEntry)), default: "none", "host devices given to this guest"),
            FieldSpec("waive", .sequence(.mapping(waiver)), default: "none", "accepted findings, each with a reason"),
        ]
    )
}
