import CEL
import SourceDiagnostics
import YAMLNode

/// Reads an organisation profile and validates it against the schema: types, required
/// fields, allowed values, ranges and dates, with every error reported at once. Undeclared
/// keys are warnings with a did-you-mean, not errors, unless one edit from a declared field.
public enum ProfileDecoder {
    /// Loads and validates a profile file, read within `limits` (see ``ProfileReader``, which
    /// reads many against one schema).
    public static func load(path: String, schema: ObjectSpec, limits: InputLimits = .default)
        throws(DiagnosticError) -> Profile
    {
        try decode(
            SourceFile.readBytes(path: path, maxBytes: limits.fileBytes), name: path,
            schema: schema, limits: limits)
    }

    /// Decodes and validates a profile's bytes (UTF-8 YAML) held in memory, recording their
    /// SHA-256 for the report's provenance; `name` stands for its path in messages.
    ///
    /// - Throws: ``DiagnosticError`` with every problem, at its line and column of the text.
    public static func decode(
        _ bytes: [UInt8], name: String, schema: ObjectSpec, limits: InputLimits = .default
    ) throws(DiagnosticError) -> Profile {
        try withinLimit(bytes, name: name, limits: limits) { () throws(DiagnosticError) in
            try ProfileReader(schema: schema, limits: limits).decode(bytes, name: name)
        }
    }

    /// As ``decode(_:name:schema:limits:)`` against a compiled rule set's schema, within its
    /// limits, by one of the readers it keeps: the schema is not laid out again for each
    /// profile (a web server's requests).
    public static func decode(_ bytes: [UInt8], name: String, ruleSet: CompiledRuleSet)
        throws(DiagnosticError) -> Profile
    {
        try withinLimit(bytes, name: name, limits: ruleSet.limits) { () throws(DiagnosticError) in
            try ruleSet.profileReaders.decode(bytes, name: name)
        }
    }

    /// Bytes refused past the file limit, else read by `read`, their SHA-256 recorded.
    private static func withinLimit(
        _ bytes: [UInt8], name: String, limits: InputLimits,
        read: () throws(DiagnosticError) -> Profile
    ) throws(DiagnosticError) -> Profile {
        guard bytes.count <= limits.fileBytes else {
            throw DiagnosticError(.fileTooLarge(name, maxBytes: limits.fileBytes))
        }
        var profile = try read()
        profile.sourceDigest = Assessment.digest(bytes: bytes)
        return profile
    }

