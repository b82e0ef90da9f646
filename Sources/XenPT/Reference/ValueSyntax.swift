/// How each type of manifest value is written, as `ManifestLoader` and `ScalarReader` read it.
///
/// The JSON Schemas and the reference both take their scalar rules from here, so an editor and
/// the loader accept the same spellings as far as JSON Schema can say.
public enum ValueSyntax {
    /// An integer written as a string: decimal or `0x` hex, `_` between digits
    /// (`ScalarReader.parseInteger`).
    public static let integerPattern = "^(?:[0-9](?:[0-9_]*[0-9])?|0[xX][0-9a-fA-F_]*[0-9a-fA-F])$"
    /// A memory size: an integer, then optionally `K`, `M`, `G` or `T` with `B`/`iB`, any case
    /// (`ScalarReader.parseMemorySize`; a hex number must end in a decimal digit there, because
    /// trailing letters are read as the unit).
    public static let memorySizePattern =
        "^[ \\t]*(?:[0-9](?:[0-9_]*[0-9])?|0[xX][0-9a-fA-F_]*[0-9])(?:[KkMmGgTt](?:[Ii]?[Bb])?)?[ \\t]*$"
    /// A board or guest name (`ManifestText.nameProblem`): ASCII letters, digits, `_`, `-` and
    /// `.`, not starting with `.` or `-`, at most 64 characters.
    public static let namePattern = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$"
    /// A Xen release `MAJOR.MINOR`.
    public static let xenVersionPattern = "^[0-9]+\\.[0-9]+$"
    /// A boolean written as a quoted string (the loader reads the text, not the YAML type).
    public static let booleanPattern = "^(?:true|false)$"
    /// A numeric guest address written as a string; a hex one must end in three zero digits
    /// (4 KiB aligned); a decimal one cannot be checked for alignment by a pattern.
    public static let guestAddressPattern = "^(?:[0-9](?:[0-9_]*[0-9])?|0[xX][0-9a-fA-F_]*0_*0_*0)$"
    /// The alignment the loader requires of a numeric guest address.
    public static let guestAddressAlignment: UInt64 = 4096
    /// The words a guest address may be instead of a number.
    public static let guestAddressWords = ["auto", "identity"]

    /// The scalar value types, in the order the reference explains them.
    public enum Scalar: String, Sendable, CaseIterable {
        /// Any scalar.
        case string
        /// An integer within bounds.
        case integer
        /// `true` or `false`.
        case boolean
        /// A memory size.
        case memorySize = "memory size"
        /// A Xen release.
        case xenVersion = "Xen release"
        /// A file path.
        case filePath = "file path"
        /// A board or guest name.
        case name
        /// One of a fixed set of words.
        case word
        /// A guest address.
        case guestAddress = "guest address"
        /// A host device.
        case deviceReference = "device reference"

        /// How values of this type are written, one paragraph of Markdown.
        public var explanation: String {
            switch self {
            case .string:
                "Any scalar, taken as written. Quote it when it could read as something else in YAML "
                    + "(`\"yes\"`, `\"4.10\"`, a value starting with `&`, `*`, `#` or containing `: `)."
            case .integer:
                "Decimal (`128`) or `0x` hexadecimal (`0x80`); `_` may separate digits (`1_000_000`). "
                    + "The value must lie in the range given with the key."
            case .boolean:
                "`true` or `false`. YAML 1.1 spellings such as `yes`, `on` or `True` are refused."
            case .memorySize:
                "A whole number of MiB, written as an integer with a binary unit `K`, `M`, `G` or `T` "
                    + "(`KB`, `KiB` and lowercase mean the same): `512M`, `2G`, `524288K`. "
                    + "A bare number counts MiB, as in `xl` (`memory: 512`)."
            case .xenVersion:
                "`MAJOR.MINOR` as a quoted string: `\"4.17\"`. Unquoted, YAML reads `4.10` as the number 4.1; "
                    + "the JSON Schemas accept only the quoted form."
            case .filePath:
                "A path relative to the manifest that names it, or absolute. Symbolic links followed, it must lie inside "
                    + "the workspace root (the nearest folder above the paths given on the command line that holds `.git`, "
                    + "else the working folder) or a folder given with `--allow-read DIR` on the command line; a path "
                    + "outside is refused (`XPT-E013`) without being read. The same holds for `/include/`, `/incbin/` and "
                    + "`#include` in a host tree. See [security.md](security.md)."
            case .name:
                "A board or guest name: it names an output folder (`out/<board>/<guest>/`) and appears in "
                    + "generated files, so it is made of \(ManifestText.nameRule). "
                    + "Names that differ only in case are the same folder."
            case .word:
                "One of the words listed with the key, exactly as written there."
            case .guestAddress:
                "`auto` (xenpt picks a free guest address), `identity` (the host address, mapped 1:1), "
                    + "or the guest physical address of the device's first page: a 4 KiB aligned integer, "
                    + "usually hexadecimal (`0x05000000`). The offset inside the page is kept from the host address."
            case .deviceReference:
                "A host device-tree node: an absolute path (`/soc/ethernet@fff51000`), a label "
                    + "(`\"&gmac1\"`, quoted because a bare `&` starts a YAML anchor) or an `/aliases` name (`ethernet1`)."
            }
        }

