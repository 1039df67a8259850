import YAMLNode

/// The canonical layout of readiness's files for `readiness fmt`, read from the same JSON
/// Schemas editors use: keys in the order the schema lists them (the order of the docs, and
/// of the rule set's own schema for a profile), names an author chose kept in their order,
/// and long prose folded while expressions stay on one line.
public struct SchemaLayout: YAMLLayout {
    private let document: JSONValue
    private let schema: JSONValue?
    /// Whether this is the top of a rule-set file, tailoring, waiver list or test file.
    private var isRuleFormatTop = false

    private init(document: JSONValue, schema: JSONValue?) {
        self.document = document
        self.schema = schema
    }

    /// The layout of rule-set files, tailorings, waiver lists and test files.
    public static var ruleFormat: SchemaLayout {
        let schema = RuleFormatJSONSchema.document
        var layout = SchemaLayout(document: schema, schema: schema)
        layout.isRuleFormatTop = true
        return layout
    }

    /// The layout of the profiles of `ruleSet`.
    public static func profile(of ruleSet: RuleSet) -> SchemaLayout {
        let schema = ProfileJSONSchema.document(for: ruleSet)
        return SchemaLayout(document: schema, schema: schema)
    }

    /// Whether a document is a profile: it has the `assessment` header (or respondents).
    public static func isProfile(_ root: Node) -> Bool {
        root["assessment"] != nil || root["respondents"] != nil
    }

    /// The keys of the schema at this place, in its order.
    public func keyRanks(of mapping: Node) -> [String: Int] {
        // A rule set's file is the author's to organise: its sections (ruleset, schema,
        // rules…) keep their order, and only what is inside them is laid out.
        if isRuleFormatTop,
            !["tailoring", "waivers", "tests"].contains(where: { mapping[$0] != nil })
        {
            return [:]
        }
        var ranks: [String: Int] = [:]
        for part in parts(of: schema, for: mapping) {
            guard case .object(let properties)? = part["properties"] else { continue }
            for member in properties.members where ranks[member.key] == nil {
                ranks[member.key] = ranks.count
            }
        }
        return ranks
    }

    /// The schema of the key's value: its property, or the one every value of a mapping of
    /// names has.
    public func value(of key: String, in mapping: Node) -> SchemaLayout {
        let found = parts(of: schema, for: mapping)
        for part in found {
            if let property = part["properties"]?[key] {
                return SchemaLayout(document: document, schema: property)
            }
        }
        for part in found {
            if let values = part["additionalProperties"], values != .bool(false) {
                return SchemaLayout(document: document, schema: values)
            }
        }
        return SchemaLayout(document: document, schema: nil)
    }

    /// The schema of the list's items.
    public func item(of sequence: Node) -> SchemaLayout {
        for part in parts(of: schema, for: sequence) {
            if let items = part["items"] { return SchemaLayout(document: document, schema: items) }
        }
        return SchemaLayout(document: document, schema: nil)
    }

    /// Whether long text may be folded here: not in an expression.
    public var foldsText: Bool {
        // An expression reads best on one line, however long.
        var current = schema
        for _ in 0..<8 {
            guard case .string(let reference)? = current?["$ref"] else { return true }
            if reference == "#/$defs/expression" { return false }
            current = target(of: reference)
        }
        return true
    }

    // MARK: Reading the schema

    private func target(of reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/$defs/") else { return nil }
        return document["$defs"]?[String(reference.dropFirst("#/$defs/".count))]
    }

    /// The schema and every part that applies to `node` through `$ref`, `allOf`, `if`
    /// and the first `anyOf` alternative of the node's kind.
    private func parts(of schema: JSONValue?, for node: Node, depth: Int = 0) -> [JSONValue] {
        guard let schema, depth < 16 else { return [] }
        var found = [schema]
        if case .string(let reference)? = schema["$ref"] {
            found += parts(of: target(of: reference), for: node, depth: depth + 1)
        }
        if case .array(let all)? = schema["allOf"] {
            for part in all { found += parts(of: part, for: node, depth: depth + 1) }
        }
        if let condition = schema["if"] {
            let branch = holds(condition, for: node) ? schema["then"] : schema["else"]
            found += parts(of: branch, for: node, depth: depth + 1)
        }
        if case .array(let alternatives)? = schema["anyOf"],
            let fitting = alternatives.first(where: { fits($0, node, depth: depth) })
        {
            found += parts(of: fitting, for: node, depth: depth + 1)
        }
        return found
    }

    /// Whether an alternative is for a node of this kind (a mapping, a list, a scalar).
    private func fits(_ schema: JSONValue, _ node: Node, depth: Int) -> Bool {
        guard depth < 16 else { return false }
        if case .string(let reference)? = schema["$ref"], let target = target(of: reference) {
            return fits(target, node, depth: depth + 1)
        }
        var types: [String] = []
        switch schema["type"] {
        case .string(let name)?: types = [name]
        case .array(let names)?:
            types = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default:
            if schema["properties"] != nil || schema["additionalProperties"] != nil {
                types = ["object"]
            } else if schema["items"] != nil {
                types = ["array"]
            }
        }
        switch node.content {
        case .mapping: return types.contains("object")
        case .sequence: return types.contains("array")
        case .scalar: return !types.contains("object") || types.count > 1
        }
    }

    /// The conditions the schemas use: `required` keys, `anyOf` of them, and a property that
    /// must be text.
    private func holds(_ condition: JSONValue, for node: Node) -> Bool {
        if case .array(let keys)? = condition["required"] {
            for key in keys {
                guard case .string(let name) = key, node[name] != nil else { return false }
            }
        }
        if case .array(let alternatives)? = condition["anyOf"],
            !alternatives.contains(where: { holds($0, for: node) })
        {
            return false
        }
        if case .object(let properties)? = condition["properties"] {
            for member in properties.members where member.value["type"] == "string" {
                if let value = node[member.key], value.string == nil { return false }
            }
        }
        return true
    }
}