    /// Validates a profile document.
    public static func decode(_ root: Node, path: String, schema: ObjectSpec)
        throws(DiagnosticError) -> Profile
    {
        var bag = DiagnosticBag()
        var validator = Validator()
        guard let pairs = root.mapping else {
            throw DiagnosticError(
                .wrongKind(
                    expected: "a mapping (the profile's fields)", found: root, context: "a profile")
            )
        }
        var organisation = ""
        var asOf: CELTimestamp?
        var assessor: String?
        if let assessment = root["assessment"],
            var reader = MappingReader(assessment, context: "the `assessment` section", bag: &bag)
        {
            organisation =
                Scalars.string(
                    reader.required("organisation", bag: &bag), "the organisation's name", bag: &bag
                ) ?? ""
            if ProfileTemplate.isPlaceholder(organisation), let node = assessment["organisation"] {
                bag.append(
                    .invalidValue(
                        "the organisation's name is not filled in yet (`\(organisation)`)",
                        at: node.range,
                        help: "replace the placeholder with your organisation's name"))
            }
            if let dateNode = reader.required(
                "as_of", bag: &bag, help: "add the assessment date, e.g. `as_of: 2026-06-30`")
            {
                let start = bag.count
                asOf = validator.date(dateNode, what: "`as_of`", bag: &bag)
                bag.assignField("assessment.as_of", from: start)
            }
            assessor = Scalars.string(reader.value("assessor"), "the assessor", bag: &bag)
            // Fields the rule set adds to the header are checked like any answer.
            for (name, spec) in schema.headerFields {
                guard let node = reader.value(name) else {
                    if spec.required {
                        var missing = Diagnostic.missingKey(
                            name, in: assessment, context: "the `assessment` section",
                            help: spec.requiredHelp)
                        missing.field = "assessment.\(name)"
                        bag.append(missing)
                    }
                    continue
                }
                validator.enter(.field("assessment"))
                validator.enter(.field(name))
                _ = validator.value(node, spec: spec, bag: &bag)
                validator.leave()
                validator.leave()
            }
            // As elsewhere in a profile: a key the header does not have is a warning (an
            // `assessor_role:` line must not make the profile unreadable), and an error only
            // when it is one letter from one it has.
            for pair in reader.unreadPairs {
                bag.append(
                    .unknownProfileKey(
                        pair.key.string ?? pair.key.scalar?.text ?? pair.key.kindName,
                        at: pair.key.range, context: "the `assessment` section",
                        known: Self.headerFields + schema.headerFields.map(\.name)))
            }
        } else if root["assessment"] == nil {
            bag.append(
                .missingKey(
                    "assessment", in: root, context: "the profile",
                    help: "add `assessment: {organisation: ..., as_of: YYYY-MM-DD}`"))
        }
        var topLevel: [(name: String, value: CELValue)] = []
        let declared = schema.fields.map(\.name)
        // Several respondents' ratings: the statements they rate are theirs, not the
        // profile's, so none of those is required of the profile itself.
        let respondentsNode = schema["respondents"] == nil ? root["respondents"] : nil
        let declaredSchema = schema
        let schema =
            respondentsNode != nil && schema.raters != nil ? Self.ratingsOptional(schema) : schema
        for pair in pairs {
            // A key that is not text (`1:`, `true:`) names no field: warned like a misspelt one.
            let name = pair.key.string ?? pair.key.scalar?.text ?? pair.key.kindName
            if name == "assessment" { continue }
            if respondentsNode != nil, name == "respondents" { continue }
            guard pair.key.string != nil, let spec = schema[name] else {
                bag.append(
                    .unknownProfileKey(
                        name, at: pair.key.range, context: "the profile",
                        known: declared + ["assessment"]))
                continue
            }
            validator.enter(.field(name))
            if let value = validator.value(pair.value, spec: spec, bag: &bag) {
                // A repeated key is an error of the YAML reader: each name comes once.
                topLevel.append((name, value))
            }
            validator.leave()
        }
        for field in schema.fields where !pairs.contains(where: { $0.key.string == field.name }) {
            if field.spec.required {
                var missing = Diagnostic.missingKey(
                    field.name, in: root, context: "the profile", help: field.spec.requiredHelp)
                missing.field = field.name
                bag.append(missing)
            } else {
                validator.absent.append(field.name)
            }
        }
        var respondents: [Respondent] = []
        if let respondentsNode {
            respondents = Self.respondents(
                respondentsNode, root: root, schema: declaredSchema, into: &topLevel,
                absent: &validator.absent, bag: &bag)
        }
        try bag.throwIfErrors()
        var fields = CELMap.Builder()
        for (name, value) in topLevel { fields.insert(.string(name), value) }
        var profile = Profile(
            organisation: organisation, asOf: asOf ?? .unixEpoch, assessor: assessor,
            fields: fields.build(),
            absent: validator.absent, warnings: bag.warnings, path: path)
        profile.respondents = respondents
        return profile
    }

    /// The fields of a profile's `assessment` header.
    static let headerFields = ["organisation", "as_of", "assessor"]

    /// A `YYYY-MM-DD` date as a timestamp at midnight UTC, or `nil` when the text is not one.
    static func date(fromText text: String) -> CELTimestamp? {
        guard text.count == 10 else { return nil }
        return CELTimestamp(rfc3339: text + "T00:00:00Z")
    }

