import SourceDiagnostics
import YAMLNode

/// Decodes the `schema:` section: a mapping of field names to field specs, where a spec is a
/// mapping with a `type` key naming a type, and a mapping without one (or whose `type` is a
/// mapping: a field named `type`) is a nested record.
enum SchemaDecoder {
    static let typeNames = [
        "string", "int", "number", "bool", "date", "rating", "list", "object",
    ]

    /// The rule set's named scales (`scales:`), which a rating field names by `scale: NAME`;
    /// `nil` for one declared with a mistake (already reported).
    typealias Scales = [String: RatingScale?]

    /// Decodes a record: each key a field.
    static func object(
        _ node: Node, path: String, scales: Scales = [:], bag: inout DiagnosticBag
    ) -> ObjectSpec {
        guard let pairs = node.mapping else {
            bag.append(
                .wrongKind(
                    expected: "a mapping of field names", found: node,
                    context: "the schema at `\(path)`"))
            return ObjectSpec(fields: [])
        }
        var fields: [(name: String, spec: FieldSpec)] = []
        for pair in pairs {
            guard let name = pair.key.string else {
                bag.append(
                    .wrongKind(expected: "a field name", found: pair.key, context: "a schema key"))
                continue
            }
            guard isIdentifier(name) else {
                bag.append(
                    .invalidValue(
                        "the field name `\(name)` cannot be used in conditions", at: pair.key.range,
                        help: "use letters, digits and underscores, starting with a letter"))
                continue
            }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            fields.append((name, field(pair.value, path: childPath, scales: scales, bag: &bag)))
        }
        return ObjectSpec(fields: fields)
    }

    /// Decodes one field: a spec with `type`, or (without `type`) a nested record. A `type`
    /// whose value is itself a mapping is a field named `type` (`kind: {type: {type: string}}`),
    /// so a record can have one without contortions.
    static func field(
        _ node: Node, path: String, scales: Scales = [:], bag: inout DiagnosticBag
    ) -> FieldSpec {
        guard node.mapping != nil, let declared = node["type"], declared.mapping == nil else {
            return FieldSpec(
                type: .object(object(node, path: path, scales: scales, bag: &bag)),
                range: node.range)
        }
        guard var reader = MappingReader(node, context: "the schema field `\(path)`", bag: &bag)
        else {
            return FieldSpec(type: .string, range: node.range)
        }
        let typeNode = reader.value("type")
        let typeName = Scalars.string(typeNode, "the `type` of `\(path)`", bag: &bag) ?? "string"
        var type: FieldType = .string
        switch typeName {
        case "string": type = .string
        case "int": type = .int
        case "number": type = .number
        case "bool": type = .bool
        case "date": type = .date
        case "list":
            if let items = reader.required(
                "items", bag: &bag, help: "describe the list's items under `items:`")
            {
                type = .list(field(items, path: path + "[]", scales: scales, bag: &bag))
            } else {
                type = .list(FieldSpec(type: .string, range: node.range))
            }
        case "object":
            if let fieldsNode = reader.required("fields", bag: &bag) {
                type = .object(object(fieldsNode, path: path, scales: scales, bag: &bag))
            }
        case "rating":
            if let scaleNode = reader.required(
                "scale", bag: &bag,
                help: "name a scale from `scales:`, or list its levels: `[{level: 1, label: …}, …]`"
            ) {
                type =
                    scale(scaleNode, path: path, scales: scales, bag: &bag).map(FieldType.rating)
                    ?? .int
            }
        default:
            bag.append(
                .invalidValue(
                    "unknown field type `\(typeName)`"
                        + Suggestion.didYouMean(typeName, among: typeNames),
                    at: typeNode?.range ?? node.range,
                    help: "the types are: \(typeNames.joined(separator: ", "))"))
        }
        var spec = FieldSpec(type: type, range: node.range)
        spec.description = Scalars.string(
            reader.value("description"), "the description of `\(path)`", bag: &bag)
        spec.unit = Scalars.string(reader.value("unit"), "the unit of `\(path)`", bag: &bag)
        spec.required =
            Scalars.bool(reader.value("required"), "`required` of `\(path)`", bag: &bag) ?? false
        spec.allowedValues = Scalars.strings(
            reader.value("values"), "the `values` of `\(path)`", bag: &bag)?.map(\.value)
        spec.minimum = Scalars.number(reader.value("min"), "`min` of `\(path)`", bag: &bag)
        spec.maximum = Scalars.number(reader.value("max"), "`max` of `\(path)`", bag: &bag)
        spec.label = Scalars.string(reader.value("label"), "the label of `\(path)`", bag: &bag)
        if let nullableNode = reader.value("nullable") {
            spec.nullable =
                Scalars.bool(nullableNode, "`nullable` of `\(path)`", bag: &bag) ?? false
            if spec.nullable, ["list", "object"].contains(typeName) {
                bag.append(
                    .invalidValue(
                        "`nullable` is for a single answer (a date, a number, a choice), not a \(typeName)",
                        at: nullableNode.range,
                        help: typeName == "list"
                            ? "an empty list, `[]`, already says there are none"
                            : "make the record's own fields nullable"))
                spec.nullable = false
            }
        }
        if typeName == "list" {
            let labelNode = reader.value("item_label")
            spec.itemLabel = Scalars.string(
                labelNode, "the `item_label` of `\(path)`", bag: &bag)
            spec.itemName = Scalars.string(
                reader.value("item_name"), "the `item_name` of `\(path)`", bag: &bag)
            if let label = spec.itemLabel, let labelNode {
                let known: [String] =
                    if case .list(let item) = type, case .object(let object) = item.type {
                        object.fields.map(\.name)
                    } else { [] }
                if !known.contains(label) {
                    bag.append(
                        .invalidValue(
                            "the `item_label` of `\(path)`, `\(label)`, is not a field of its items"
                                + Suggestion.didYouMean(label, among: known),
                            at: labelNode.range,
                            help: "name the item field that tells items apart, such as `name`"))
                }
            }
        }
        if typeName != "list" { _ = reader.value("items") }
        if typeName != "object" { _ = reader.value("fields") }
        if typeName != "rating" { _ = reader.value("scale") }
        reader.reportUnknownKeys(&bag)
        return spec
    }

