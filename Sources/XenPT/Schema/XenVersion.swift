/// A Xen release as `MAJOR.MINOR` (`4.17`); point releases are not distinguished.
public struct XenVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major number (`4`).
    public let major: Int
    /// The minor number (`17`).
    public let minor: Int

    /// Creates a version from its numbers.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `MAJOR.MINOR` with decimal digits only; nil for anything else (`4`, `4.x`, `4.17.1`).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let major = Int(parts[0]), let minor = Int(parts[1])
        else { return nil }
        self.major = major
        self.minor = minor
    }

    /// `4.17`.
    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: XenVersion, rhs: XenVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
