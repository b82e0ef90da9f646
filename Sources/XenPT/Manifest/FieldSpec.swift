/// Metadata for one key of a manifest mapping. The loader checks documents against it, and
/// the JSON Schemas and the manifest reference are generated from it, so the three agree.
public struct FieldSpec: Sendable {
    /// The key as written in YAML.
    public let key: String
    /// One line for the reference and for "add `key:`" help.
    public let summary: String
    /// The value's type.
    public let type: FieldType
    /// Whether the key must be present.
    public let required: Bool
    /// What applies when the key is absent, in words (for the reference), if anything.
    public let defaultDescription: String?

    /// Creates a field.
    public init(_ key: String, _ type: FieldType, required: Bool = false, default defaultDescription: String? = nil, _ summary: String) {
        self.key = key
        self.summary = summary
        self.type = type
        self.required = required
        self.defaultDescription = defaultDescription
    }
}

/// The type of a manifest value.
public indirect enum FieldType: Sendable {
    /// Any string scalar.
    case string
    /// A decimal or `0x` hex integer within bounds.
    case integer(min: UInt64, max: UInt64)
    /// `true` or `false` (YAML 1.1 spellings like `yes` are refused).
    case boolean
    /// A size with a unit (`512M`, `2G`, `65536K`); a bare number counts MiB, as in xl.
    case memorySize
    /// A Xen release `MAJOR.MINOR` (`"4.17"`).
    case xenVersion
    /// A file path, relative to the manifest that names it.
    case filePath
    /// A board or guest name: it becomes an output folder (`ManifestText.nameRule`).
    case name
    /// One of a fixed set of words.
    case enumeration([String])
    /// `auto`, `identity` or a page-aligned guest physical address.
    case guestAddress
    /// A host device: absolute node path, `&label` or an `/aliases` name.
    case deviceReference
    /// A nested mapping.
    case mapping(MappingSpec)
    /// A list of values of one type.
    case sequence(FieldType)
    /// A mapping from user-chosen keys (described by `key`) to values of one type.
    case dictionary(key: String, value: FieldType)
}

/// The keys a mapping may have.
public struct MappingSpec: Sendable {
    /// Name of the mapping (`guest manifest`, `passthrough entry`).
    public let title: String
    /// One paragraph for the reference.
    public let summary: String
    /// The allowed keys, in documentation order.
    public let fields: [FieldSpec]

    /// Creates a mapping spec.
    public init(title: String, summary: String, fields: [FieldSpec]) {
        self.title = title
        self.summary = summary
        self.fields = fields
    }

    /// The field for a key.
    public func field(_ key: String) -> FieldSpec? {
        fields.first { $0.key == key }
    }
}
