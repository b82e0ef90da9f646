/// A growing UTF-8 byte buffer the DTS printers write into, with the few number formats they use.
struct DTSOutput {
    /// The text so far.
    var bytes: [UInt8]

    /// Creates an empty buffer with room for `capacity` bytes.
    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) { bytes.append(value) }

    @inline(__always)
    mutating func text(_ value: StaticString) {
        value.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func text(_ value: String) {
        var copy = value
        copy.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func tabs(_ count: Int) {
        for _ in 0..<count { bytes.append(0x09) }
    }

    /// Lowercase hex digits of `value`, at least `minimumDigits` of them (C's `%0Nx`).
    @inline(__always)
    mutating func hex(_ value: UInt64, minimumDigits: Int) {
        var digits = 1
        var rest = value >> 4
        while rest != 0 {
            digits += 1
            rest >>= 4
        }
        if digits < minimumDigits {
            for _ in digits..<minimumDigits { bytes.append(0x30) }
        }
        var shift = (digits - 1) * 4
        while shift >= 0 {
            bytes.append(hexDigits[Int((value >> UInt64(shift)) & 0xf)])
            shift -= 4
        }
    }

    /// Decimal digits of `value`.
    mutating func decimal(_ value: UInt64) {
        text(String(value))
    }

    /// Two lowercase hex digits.
    @inline(__always)
    mutating func hexByte(_ value: UInt8) {
        bytes.append(hexDigits[Int(value >> 4)])
        bytes.append(hexDigits[Int(value & 0xf)])
    }

    /// The buffer as a String (always valid UTF-8: printers write ASCII and whole names).
    var string: String { String(decoding: bytes, as: UTF8.self) }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
