import CEL
import SourceDiagnostics
import YAMLNode

/// Several respondents rating the same statements (`respondents:` in a profile, for a rule
/// set with `raters:`): each respondent's ratings read against the schema's rating fields,
/// and combined into the one rating per statement that rules see.
extension ProfileDecoder {
    /// The rating fields outside lists, by path, with their specs.
    static func ratingFields(_ object: ObjectSpec, prefix: [String] = []) -> [(
        path: [String], spec: FieldSpec
    )] {
        object.fields.flatMap { name, spec -> [(path: [String], spec: FieldSpec)] in
            switch spec.type {
            case .rating: [(prefix + [name], spec)]
            case .object(let inner): ratingFields(inner, prefix: prefix + [name])
            default: []
            }
        }
    }

    /// The schema with its rating fields, and the records holding them, not required: with
    /// respondents, the ratings are theirs.
    static func ratingsOptional(_ object: ObjectSpec) -> ObjectSpec {
        var copy = object
        for index in copy.fields.indices {
            switch copy.fields[index].spec.type {
            case .rating: copy.fields[index].spec.required = false
            case .object(let inner) where !ratingFields(inner).isEmpty:
                copy.fields[index].spec.required = false
                copy.fields[index].spec.type = .object(ratingsOptional(inner))
            default: break
            }
        }
        return copy
    }

    /// Only the rating fields, and the records holding them, none required: what one
    /// respondent answers.
    static func ratingsOnly(_ object: ObjectSpec) -> ObjectSpec {
        ObjectSpec(
            fields: object.fields.compactMap { name, spec -> (name: String, spec: FieldSpec)? in
                var copy = spec
                copy.required = false
                switch spec.type {
                case .rating: return (name, copy)
                case .object(let inner):
                    let ratings = ratingsOnly(inner)
                    guard !ratings.fields.isEmpty else { return nil }
                    copy.type = .object(ratings)
                    return (name, copy)
                default: return nil
                }
            })
    }

    /// The schema without its rating fields (and without records left empty): what a
    /// profile answers once when respondents rate.
    static func withoutRatings(_ object: ObjectSpec) -> ObjectSpec {
        var copy = object
        copy.fields = object.fields.compactMap { name, spec -> (name: String, spec: FieldSpec)? in
            switch spec.type {
            case .rating: return nil
            case .object(let inner):
                let rest = withoutRatings(inner)
                guard !rest.fields.isEmpty else { return nil }
                var trimmed = spec
                trimmed.type = .object(rest)
                return (name, trimmed)
            default: return (name, spec)
            }
        }
        return copy
    }

