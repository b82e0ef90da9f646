/// The codes of every error the DeviceTree module reports, with a one-line summary each, so
/// tools can document them (`xenpt explain XPT-DTS-SYNTAX`).
public enum DeviceTreeErrorCatalog {
    /// Code, kebab name and summary of each error.
    public static let entries: [(code: String, name: String, summary: String)] = [
        ("XPT-DTB-READ", "dtb-invalid", "a DTB is truncated, inconsistent or not a flattened device tree"),
        ("XPT-DTB-WRITE", "dtb-unwritable", "a tree cannot be written as a DTB (an unresolved reference, a value too large)"),
        ("XPT-DTS-BITS", "dts-bits", "`/bits/` names a width other than 8, 16, 32 or 64"),
        ("XPT-DTS-BITS-REFERENCE", "dts-bits-reference", "a phandle reference inside `/bits/` cells that are not 32 bits wide"),
        ("XPT-DTS-CHAR-LITERAL", "dts-char-literal", "a character literal is empty, too long or not closed"),
        ("XPT-DTS-DIVISION-BY-ZERO", "dts-division-by-zero", "an integer expression divides by zero"),
        ("XPT-DTS-DUPLICATE-LABEL", "dts-duplicate-label", "one label names two different things"),
        ("XPT-DTS-DUPLICATE-NODE", "dts-duplicate-node", "two nodes of one parent have the same name"),
        ("XPT-DTS-DUPLICATE-PHANDLE", "dts-duplicate-phandle", "two nodes carry the same phandle value"),
        ("XPT-DTS-DUPLICATE-PROPERTY", "dts-duplicate-property", "a property is defined twice in one node definition"),
        ("XPT-DTS-ESCAPE", "dts-escape", "a string or character escape is malformed"),
        ("XPT-DTS-FIXUP", "dts-fixup", "overlay fixups or symbols cannot be generated"),
        ("XPT-DTS-HEADER", "dts-header", "the source does not start with `/dts-v1/;`"),
        ("XPT-DTS-INCBIN", "dts-incbin", "an `/incbin/` file cannot be read or its range is outside the file"),
        ("XPT-DTS-INCLUDE", "dts-include", "an `/include/` or `#include` file cannot be found or read"),
        ("XPT-DTS-INTEGER", "dts-integer", "an integer literal is malformed or too large"),
        ("XPT-DTS-IO", "dts-io", "a source file cannot be read"),
        ("XPT-DTS-NAME-PROPERTY", "dts-name-property", "a `name` property disagrees with the node name"),
        ("XPT-DTS-NESTING", "dts-nesting", "nodes or includes are nested too deeply"),
        ("XPT-DTS-NODE-NAME", "dts-node-name", "a node name has a character dtc does not allow"),
        ("XPT-DTS-OUTSIDE-ROOTS", "dts-outside-roots", "an `/include/`, `/incbin/` or `#include` names a file outside the folders xenpt may read"),
        ("XPT-DTS-PHANDLE", "dts-phandle", "a `phandle` property is malformed or inconsistent"),
        ("XPT-DTS-PREPROCESSOR", "dts-preprocessor", "the C preprocessor failed on the source"),
        ("XPT-DTS-PROPERTY-AFTER-NODE", "dts-property-after-node", "a property follows a child node"),
        ("XPT-DTS-PROPERTY-NAME", "dts-property-name", "a property name has a character dtc does not allow"),
        ("XPT-DTS-RANGE", "dts-range", "a value does not fit where it is written"),
        ("XPT-DTS-SYNTAX", "dts-syntax", "the source does not follow the DTS grammar"),
        ("XPT-DTS-UNKNOWN-LABEL", "dts-unknown-label", "a reference names a label no node has"),
        ("XPT-DTS-UNKNOWN-PATH", "dts-unknown-path", "a reference names a path that is not in the tree"),
    ]
}