    struct Validator {
        var absent: [String] = []

        /// One step of the path to the value being validated.
        enum Step {
            case field(String)
            case index(Int)
        }

        /// The path to the value being validated, as steps: turned into text
        /// (`peer_workers[2].supervision`) only for a message, since a batch of valid profiles
        /// would otherwise spend much of its time building path strings it never shows.
        private var steps: [Step] = []

        mutating func enter(_ step: Step) { steps.append(step) }
        mutating func leave() { steps.removeLast() }

        /// The current path as text.
        var path: String { Self.path(steps) }

        /// Steps as a path's text: `peer_workers[2].supervision`.
        static func path(_ steps: some Sequence<Step>) -> String {
            var text = ""
            for step in steps {
                switch step {
                case .field(let name): text += text.isEmpty ? name : ".\(name)"
                case .index(let index): text += "[\(index)]"
                }
            }
            return text
        }

        /// Validates the value at the current path (see ``enter(_:)``).
        mutating func value(_ node: Node, spec: FieldSpec, bag: inout DiagnosticBag)
            -> CELValue?
        {
            let start = bag.count
            let value = checkedValue(node, spec: spec, bag: &bag)
            // The path's text is made only when there is something to say about it.
            if bag.count > start { bag.assignField(path, from: start) }
            return value
        }

        /// Validates the value at the current path; ``value(_:spec:bag:)`` names the field of
        /// what it reports.
        private mutating func checkedValue(_ node: Node, spec: FieldSpec, bag: inout DiagnosticBag)
            -> CELValue?
        {
            if node.isNull {
                // For a field whose `~` means none, it is an answer.
                if spec.nullable { return .null }
                // null says "not known": the same as leaving the field out.
                if spec.required {
                    bag.append(
                        .invalidValue(
                            "`\(path)` is required, but is empty", at: node.range,
                            help: spec.requiredHelp))
                } else {
                    absent.append(path)
                }
                return nil
            }
            var what: String { "`\(path)`" }
            if let text = node.scalar?.text, node.scalar?.style == .plain,
                ProfileTemplate.isPlaceholder(text)
            {
                bag.append(
                    .invalidValue(
                        "\(what) is not filled in yet (`\(text)`)", at: node.range,
                        help:
                            "replace the placeholder with your answer, or with ~ if you do not know it yet"
                    ))
                return nil
            }
            switch spec.type {
            case .string:
                guard let text = Scalars.string(node, what, bag: &bag) else { return nil }
                if let allowed = spec.allowedValues, !allowed.contains(text) {
                    bag.append(
                        .invalidValue(
                            "\(what) is `\(text)`, which is not one of its values"
                                + Suggestion.didYouMean(text, among: allowed),
                            at: node.range,
                            help: "the values are: \(allowed.joined(separator: ", "))"))
                    return nil
                }
                return .string(text)
            case .int:
                guard let number = Scalars.integer(node, what, bag: &bag) else { return nil }
                return checkRange(Double(number), spec: spec, what: what, node: node, bag: &bag)
                    ? .int(number) : nil
            case .number:
                guard let number = Scalars.number(node, what, bag: &bag) else { return nil }
                return checkRange(number, spec: spec, what: what, node: node, bag: &bag)
                    ? .double(number) : nil
            case .rating(let scale):
                return rating(node, scale: scale, what: what, bag: &bag)
            case .bool:
                if case .bool(let flag)? = node.scalar?.value { return .bool(flag) }
                if let word = node.scalar?.text.lowercased(),
                    ["yes", "no", "y", "n", "on", "off"].contains(word)
                {
                    bag.append(
                        .invalidValue(
                            "\(what) must be true or false, but is `\(node.scalar?.text ?? "")`",
                            at: node.range,
                            help: "write `true` or `false` (YAML 1.2 reads yes/no as text)"))
                    return nil
                }
                return Scalars.bool(node, what, bag: &bag).map(CELValue.bool)
            case .date:
                return date(node, what: what, bag: &bag).map(CELValue.timestamp)
            case .list(let item):
                guard let items = node.sequence else {
                    bag.append(.wrongKind(expected: "a list", found: node, context: what))
                    return nil
                }
                var values: [CELValue] = []
                values.reserveCapacity(items.count)
                for (index, element) in items.enumerated() {
                    enter(.index(index))
                    if let value = value(element, spec: item, bag: &bag) { values.append(value) }
                    leave()
                }
                return .list(values)
            case .object(let object):
                guard let pairs = node.mapping else {
                    bag.append(
                        .wrongKind(expected: "a mapping of fields", found: node, context: what))
                    return nil
                }
                var builder = CELMap.Builder()
                // Which declared fields the mapping gives, by position in the declaration.
                var given = [Bool](repeating: false, count: object.fields.count)
                for pair in pairs {
                    let name = pair.key.string ?? pair.key.scalar?.text ?? pair.key.kindName
                    guard pair.key.string != nil,
                        let position = object.fields.firstIndex(where: { $0.name == name })
                    else {
                        bag.append(
                            .unknownProfileKey(
                                name, at: pair.key.range, context: what,
                                known: object.fields.map(\.name)))
                        continue
                    }
                    given[position] = true
                    enter(.field(name))
                    if let fieldValue = value(
                        pair.value, spec: object.fields[position].spec, bag: &bag)
                    {
                        builder.insert(.string(name), fieldValue)
                    }
                    leave()
                }
                for (position, field) in object.fields.enumerated() where !given[position] {
                    if field.spec.required {
                        var missing = Diagnostic.missingKey(
                            field.name, in: node, context: what, help: field.spec.requiredHelp)
                        missing.field = "\(path).\(field.name)"
                        bag.append(missing)
                    } else {
                        absent.append("\(path).\(field.name)")
                    }
                }
                return .map(builder.build())
            }
        }

