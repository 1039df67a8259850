import SourceDiagnostics
import YAMLNode

/// Edits YAML trees by path (`peer_workers[0].supervision.interval_days`), for rule tests that
/// start from a base profile and change a few values.
enum NodeEditing {
    typealias Segment = ProfilePath.Step

    /// Splits `a.b[0].c` into segments; `nil` when it is malformed.
    static func segments(_ path: String) -> [Segment]? {
        ProfilePath.steps(path)
    }

    /// Sets the value at `path`, creating mapping keys that do not exist yet.
    ///
    /// - Returns: `nil` on success, or why the path does not fit the tree.
    static func set(_ value: Node, at path: [Segment], in node: inout Node) -> String? {
        guard let first = path.first else {
            node = value
            return nil
        }
        let rest = Array(path.dropFirst())
        switch (first, node.content) {
        case (.field(let key), .mapping(var pairs)):
            if let position = pairs.firstIndex(where: { $0.key.string == key }) {
                if let problem = set(value, at: rest, in: &pairs[position].value) { return problem }
            } else {
                var child = Node(.mapping([]), range: value.range)
                if let problem = set(value, at: rest, in: &child) { return problem }
                let key = Node(
                    .scalar(Scalar(text: key, style: .plain, value: .string(key))),
                    range: value.range)
                pairs.append(Node.Pair(key: key, value: child))
            }
            node = Node(
                .mapping(pairs), range: node.range, tag: node.tag,
                collectionStyle: node.collectionStyle)
            return nil
        case (.field(let key), .scalar) where node.isNull:
            node = Node(.mapping([]), range: node.range)
            return set(value, at: [.field(key)] + rest, in: &node)
        case (.index(let index), .sequence(var items)):
            guard index < items.count else {
                return "index \(index) is past the end of a list of \(items.count)"
            }
            if let problem = set(value, at: rest, in: &items[index]) { return problem }
            node = Node(
                .sequence(items), range: node.range, tag: node.tag,
                collectionStyle: node.collectionStyle)
            return nil
        case (.field(let key), _):
            return "`\(key)` cannot be set inside \(RuleTestChecker.article(node.kindName))"
        case (.index, _):
            return "\(RuleTestChecker.article(node.kindName)) cannot be indexed"
        }
    }
}