    /// Reads `respondents:` and puts each statement's combined rating into `fields`; returns
    /// each respondent's own ratings, for reports of where they disagree.
    static func respondents(
        _ node: Node, root: Node, schema: ObjectSpec,
        into fields: inout [(name: String, value: CELValue)],
        absent: inout [String], bag: inout DiagnosticBag
    ) -> [Respondent] {
        guard let raters = schema.raters else {
            bag.append(
                .invalidValue(
                    "this rule set takes one answer to each question, so a profile has no `respondents`",
                    at: node.range,
                    help:
                        "give the answers once, at the top of the profile; a rule set that several people rate declares `raters:`"
                ))
            return []
        }
        guard let items = node.sequence, !items.isEmpty else {
            bag.append(
                .wrongKind(
                    expected: "a list of respondents, each `{role, name, answers}`", found: node,
                    context: "`respondents`"))
            return []
        }
        let ratings = ratingFields(schema)
        let answersSpec = FieldSpec(type: .object(ratingsOnly(schema)), range: node.range)
        var respondents: [Respondent] = []
        for (index, item) in items.enumerated() {
            let context = "respondent \(index + 1)"
            guard var reader = MappingReader(item, context: context, bag: &bag) else { continue }
            let roleNode = reader.required(
                "role", bag: &bag,
                help: raters.roles.isEmpty
                    ? "say who answered, e.g. `role: leadership`"
                    : "one of: \(raters.roles.joined(separator: ", "))")
            let role = Scalars.string(roleNode, "the role of \(context)", bag: &bag)
            if let role, let roleNode, !raters.roles.isEmpty, !raters.roles.contains(role) {
                bag.append(
                    .invalidValue(
                        "the role of \(context) is `\(role)`, which is not one of the rule set's roles"
                            + Suggestion.didYouMean(role, among: raters.roles),
                        at: roleNode.range,
                        help: "the roles are: \(raters.roles.joined(separator: ", "))"))
            }
            let name = Scalars.string(reader.value("name"), "the name of \(context)", bag: &bag)
            let answersNode = reader.required(
                "answers", bag: &bag,
                help: "give their ratings under `answers:`, as the schema lays them out")
            reader.reportUnknownKeys(&bag)
            guard let answersNode else { continue }
            var validator = Validator()
            validator.enter(.field("respondents"))
            validator.enter(.index(index))
            validator.enter(.field("answers"))
            var own = DiagnosticBag()
            let answers = validator.value(answersNode, spec: answersSpec, bag: &own)
            // A question answered once for the organisation is not a respondent's to rate:
            // an error here, where elsewhere an undeclared key is only a warning, since the
            // answer would be lost.
            for var diagnostic in own.diagnostics {
                if diagnostic.code == "decode.unknown-key", diagnostic.severity == .warning {
                    diagnostic.severity = .error
                    diagnostic.help =
                        "respondents give ratings only: answer other questions once, at the top of the profile"
                }
                bag.append(diagnostic)
            }
            var ownRatings: [String: Double] = [:]
            if case .map(let map)? = answers {
                for (path, _) in ratings {
                    if let rating = Self.number(at: path, in: map) {
                        ownRatings[path.joined(separator: ".")] = rating
                    }
                }
            }
            respondents.append(Respondent(role: role ?? "", name: name, ratings: ownRatings))
        }
        for (path, spec) in ratings {
            let text = path.joined(separator: ".")
            let given = respondents.compactMap { $0.ratings[text] }
            guard let combined = raters.combine.apply(given) else {
                if spec.required {
                    bag.append(
                        .invalidValue(
                            "no respondent rated `\(text)`, which is required", at: node.range,
                            help: spec.requiredHelp))
                }
                continue
            }
            if Self.value(at: path, in: fields) != nil {
                // Shown where the profile gives it, so the line to remove is the one named.
                let given = path.reduce(Optional(root)) { $0?[$1] }
                bag.append(
                    .invalidValue(
                        "`\(text)` is rated both by respondents and at the top of the profile",
                        at: given?.range ?? node.range,
                        help: "keep one: with respondents, each gives their own rating"))
                continue
            }
            Self.set(.double(combined), at: path, in: &fields)
            absent.removeAll { text == $0 || text.hasPrefix($0 + ".") }
        }
        return respondents
    }

    /// The number at a path of a decoded record.
    private static func number(at path: [String], in map: CELMap) -> Double? {
        var current = CELValue.map(map)
        for step in path {
            guard case .map(let inner) = current, let next = inner[field: step] else { return nil }
            current = next
        }
        return GapTemplate.number(current)
    }

    /// The value at a path of the top-level fields.
    private static func value(at path: [String], in fields: [(name: String, value: CELValue)])
        -> CELValue?
    {
        guard var current = fields.first(where: { $0.name == path[0] })?.value else { return nil }
        for step in path.dropFirst() {
            guard case .map(let inner) = current, let next = inner[field: step] else { return nil }
            current = next
        }
        return current
    }

    /// Sets the value at a path of the top-level fields, making the records on the way.
    private static func set(
        _ value: CELValue, at path: [String], in fields: inout [(name: String, value: CELValue)]
    ) {
        func setting(_ value: CELValue, at path: ArraySlice<String>, in record: CELMap?)
            -> CELValue
        {
            guard let step = path.first else { return value }
            var pairs = (record?.entries ?? []).compactMap { entry -> (String, CELValue)? in
                guard case .string(let key) = entry.key else { return nil }
                return (key, entry.value)
            }
            let existing = pairs.firstIndex { $0.0 == step }
            var inner: CELMap?
            if let existing, case .map(let map) = pairs[existing].1 { inner = map }
            let updated = setting(value, at: path.dropFirst(), in: inner)
            if let existing { pairs[existing].1 = updated } else { pairs.append((step, updated)) }
            return .map(CELMap(pairs))
        }
        let top = path[0]
        if let index = fields.firstIndex(where: { $0.name == top }) {
            var record: CELMap?
            if case .map(let map) = fields[index].value { record = map }
            fields[index].value = setting(value, at: path.dropFirst(), in: record)
        } else {
            fields.append((top, setting(value, at: path.dropFirst(), in: nil)))
        }
    }
}

extension ObjectSpec {
    /// The rating fields outside lists, by path, with their specs: the statements each
    /// respondent rates.
    public var ratingFields: [(path: [String], spec: FieldSpec)] {
        ProfileDecoder.ratingFields(self)
    }

    /// Only the rating fields, and the records holding them, none required: what one
    /// respondent answers.
    public var ratingsOnly: ObjectSpec { ProfileDecoder.ratingsOnly(self) }
}
