import DeviceTree
import Diagnostics

/// Fixed errors found while planning: the request cannot be planned as written.
enum ResolveError {
    /// The codes of these errors, for `xenpt explain`.
    static let catalog: [FixedError] = [
        FixedError(code: "XPT-E008", name: "unknown-device", summary: "a manifest names a device the host tree does not have"),
        FixedError(code: "XPT-E009", name: "host-tree-invalid", summary: "the host tree says something that cannot be decoded"),
        FixedError(code: "XPT-E010", name: "address-overflow", summary: "an address computation overflows 64 bits"),
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

    static func duplicateDevice(_ reference: Located<String>, path: String) -> Diagnostic {
        Diagnostic(code: "XPT-E011", severity: .error, message: "\(path) is listed twice", primary: Label(reference.range, "listed again here"),
                   help: ["remove one of the entries"], devicePath: path, dataPath: reference.path.description)
    }
}