        private func checkRange(
            _ number: Double, spec: FieldSpec, what: @autoclosure () -> String, node: Node,
            bag: inout DiagnosticBag
        ) -> Bool {
            Bounds.check(
                number, minimum: spec.minimum, maximum: spec.maximum, what: what(), node: node,
                bag: &bag)
        }

        /// A rating: a level's number or its label (`2` or `Adequate`), as the level's number.
        private func rating(
            _ node: Node, scale: RatingScale, what: String, bag: inout DiagnosticBag
        ) -> CELValue? {
            switch node.scalar?.value {
            case .int(let number) where scale.levels.contains(where: { $0.level == number }):
                return .double(Double(number))
            case .string(let text):
                if let level = scale.level(labelled: text) { return .double(Double(level.level)) }
            default:
                break
            }
            let written = node.scalar.map { "`\($0.text)`" } ?? "a \(node.kindName)"
            let labels = scale.levels.map(\.label)
            let suggestion = node.scalar.map { Suggestion.didYouMean($0.text, among: labels) } ?? ""
            bag.append(
                .invalidValue(
                    "\(what) is \(written), which is not a level of its scale" + suggestion,
                    at: node.range,
                    help: "give a level's number or label: \(scale.choices)"))
            return nil
        }

        func date(_ node: Node, what: @autoclosure () -> String, bag: inout DiagnosticBag)
            -> CELTimestamp?
        {
            guard let text = node.scalar?.text, node.scalar?.value != .null else {
                bag.append(
                    .wrongKind(expected: "a date (YYYY-MM-DD)", found: node, context: what()))
                return nil
            }
            guard let time = ProfileDecoder.date(fromText: text) else {
                bag.append(
                    .invalidValue(
                        "\(what()) is `\(text)`, which is not a date", at: node.range,
                        help: "write the date as YYYY-MM-DD, e.g. 2026-06-30"))
                return nil
            }
            return time
        }
    }
}
