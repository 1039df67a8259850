import CEL

extension ObjectSpec {
    /// The spec of the field a `rate:` expression names by its plain path
    /// (`practice.welcome_sessions`); `nil` when it names none.
    func field(ratedBy expression: Expression) -> FieldSpec? {
        MissingData.steps(String(expression.text.trimmingWhitespace())).flatMap {
            MissingData.spec(at: $0, in: self)
        }
    }

    /// The scale of the rating field a `rate:` expression names; `nil` when it names none.
    func ratingScale(ratedBy expression: Expression) -> RatingScale? {
        if case .rating(let scale)? = field(ratedBy: expression)?.type { return scale }
        return nil
    }
}

/// CEL types for a profile schema: records become object types named by their path, so the
/// checker's messages say `peer_workers[].supervision has no field …`.
enum SchemaTypes {
    static func type(_ spec: FieldSpec, path: String) -> CELType {
        // A field whose `~` means none holds its type or null.
        if spec.nullable { return .nullable(baseType(spec, path: path)) }
        return baseType(spec, path: path)
    }

    private static func baseType(_ spec: FieldSpec, path: String) -> CELType {
        switch spec.type {
        case .string: .string
        case .int: .int
        case .number, .rating: .double
        case .bool: .bool
        case .date: .timestamp
        case .list(let item): .list(type(item, path: path + "[]"))
        case .object(let object): .object(objectType(object, path: path))
        }
    }

    static func objectType(_ object: ObjectSpec, path: String) -> ObjectType {
        ObjectType(
            name: path.isEmpty ? "profile" : path,
            fields: Dictionary(
                object.fields.map {
                    ($0.name, type($0.spec, path: path.isEmpty ? $0.name : "\(path).\($0.name)"))
                },
                uniquingKeysWith: { first, _ in first }))
    }

    static func parameterType(_ parameter: Parameter) -> CELType {
        switch parameter.kind {
        case .int: return .int
        case .number: return .double
        case .bool: return .bool
        case .string: return .string
        case .list:
            var item = parameter
            item.kind = parameter.itemKind ?? .string
            item.itemKind = nil
            return .list(parameterType(item))
        }
    }
}
