import SourceDiagnostics

extension Node {
    /// The scalar, when this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The items, when this node is a sequence.
    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The pairs, when this node is a mapping.
    public var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The string value, when this node is a scalar resolved as a string.
    public var string: String? {
        if case .string(let text) = scalar?.value { return text }
        return nil
    }

    /// Whether the node is a null scalar.
    public var isNull: Bool {
        scalar?.value == .null
    }

    /// The value for a string key, when this node is a mapping that has it.
    public subscript(key: String) -> Node? {
        mapping?.first { $0.key.string == key }?.value
    }

    /// The kind of node, for messages: `mapping`, `sequence`, or the scalar's value type.
    public var kindName: String {
        switch content {
        case .scalar(let scalar): scalar.value.typeName
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }

    /// Whether two nodes hold the same data, ignoring where they were written, their styles
    /// and anchors.
    public func hasSameContent(as other: Node) -> Bool {
        switch (content, other.content) {
        case (.scalar(let left), .scalar(let right)):
            return left.value == right.value
        case (.sequence(let left), .sequence(let right)):
            return left.count == right.count
                && zip(left, right).allSatisfy { $0.hasSameContent(as: $1) }
        case (.mapping(let left), .mapping(let right)):
            return left.count == right.count
                && zip(left, right).allSatisfy {
                    $0.key.hasSameContent(as: $1.key) && $0.value.hasSameContent(as: $1.value)
                }
        default:
            return false
        }
    }
}
