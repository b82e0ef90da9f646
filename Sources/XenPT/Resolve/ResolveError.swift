import DeviceTree
import Diagnostics

/// Fixed errors found while planning: the request cannot be planned as written.
enum ResolveError {
    /// The codes of these errors, for `xenpt explain`.
    static let catalog: [FixedError] = [
        FixedError(code: "XPT-E008", name: "unknown-device", summary: "a manifest names a device the host tree does not have"),
        FixedError(code: "XPT-E009", name: "host-tree-invalid", summary: "the host tree says something that cannot be decoded"),
        FixedError(code: "XPT-E010", name: "address-overflow", summary: "an address range overflows 64 bits or leaves the guest physical address space"),
        FixedError(code: "XPT-E011", name: "duplicate-device", summary: "a guest lists the same device twice"),
    ]

    static func hostTree(_ error: DeviceTreeSemanticError, at reference: Located<String>, note: [Note]) -> Diagnostic {
        Diagnostic(code: "XPT-E009", severity: .error, message: "host tree: \(error.description)",
                   primary: Label(reference.range, "needed for this device"), notes: note,
                   help: ["correct the host device tree"], devicePath: error.path, dataPath: reference.path.description)
    }

    static func addressOverflow(_ reference: Located<String>, path: String, regIndex: Int) -> Diagnostic {
        Diagnostic(code: "XPT-E010", severity: .error, message: "reg[\(regIndex)] of \(path) runs past the end of the 64-bit address space",
                   primary: Label(reference.range), devicePath: path, dataPath: reference.path.description)
    }

    static func spanTooLarge(_ reference: Located<String>, path: String, firstFrame: UInt64, lastFrame: UInt64,
                             limit: UInt64, xenVersion: String) -> Diagnostic {
        Diagnostic(code: "XPT-E010", severity: .error,
                   message: "the registers of \(path) span frames \(hex(firstFrame))-\(hex(lastFrame)), more than the guest physical address space",
                   primary: Label(reference.range, "cannot be mapped into a guest"),
                   notes: [Note("the Xen \(xenVersion) guest map ends at \(hex(limit))")],
                   help: ["check the `reg` of \(path) and of its children in the host tree"],
                   devicePath: path, dataPath: reference.path.description)
    }

    static func guestRangeOutside(at range: SourceRange, path: String, start: UInt64, bytes: UInt64, limit: UInt64, identity: Bool,
                                  xenVersion: String, dataPath: String) -> Diagnostic {
        Diagnostic(code: "XPT-E010", severity: .error,
                   message: "guest address \(hex(start)) of \(path) leaves no room for its \(hex(bytes)) bytes below the end of the guest physical address space",
                   primary: Label(range, identity ? "the host address \(hex(start)) kept as the guest address" : "\(hex(bytes)) bytes from here pass \(hex(limit))"),
                   notes: [Note("the Xen \(xenVersion) guest map ends at \(hex(limit))")],
                   help: [identity ? "use `guest-address: auto` to place the device in a hole of the guest map"
                                   : "use `guest-address: auto`, or an address in a hole of the guest map"],
                   devicePath: path, dataPath: dataPath)
    }

    static func unwritableHostName(_ reference: Located<String>, name: String, character: Unicode.Scalar, at notes: [Note]) -> Diagnostic {
        Diagnostic(code: "XPT-E009", severity: .error,
                          message: "host tree: \(name) has \(ManifestText.describe(character)), which dtc does not allow in a name",
                          primary: Label(reference.range, "its names would be written into the generated files"),
                          notes: notes, help: ["names use letters, digits and `,._+*#?@-`; correct the host device tree"],
                          devicePath: PrintableText.escaped(name), dataPath: reference.path.description)
    }

    static func duplicateDevice(_ reference: Located<String>, path: String) -> Diagnostic {
        Diagnostic(code: "XPT-E011", severity: .error, message: "\(path) is listed twice", primary: Label(reference.range, "listed again here"),
                   help: ["remove one of the entries"], devicePath: path, dataPath: reference.path.description)
    }
}
