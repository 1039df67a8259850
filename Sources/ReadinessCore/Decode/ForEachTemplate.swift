import SourceDiagnostics
import YAMLNode

/// One shape declared over a list of items (`for_each:` with a `rule:` or `action:`
/// template), expanded when the rule set loads into one rule or action an item, so 25 rated
/// statements are 25 short items and one template rather than 25 copies.
///
/// In the template, `{{ item.NAME }}` is the item's `NAME`: inside a text it is the value's
/// text; a scalar that is only the placeholder becomes the item's value as written (a
/// number, a list of actions). Other placeholders (`{{ params.NAME }}`, `{{ level }}`) are
/// left for the rule.
enum ForEachTemplate {
    /// The entries of a `rules:` or `actions:` list, with each `for_each` entry expanded in
    /// place; `kind` is the template's key (`rule` or `action`).
    static func expand(_ entries: [Node], kind: String, bag: inout DiagnosticBag) -> [Node] {
        var expanded: [Node] = []
        for entry in entries {
            guard entry["for_each"] != nil else {
                expanded.append(entry)
                continue
            }
            expanded += expandOne(entry, kind: kind, bag: &bag)
        }
        return expanded
    }

    private static func expandOne(_ entry: Node, kind: String, bag: inout DiagnosticBag)
        -> [Node]
    {
        let context = "a `for_each` \(kind) template"
        guard var reader = MappingReader(entry, context: context, bag: &bag) else { return [] }
        let itemsNode = reader.value("for_each")
        let template = reader.required(
            kind, bag: &bag,
            help: "give the \(kind) to repeat under `\(kind):`, using `{{ item.NAME }}`")
        reader.reportUnknownKeys(&bag)
        guard let itemsNode, let template else { return [] }
        guard let items = itemsNode.sequence, !items.isEmpty else {
            bag.append(
                .wrongKind(
                    expected: "a list of items, each a mapping", found: itemsNode,
                    context: "`for_each`"))
            return []
        }
        var out: [Node] = []
        for (index, item) in items.enumerated() {
            guard let pairs = item.mapping else {
                bag.append(
                    .wrongKind(
                        expected: "a mapping of names to values", found: item,
                        context: "item \(index + 1) of `for_each`"))
                continue
            }
            var values: [String: Node] = [:]
            for pair in pairs {
                if let name = pair.key.string { values[name] = pair.value }
            }
            var problems = 0
            let node = substitute(
                template, item: values, itemNode: item, number: index + 1, problems: &problems,
                bag: &bag)
            // The rule stands where its item is written (messages about the rule as a whole
            // name that line); what is inside it stays where the template writes it.
            var placed = node
            placed.range = item.range
            if problems == 0 { out.append(placed) }
        }
        return out
    }

    /// The template with the item's values in place of its placeholders.
    private static func substitute(
        _ node: Node, item: [String: Node], itemNode: Node, number: Int, problems: inout Int,
        bag: inout DiagnosticBag
    ) -> Node {
        switch node.content {
        case .sequence(let children):
            return Node(
                .sequence(
                    children.map {
                        substitute(
                            $0, item: item, itemNode: itemNode, number: number,
                            problems: &problems, bag: &bag)
                    }), range: node.range, tag: node.tag, collectionStyle: node.collectionStyle)
        case .mapping(let pairs):
            return Node(
                .mapping(
                    pairs.map {
                        Node.Pair(
                            key: $0.key,
                            value: substitute(
                                $0.value, item: item, itemNode: itemNode, number: number,
                                problems: &problems, bag: &bag))
                    }), range: node.range, tag: node.tag, collectionStyle: node.collectionStyle)
        case .scalar(let scalar):
            guard scalar.text.contains(bytes: "{{") else { return node }
            return substitute(
                scalar, node: node, item: item, itemNode: itemNode, number: number,
                problems: &problems, bag: &bag)
        }
    }

    private static func substitute(
        _ scalar: Scalar, node: Node, item: [String: Node], itemNode: Node, number: Int,
        problems: inout Int, bag: inout DiagnosticBag
    ) -> Node {
        let placeholders = GapTemplate.placeholders(scalar.text).filter {
            $0.name.hasPrefix("item.")
        }
        guard !placeholders.isEmpty else { return node }
        var known = true
        for placeholder in placeholders {
            let name = String(placeholder.name.dropFirst("item.".count))
            guard item[name] == nil else { continue }
            known = false
            problems += 1
            bag.append(
                .invalidValue(
                    "the template uses `{{ \(placeholder.name) }}`, but item \(number) of `for_each` (line \(itemNode.range.start.line)) has no `\(name)`"
                        + Suggestion.didYouMean(name, among: item.keys.sorted()),
                    at: node.range,
                    help: "give every item a `\(name)`, or correct the placeholder"))
        }
        guard known else { return node }
        // A scalar that is one placeholder and nothing else takes the item's value as it is.
        let trimmed = scalar.text.trimmingWhitespace()
        if placeholders.count == 1, trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"),
            GapTemplate.placeholders(String(trimmed)).count == 1,
            trimmed.firstRange(ofBytes: "}}")?.upperBound == trimmed.endIndex,
            let value = item[String(placeholders[0].name.dropFirst("item.".count))]
        {
            var copy = value
            // Placed where the template wrote it, so messages about it point at the template.
            copy.range = node.range
            return copy
        }
        // Each `{{ item.NAME }}` replaced by its text; every other placeholder kept as written.
        var text = ""
        var rest = Substring(scalar.text)
        while let open = rest.firstRange(ofBytes: "{{"),
            let close = rest[open.upperBound...].firstRange(ofBytes: "}}")
        {
            text += rest[..<open.lowerBound]
            let name = GapTemplate.Placeholder(rest[open.upperBound..<close.lowerBound]).name
            if name.hasPrefix("item."), let value = item[String(name.dropFirst("item.".count))] {
                if let valueText = value.scalar?.text {
                    text += valueText
                } else {
                    problems += 1
                    bag.append(
                        .wrongKind(
                            expected: "a single value to place in text", found: value,
                            context: "`{{ \(name) }}` of item \(number) of `for_each`"))
                }
            } else {
                text += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        text += rest
        return Node(
            .scalar(Scalar(text: text, style: .doubleQuoted, value: .string(text))),
            range: node.range, tag: node.tag)
    }
}