        /// The Markdown anchor of this type's entry in the reference.
        var anchor: String { ReferenceText.anchor(rawValue) }
    }

    /// The scalar type of a field type, nil for mappings, lists and maps.
    public static func scalar(_ type: FieldType) -> Scalar? {
        switch type {
        case .string: .string
        case .integer: .integer
        case .boolean: .boolean
        case .memorySize: .memorySize
        case .xenVersion: .xenVersion
        case .filePath: .filePath
        case .name: .name
        case .enumeration: .word
        case .guestAddress: .guestAddress
        case .deviceReference: .deviceReference
        case .mapping, .sequence, .dictionary: nil
        }
    }

    /// Mappings that may be written as the value of one of their keys alone, with that key.
    ///
    /// Mirrors `ManifestLoader`: a passthrough entry may be a bare device reference.
    public static func shorthandKey(of spec: MappingSpec) -> String? {
        spec.title == ManifestSpecs.passthroughEntry.title ? "device" : nil
    }

    /// A type in words, e.g. `integer, 1 to 128` or `list of passthrough entries`; `link` turns a
    /// reference anchor and its text into Markdown (or returns the text alone).
    static func phrase(_ type: FieldType, link: (String, String) -> String) -> String {
        switch type {
        case .integer(let min, let max):
            return link(Scalar.integer.anchor, "integer") + ", \(min) to \(max)"
        case .enumeration(let words):
            return "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
        case .mapping(let spec):
            return link(ReferenceText.anchor(spec.title), spec.title)
        case .sequence(let item):
            return "list of " + plural(item, link: link)
        case .dictionary(let key, let value):
            return "map from \(key) to " + phrase(value, link: link)
        default:
            guard let scalar = scalar(type) else { return "" }
            return link(scalar.anchor, scalar.rawValue)
        }
    }

    private static func plural(_ type: FieldType, link: (String, String) -> String) -> String {
        switch type {
        case .mapping(let spec):
            return link(ReferenceText.anchor(spec.title), ReferenceText.plural(spec.title))
        case .enumeration, .integer, .sequence, .dictionary:
            return "(" + phrase(type, link: link) + ")"
        default:
            guard let scalar = scalar(type) else { return "" }
            return link(scalar.anchor, ReferenceText.plural(scalar.rawValue))
        }
    }
}

/// Small text helpers shared by the generated documents.
enum ReferenceText {
    /// The GitHub Markdown anchor of a heading: lowercase, spaces to `-`, other punctuation dropped.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            if character == "-" || (character.isASCII && (character.isLetter || character.isNumber)) { return character }
            return nil
        })
    }

    /// An English plural of a noun phrase (`entry` → `entries`, `waiver` → `waivers`).
    static func plural(_ noun: String) -> String {
        if noun.hasSuffix("y"), let last = noun.dropLast().last, !"aeiou".contains(last) {
            return noun.dropLast() + "ies"
        }
        return noun + "s"
    }

    /// The first letter in uppercase.
    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
