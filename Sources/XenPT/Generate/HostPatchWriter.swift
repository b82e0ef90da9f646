import DeviceTree

/// Writes the host-side change: every assigned node gets `xen,passthrough` so that dom0 leaves
/// it alone (docs/misc/arm/passthrough.txt, step 1). Two forms: a U-Boot script and a DT overlay.
public enum HostPatchWriter {
    /// The U-Boot commands, to run after the host DTB is loaded and selected with `fdt addr`.
    ///
    /// Paths are written unquoted: the resolver admits only node-name characters and `/`, none
    /// of which U-Boot's command line treats specially (no `;`, `$`, quote, space or newline),
    /// so each path stays one argument of one `fdt set` command.
    public static func ubootScript(hostPaths: [String], header: ArtifactHeader) -> String {
        var out = header.comment("#")
        out += "# Run after loading the host device tree and `fdt addr <address>`.\n"
        for path in hostPaths {
            out += "fdt set \(path) xen,passthrough\n"
        }
        return out
    }

    /// The overlay tree: one fragment per node, targeted by path.
    public static func overlay(hostPaths: [String]) -> DeviceTree {
        var root = Node(name: "")
        for (number, path) in hostPaths.enumerated() {
            root.children.append(Node(name: "fragment@\(number)", properties: [
                Property(name: "target-path", value: .string(path)),
            ], children: [
                Node(name: "__overlay__", properties: [Property(name: "xen,passthrough")]),
            ]))
        }
        return DeviceTree(root: root, isPlugin: true)
    }
}