    /// A rating's scale: the name of one of the rule set's `scales`, or the levels themselves.
    static func scale(_ node: Node, path: String, scales: Scales, bag: inout DiagnosticBag)
        -> RatingScale?
    {
        if node.sequence == nil {
            guard let name = Scalars.string(node, "the `scale` of `\(path)`", bag: &bag) else {
                return nil
            }
            if let named = scales[name] { return named }  // `nil`: reported where declared
            bag.append(
                .invalidValue(
                    "the `scale` of `\(path)`, `\(name)`, is not one of the rule set's `scales`"
                        + Suggestion.didYouMean(name, among: scales.keys.sorted()),
                    at: node.range,
                    help: scales.isEmpty
                        ? "declare it under `scales:` (`\(name): [{level: 1, label: …}, …]`)"
                        : "the scales are: \(scales.keys.sorted().joined(separator: ", "))"))
            return nil
        }
        return levels(node, context: "the scale of `\(path)`", bag: &bag)
    }

    /// A scale's levels: at least two, numbered in steps of one from the lowest, each with a
    /// label of its own.
    static func levels(_ node: Node, context: String, bag: inout DiagnosticBag) -> RatingScale? {
        guard let items = node.sequence else {
            bag.append(
                .wrongKind(
                    expected: "a list of levels `{level, label, description}`", found: node,
                    context: context))
            return nil
        }
        var levels: [RatingScale.Level] = []
        var wellFormed = true
        for item in items {
            guard var reader = MappingReader(item, context: "a level of \(context)", bag: &bag)
            else {
                wellFormed = false
                continue
            }
            let numberNode = reader.required("level", bag: &bag)
            let number = Scalars.integer(numberNode, "a level's `level`", bag: &bag).map {
                Int(clamping: $0)
            }
            let label = Scalars.string(
                reader.required("label", bag: &bag, help: "name the level, e.g. `Adequate`"),
                "a level's `label`", bag: &bag)
            let description = Scalars.string(
                reader.value("description"), "a level's `description`", bag: &bag)
            reader.reportUnknownKeys(&bag)
            guard let number, let label else {
                wellFormed = false
                continue
            }
            if let last = levels.last, number != last.level + 1 {
                bag.append(
                    .invalidValue(
                        "the levels of \(context) must go up in steps of one, but \(number) follows \(last.level)",
                        at: numberNode?.range ?? item.range,
                        help: "number them \(last.level), \(last.level + 1), … from the lowest"))
                wellFormed = false
            }
            if levels.contains(where: { $0.label.lowercased() == label.lowercased() }) {
                bag.append(
                    .invalidValue(
                        "two levels of \(context) are labelled `\(label)`", at: item.range,
                        help: "a label names one level, so answers and reports can use it"))
                wellFormed = false
            }
            levels.append(RatingScale.Level(level: number, label: label, description: description))
        }
        guard levels.count >= 2 else {
            if wellFormed {
                bag.append(
                    .invalidValue(
                        "\(context) needs at least two levels", at: node.range,
                        help: "list them lowest first, e.g. 1 Needs improvement, 2 Adequate"))
            }
            return nil
        }
        return wellFormed ? RatingScale(levels: levels) : nil
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
    }
}
