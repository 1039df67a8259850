import SourceDiagnostics

/// How a rule set that extends another merges its schema into the base's, all the way down:
/// records merge field by field (a list's item records too), so an extension adds fields and
/// refines the ones it redeclares (description, label, unit, bounds, values) without writing
/// out the rest. A redeclaration that changes a field's type is refused once, at the
/// redeclaring line, and the base's field kept: otherwise every base rule reading the field
/// would be reported, each pointing into the base.
enum SchemaMerge {
    /// The base's fields with the extension's merged in: the base's order, new fields after.
    static func merge(
        base: [(name: String, spec: FieldSpec)], extending: [(name: String, spec: FieldSpec)],
        path: String, bag: inout DiagnosticBag
    ) -> [(name: String, spec: FieldSpec)] {
        var merged = base
        for (name, spec) in extending {
            let fieldPath = path.isEmpty ? name : "\(path).\(name)"
            if let index = merged.firstIndex(where: { $0.name == name }) {
                merged[index].spec = merge(
                    base: merged[index].spec, extending: spec, path: fieldPath, bag: &bag)
            } else {
                merged.append((name, spec))
            }
        }
        return merged
    }

    /// One field redeclared: refined where the types agree, the base's kept where they do not.
    static func merge(base: FieldSpec, extending: FieldSpec, path: String, bag: inout DiagnosticBag)
        -> FieldSpec
    {
        var type = extending.type
        switch (base.type, extending.type) {
        case (.object(let inner), .object(let refined)):
            type = .object(
                ObjectSpec(
                    fields: merge(
                        base: inner.fields, extending: refined.fields, path: path, bag: &bag)))
        case (.list(let item), .list(let refined)):
            type = .list(merge(base: item, extending: refined, path: path + "[]", bag: &bag))
        case _ where base.type.name == extending.type.name:
            break
        default:
            bag.append(
                Diagnostic(
                    .error, code: "ruleset.extends-conflict",
                    message:
                        "`\(path)` is declared as \(RuleTestChecker.article(base.type.name)) at \(base.range.start), and cannot be redeclared as \(RuleTestChecker.article(extending.type.name))",
                    at: SourceRange(start: extending.range.start),
                    help:
                        "a redeclaration (in a rule set that extends another, or in a second file) can add fields and refine them (description, label, unit, bounds, values), not change a field's type; use a new field name"
                ))
            return base
        }
        var spec = extending
        spec.type = type
        spec.description = extending.description ?? base.description
        spec.unit = extending.unit ?? base.unit
        spec.allowedValues = extending.allowedValues ?? base.allowedValues
        spec.minimum = extending.minimum ?? base.minimum
        spec.maximum = extending.maximum ?? base.maximum
        spec.label = extending.label ?? base.label
        spec.itemLabel = extending.itemLabel ?? base.itemLabel
        spec.itemName = extending.itemName ?? base.itemName
        spec.required = extending.required || base.required
        // What `~` means cannot change under the base's rules, which were written for it.
        spec.nullable = base.nullable
        return spec
    }
}
