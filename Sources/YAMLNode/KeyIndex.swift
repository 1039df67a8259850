import SourceDiagnostics

/// The keys of one mapping, for finding duplicates: scalar keys by value in a hash table,
/// collection keys (rare) by structural comparison.
struct KeyIndex {
    private var scalars: [ScalarValue: SourceRange] = [:]
    private var collections: [Node] = []

    /// Adds a key; returns where an equal key was first seen, or `nil` if it is new.
    mutating func insert(_ key: Node) -> SourceRange? {
        if let scalar = key.scalar {
            if let first = scalars[scalar.value] { return first }
            scalars[scalar.value] = key.range
            return nil
        }
        if let first = collections.first(where: { $0.hasSameContent(as: key) }) {
            return first.range
        }
        collections.append(key)
        return nil
    }
}
