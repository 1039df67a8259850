import SourceDiagnostics
import YAMLNode

/// Reads one YAML mapping into a model: typed fields with their positions, required fields,
/// and unknown keys reported with a did-you-mean. Every problem goes to a shared bag, so a
/// whole file is checked in one pass.
struct MappingReader {
    let node: Node
    /// What the mapping is, for messages ("rule `SUP-01`", "the `ruleset` section").
    let context: String
    private let pairs: [Node.Pair]
    private var used: Set<String> = []

    /// Starts reading `node`; reports and returns `nil` when it is not a mapping.
    init?(_ node: Node, context: String, bag: inout DiagnosticBag) {
        guard let pairs = node.mapping else {
            bag.append(
                .wrongKind(expected: "a mapping (key: value lines)", found: node, context: context))
            return nil
        }
        self.node = node
        self.context = context
        self.pairs = pairs
    }

    /// The value node of a key, marking the key known.
    mutating func value(_ key: String) -> Node? {
        used.insert(key)
        return pairs.first { $0.key.string == key }?.value
    }

    /// A required value: reports its absence.
    mutating func required(_ key: String, bag: inout DiagnosticBag, help: String? = nil) -> Node? {
        guard let found = value(key) else {
            bag.append(.missingKey(key, in: node, context: context, help: help))
            return nil
        }
        return found
    }

    /// Reports every key that was not read, with a did-you-mean among those that were.
    func reportUnknownKeys(_ bag: inout DiagnosticBag, severity: Diagnostic.Severity = .error) {
        for pair in pairs {
            guard let key = pair.key.string else {
                bag.append(.wrongKind(expected: "a text key", found: pair.key, context: context))
                continue
            }
            if !used.contains(key) {
                var diagnostic = Diagnostic.unknownKey(
                    key, at: pair.key.range, context: context, known: used.sorted(),
                    severity: severity)
                if node.collectionStyle == .flow, key.contains(" "), pair.value.isNull {
                    // `{description: one, two}` splits at the comma; the tail reads as a key.
                    diagnostic.help =
                        "inside { } a comma ends an entry: put text that contains commas in quotes"
                }
                bag.append(diagnostic)
            }
        }
    }

    /// The pairs whose keys were not read (text keys or not), in document order.
    var unreadPairs: [Node.Pair] {
        pairs.filter { pair in pair.key.string.map { !used.contains($0) } ?? true }
    }

    /// The keys in document order.
    var keys: [String] { pairs.compactMap { $0.key.string } }
    /// The pairs in document order.
    var allPairs: [Node.Pair] { pairs }
}

/// Typed reads of scalar nodes, reporting what was expected.
/// `what` names the value in messages; it is built only when there is a message, since
/// decoding a large batch of valid profiles would otherwise spend its time building it.
enum Scalars {
    static func string(_ node: Node?, _ what: @autoclosure () -> String, bag: inout DiagnosticBag)
        -> String?
    {
        guard let node else { return nil }
        guard let scalar = node.scalar, case .string(let text) = scalar.value else {
            if let scalar = node.scalar, scalar.value != .null {
                // A number or boolean written where text belongs is accepted as its text.
                return scalar.text
            }
            bag.append(.wrongKind(expected: "text", found: node, context: what()))
            return nil
        }
        return text
    }

    static func bool(_ node: Node?, _ what: @autoclosure () -> String, bag: inout DiagnosticBag)
        -> Bool?
    {
        guard let node else { return nil }
        guard case .bool(let flag) = node.scalar?.value else {
            var diagnostic = Diagnostic.wrongKind(
                expected: "true or false", found: node, context: what())
            if let word = node.scalar?.text.lowercased(),
                ["yes", "no", "y", "n", "on", "off"].contains(word)
            {
                diagnostic.help = "write `true` or `false` (YAML 1.2 reads `\(word)` as text)"
            }
            bag.append(diagnostic)
            return nil
        }
        return flag
    }

    static func number(_ node: Node?, _ what: @autoclosure () -> String, bag: inout DiagnosticBag)
        -> Double?
    {
        guard let node else { return nil }
        switch node.scalar?.value {
        case .int(let number): return Double(number)
        case .float(let number) where number.isFinite: return number
        default:
            bag.append(.wrongKind(expected: "a number", found: node, context: what()))
            return nil
        }
    }

    static func integer(_ node: Node?, _ what: @autoclosure () -> String, bag: inout DiagnosticBag)
        -> Int64?
    {
        guard let node else { return nil }
        guard case .int(let number) = node.scalar?.value else {
            bag.append(.wrongKind(expected: "a whole number", found: node, context: what()))
            return nil
        }
        return number
    }

    static func strings(_ node: Node?, _ what: String, bag: inout DiagnosticBag) -> [Located<
        String
    >]? {
        guard let node else { return nil }
        if node.scalar != nil, let single = string(node, what, bag: &bag) {
            return [Located(single, node.range)]  // A single value is a list of one.
        }
        guard let items = node.sequence else {
            bag.append(.wrongKind(expected: "a list", found: node, context: what))
            return nil
        }
        return items.compactMap { item in
            string(item, what, bag: &bag).map { Located($0, item.range) }
        }
    }
}

/// A value with where it was written.
public struct Located<Value: Sendable>: Sendable {
    /// The value.
    public var value: Value
    /// Where it was written.
    public var range: SourceRange

    /// Wraps a value with its position.
    public init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

extension Located: Equatable where Value: Equatable {}
