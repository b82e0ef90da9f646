// MARK: - Encoding a value to the bytes a DTB stores

extension PropertyValue {
    /// The bytes of this value in a DTB, or nil while it still holds a reference.
    ///
    /// References are replaced by `ReferenceResolver`; a tree read from a DTB never has any.
    public var bytes: [UInt8]? {
        // A value read from a DTB is one run of bytes: shared, not copied.
        if chunks.count == 1, case .bytes(let raw) = chunks[0] { return raw }
        var out: [UInt8] = []
        for chunk in chunks {
            switch chunk {
            case .string(let text):
                out.append(contentsOf: Array(text.utf8))
                out.append(0)
            case .cells(let bits, let cells):
                let width = bits / 8
                for cell in cells {
                    switch cell {
                    case .number(let value):
                        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
                            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
                        }
                    case .phandle:
                        return nil
                    case .label:
                        break
                    }
                }
            case .bytes(let raw):
                out.append(contentsOf: raw)
            case .pathReference:
                return nil
            case .label:
                break
            }
        }
        return out
    }

    /// `value` as `count` big-endian 32-bit cells (high cells zero when `count` > 2), the way
    /// `#address-cells`/`#size-cells` lay an address or size out.
    public static func cells(of value: UInt64, count: Int) -> [UInt32] {
        (0..<max(count, 0)).map { position in
            let shift = (count - 1 - position) * 32
            return shift >= 64 ? 0 : UInt32(truncatingIfNeeded: value >> UInt64(shift))
        }
    }

    /// A value of 32-bit cells.
    public static func cells(_ values: [UInt32]) -> PropertyValue {
        PropertyValue([.cells(bits: 32, values.map { .number(UInt64($0)) })])
    }

    /// A value of one string.
    public static func string(_ text: String) -> PropertyValue {
        PropertyValue([.string(text)])
    }

    /// A string-list value (`"a", "b"`).
    public static func strings(_ texts: [String]) -> PropertyValue {
        PropertyValue(texts.map { .string($0) })
    }

    /// An empty (boolean) value.
    public static var empty: PropertyValue { PropertyValue() }
}

// MARK: - Reading a value back in the usual shapes

extension Property {
    /// The raw bytes, or nil while the value still holds a reference.
    public var bytes: [UInt8]? { value.bytes }

    /// The value as big-endian 32-bit cells, or nil if its length is not a multiple of 4.
    public var cells: [UInt32]? {
        guard let raw = bytes, raw.count % 4 == 0 else { return nil }
        var out: [UInt32] = []
        out.reserveCapacity(raw.count / 4)
        var index = 0
        while index < raw.count {
            out.append(UInt32(raw[index]) << 24 | UInt32(raw[index + 1]) << 16 | UInt32(raw[index + 2]) << 8 | UInt32(raw[index + 3]))
            index += 4
        }
        return out
    }

    /// The single 32-bit cell of the value, or nil if it is not exactly one cell.
    public var singleCell: UInt32? {
        guard let cells, cells.count == 1 else { return nil }
        return cells[0]
    }

    /// The value as NUL-terminated strings, or nil if it is not a well-formed string list.
    public var strings: [String]? {
        guard let raw = bytes, let last = raw.last, last == 0 else { return nil }
        var out: [String] = []
        var start = 0
        for (index, byte) in raw.enumerated() where byte == 0 {
            guard index > start || raw.count == 1 else { return nil }
            guard let text = String(validating: raw[start..<index], as: UTF8.self) else { return nil }
            out.append(text)
            start = index + 1
        }
        return out
    }

    /// The first string of a string list.
    public var string: String? { strings?.first }
}

// MARK: - Typed values from raw bytes

extension PropertyValue {
    /// A typed value for raw bytes, guessed the way a reader would write it: a string list when
    /// every piece is printable text, else 32-bit cells when the length allows, else bytes.
    public init(guessingTypeOf raw: [UInt8]) {
        guard !raw.isEmpty else {
            self.init()
            return
        }
        if raw.last == 0, raw.first != 0 {
            let pieces = raw.dropLast().split(separator: 0, omittingEmptySubsequences: false)
            let printable = pieces.allSatisfy { piece in
                !piece.isEmpty && piece.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
            }
            if printable {
                self.init(pieces.map { .string(String(decoding: $0, as: UTF8.self)) })
                return
            }
        }
        if raw.count % 4 == 0 {
            var cells: [Cell] = []
            var index = 0
            while index < raw.count {
                let value = UInt32(raw[index]) << 24 | UInt32(raw[index + 1]) << 16 | UInt32(raw[index + 2]) << 8 | UInt32(raw[index + 3])
                cells.append(.number(UInt64(value)))
                index += 4
            }
            self.init([.cells(bits: 32, cells)])
            return
        }
        self.init([.bytes(raw)])
    }

    /// This value with raw-byte chunks turned into typed ones (for printing trees read from a DTB).
    public var typed: PropertyValue {
        guard chunks.count == 1, case .bytes(let raw) = chunks[0] else { return self }
        return PropertyValue(guessingTypeOf: raw)
    }
}
