import SourceDiagnostics

/// One node of a YAML document: a scalar, a sequence or a mapping, with where it was written.
///
/// Nodes are values. An alias produces a copy of the node its anchor names (sharing storage),
/// so consumers never see aliases; the loader bounds how many nodes aliases may add (see
/// ``YAMLLoader/Limits``).
public struct Node: Sendable {
    /// What a node holds.
    public enum Content: Sendable {
        /// A scalar with its text, style and resolved value.
        case scalar(Scalar)
        /// A sequence, in document order.
        case sequence([Node])
        /// A mapping; pairs are in document order and keys are unique.
        case mapping([Pair])
    }

    /// One key and its value in a mapping.
    public struct Pair: Sendable {
        /// The key node (usually a string scalar; YAML allows any node).
        public var key: Node
        /// The value node.
        public var value: Node

        /// Creates a pair.
        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    /// How a collection was written.
    public enum CollectionStyle: Sendable, Hashable {
        /// Indentation-based (`- a` or `key: value` on their own lines).
        case block
        /// Bracketed (`[a, b]` or `{k: v}`).
        case flow
    }

    /// The node's content.
    public var content: Content
    /// Where the node was written: from its first character to just after its last. For a
    /// node produced by an alias, where the anchored node was written.
    public var range: SourceRange
    /// The explicit tag as libyaml resolved it (`tag:yaml.org,2002:str` for `!!str`), or `nil`
    /// when the node had none. The non-specific tag `!` is kept as `"!"`.
    public var tag: String?
    /// The anchor the node was given with `&name`, if any.
    public var anchor: String?
    /// Block or flow style, for collections; `nil` for scalars.
    public var collectionStyle: CollectionStyle?
    /// How many nodes this node stands for, itself and every descendant included.
    public private(set) var nodeCount: Int

    /// Creates a node; `nodeCount` is computed from the content.
    public init(
        _ content: Content, range: SourceRange, tag: String? = nil, anchor: String? = nil,
        collectionStyle: CollectionStyle? = nil
    ) {
        self.content = content
        self.range = range
        self.tag = tag
        self.anchor = anchor
        self.collectionStyle = collectionStyle
        switch content {
        case .scalar: nodeCount = 1
        case .sequence(let items): nodeCount = items.reduce(1) { $0 + $1.nodeCount }
        case .mapping(let pairs):
            nodeCount = pairs.reduce(1) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }

    /// Where the node starts.
    public var location: SourceLocation { range.start }
}

/// A scalar's text as written (after YAML's own escape and folding rules), its style, and its
/// value under the YAML 1.2 core schema or its explicit tag.
public struct Scalar: Sendable, Hashable {
    /// How a scalar was written.
    public enum Style: String, Sendable, Hashable {
        /// Unquoted.
        case plain
        /// In single quotes.
        case singleQuoted
        /// In double quotes.
        case doubleQuoted
        /// A `|` block.
        case literal
        /// A `>` block.
        case folded
    }

    /// The scalar's text.
    public var text: String
    /// How it was written.
    public var style: Style
    /// Its resolved value.
    public var value: ScalarValue

    /// Creates a scalar.
    public init(text: String, style: Style, value: ScalarValue) {
        self.text = text
        self.style = style
        self.value = value
    }
}

/// A scalar's value under the YAML 1.2 core schema.
public enum ScalarValue: Sendable, Hashable {
    /// `null`, `~`, or nothing at all.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A decimal, `0o` octal or `0x` hexadecimal integer that fits in 64 bits.
    case int(Int64)
    /// A decimal float, `.inf`, `-.inf` or `.nan`.
    case float(Double)
    /// Everything else, and every quoted or block scalar.
    case string(String)

    /// The name of the value's type, for messages (`integer`, `string`, ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .float: "number"
        case .string: "string"
        }
    }
}
