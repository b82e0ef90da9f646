import Diagnostics

/// A value together with where it was written and its data path.
public struct Located<Value: Sendable>: Sendable {
    /// The value.
    public var value: Value
    /// Its span in the source.
    public var range: SourceRange
    /// Its data path (`passthrough[0].device`).
    public var path: DataPath

    /// Creates a located value.
    public init(_ value: Value, range: SourceRange, path: DataPath) {
        self.value = value
        self.range = range
        self.path = path
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
