import SourceDiagnostics

/// The keys of one mapping, for finding duplicates: scalar keys by value (searched in a short
/// array while the mapping is small, as most are, then in a hash table), collection keys
/// (rare) by structural comparison.
struct KeyIndex {
    /// Up to this many scalar keys are searched linearly: cheaper than hashing each key.
    private static let linearLimit = 16
    private var few: [(value: ScalarValue, range: SourceRange)] = []
    private var many: [ScalarValue: SourceRange]?
    private var collections: [Node] = []

    /// Adds a key; returns where an equal key was first seen, or `nil` if it is new.
    mutating func insert(_ key: Node) -> SourceRange? {
        if let scalar = key.scalar {
            if many == nil {
                if let first = few.first(where: { $0.value == scalar.value }) {
                    return first.range
                }
                guard few.count == Self.linearLimit else {
                    few.append((scalar.value, key.range))
                    return nil
                }
                many = Dictionary(few.map { ($0.value, $0.range) }) { first, _ in first }
                few = []
            }
            if let first = many?[scalar.value] { return first }
            many?[scalar.value] = key.range
            return nil
        }
        if let first = collections.first(where: { $0.hasSameContent(as: key) }) {
            return first.range
        }
        collections.append(key)
        return nil
    }
}
