import SourceDiagnostics

/// The shape of an organisation profile: every field a rule reads, typed and described.
public indirect enum FieldType: Sendable, Equatable {
    case string
    case int
    case number
    case bool
    /// A calendar date written `YYYY-MM-DD`; a CEL timestamp at midnight UTC.
    case date
    /// A level of a labelled scale (1 Needs improvement, 2 Adequate, 3 Exemplary), answered
    /// with the level's number or its label; a CEL double, so several raters' answers
    /// combined (a mean of 2.5) keep the type.
    case rating(RatingScale)
    case list(FieldSpec)
    case object(ObjectSpec)

    /// The name used in the schema and in messages.
    public var name: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .number: "number"
        case .bool: "bool"
        case .date: "date"
        case .rating: "rating"
        case .list: "list"
        case .object: "object"
        }
    }
}

/// One field of a profile.
public struct FieldSpec: Sendable, Equatable {
    /// The field's type.
    public var type: FieldType
    /// What the field means, for the template and the catalogue.
    public var description: String?
    /// The unit of a number (`days`, `hours`, `FTE`).
    public var unit: String?
    /// Whether a profile must give it (otherwise a rule reading it is `unknown`).
    public var required: Bool
    /// The allowed values of a string field.
    public var allowedValues: [String]?
    /// Bounds of a number.
    public var minimum: Double?
    /// Bounds of a number.
    public var maximum: Double?
    /// A short name for reports ("training hours"); the description stands in without one.
    public var label: String?
    /// For a list of records: the item field that names each item (`name`), so reports say
    /// "Cam (peer worker 3)" rather than an index.
    public var itemLabel: String?
    /// For a list: what one item is called ("peer worker").
    public var itemName: String?
    /// Whether `~` is an answer — none (a training never done, no session yet) — rather than
    /// "not known": the field is then present, holding `null`; leaving it out stays not known.
    public var nullable = false
    /// Where the field was declared.
    public var range: SourceRange

    /// Creates a field specification.
    public init(
        type: FieldType, description: String? = nil, unit: String? = nil, required: Bool = false,
        allowedValues: [String]? = nil, minimum: Double? = nil, maximum: Double? = nil,
        range: SourceRange
    ) {
        self.type = type
        self.description = description
        self.unit = unit
        self.required = required
        self.allowedValues = allowedValues
        self.minimum = minimum
        self.maximum = maximum
        self.range = range
    }

    /// What to do about a required field that is missing or empty, in sentences: what the
    /// field means (its description) and the kind of answer to give.
    public var requiredHelp: String {
        let kind: String
        switch type {
        case .bool: kind = "true or false"
        case .int: kind = "a whole number"
        case .number: kind = "a number" + (unit.map { " of \($0)" } ?? "")
        case .date: kind = "a date written YYYY-MM-DD"
        case .rating(let scale): kind = "a level of the scale: " + scale.choices
        case .string:
            kind =
                allowedValues.map { "one of " + $0.map { "`\($0)`" }.joined(separator: ", ") }
                ?? "some text"
        case .list: kind = "a list (write `[]` for none)"
        case .object: kind = "its fields"
        }
        let sentence =
            description.map { text -> String in
                let trimmed = text.trimmingWhitespace()
                let ended =
                    trimmed.hasSuffix(".") || trimmed.hasSuffix("?") ? trimmed : trimmed + "."
                return "It asks: " + ended + " "
            } ?? ""
        return sentence + "This answer is required: give \(kind)."
    }

    /// Whether a number is within the bounds (either may be absent).
    public func admits(_ number: Double) -> Bool {
        !(minimum.map { number < $0 } ?? false) && !(maximum.map { number > $0 } ?? false)
    }

    /// Field specs are equal when their types and constraints are (positions aside).
    public static func == (lhs: FieldSpec, rhs: FieldSpec) -> Bool {
        lhs.type == rhs.type && lhs.required == rhs.required && lhs.nullable == rhs.nullable
            && lhs.allowedValues == rhs.allowedValues
            && lhs.minimum == rhs.minimum && lhs.maximum == rhs.maximum
    }
}

/// A record of named fields, in declaration order.
public struct ObjectSpec: Sendable, Equatable {
    /// The fields in declaration order.
    public var fields: [(name: String, spec: FieldSpec)]
    /// For a profile's top level: how several respondents' ratings combine, when the rule set
    /// takes them (`raters:`); `nil` when a profile answers once.
    public var raters: Raters? = nil
    /// For a profile's top level: the fields its `assessment` header has besides
    /// `organisation`, `as_of` and `assessor` (`schema: {assessment: {assessor_role: …}}`):
    /// checked like any answer, about the assessment rather than scored.
    public var headerFields: [(name: String, spec: FieldSpec)] = []

    /// Creates a record specification.
    public init(fields: [(name: String, spec: FieldSpec)]) {
        self.fields = fields
    }

    /// The spec of a field.
    public subscript(name: String) -> FieldSpec? {
        fields.first { $0.name == name }?.spec
    }

    /// Records are equal when their fields are, in order.
    public static func == (lhs: ObjectSpec, rhs: ObjectSpec) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.spec == $1.spec }
    }

    /// The names of the fields of this record and of every record and list under it, as the
    /// schema holds them (the strings themselves, not copies).
    public var allFieldNames: Set<String> {
        var names: Set<String> = []
        func collect(_ object: ObjectSpec) {
            for (name, spec) in object.fields {
                names.insert(name)
                var type = spec.type
                while case .list(let item) = type { type = item.type }
                if case .object(let inner) = type { collect(inner) }
            }
        }
        collect(self)
        return names
    }
}

/// How several respondents' ratings of the same statements combine (a rule set's `raters:`):
/// rules see the combined rating, and reports show where respondents disagree.
public struct Raters: Sendable, Equatable {
    /// How ratings combine into the one rules see.
    public enum Combine: String, Sendable, CaseIterable {
        /// The mean: between two levels where respondents differ.
        case mean
        /// The median: the middle rating (the mean of the middle two for an even count).
        case median
        /// The lowest: a statement is only as strong as its least convinced respondent.
        case min

        /// The way of combining in words, for the template: "mean", "median", "lowest".
        public var words: String { self == .min ? "lowest" : rawValue }

        /// The ratings combined; `nil` for none.
        public func apply(_ ratings: [Double]) -> Double? {
            guard !ratings.isEmpty else { return nil }
            switch self {
            case .mean: return ratings.reduce(0, +) / Double(ratings.count)
            case .min: return ratings.min()
            case .median:
                let sorted = ratings.sorted()
                let middle = sorted.count / 2
                return sorted.count % 2 == 1
                    ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            }
        }
    }

    /// How ratings combine.
    public var combine: Combine
    /// The roles a respondent may have (`leadership`, `peer_worker`); empty for any.
    public var roles: [String]
    /// How many levels apart two respondents' ratings of a statement must be to be reported
    /// as a disagreement (2 by default).
    public var disagreement: Int

    /// Creates rater settings.
    public init(combine: Combine, roles: [String] = [], disagreement: Int = 2) {
        self.combine = combine
        self.roles = roles
        self.disagreement = disagreement
    }
}

/// The levels of a rating, lowest first: consecutive whole numbers, each with a label and
/// what it looks like in practice.
public struct RatingScale: Sendable, Equatable {
    /// One level of the scale.
    public struct Level: Sendable, Equatable {
        /// Its number.
        public var level: Int
        /// Its name ("Adequate").
        public var label: String
        /// What it looks like in practice, for the template and the form.
        public var description: String?

        /// Creates a level.
        public init(level: Int, label: String, description: String? = nil) {
            self.level = level
            self.label = label
            self.description = description
        }
    }

    /// The levels, lowest first.
    public var levels: [Level]

    /// Creates a scale of at least two levels, lowest first.
    public init(levels: [Level]) {
        precondition(levels.count >= 2, "a scale has at least two levels")
        self.levels = levels
    }

    /// The lowest level's number.
    public var lowest: Int { levels[0].level }
    /// The highest level's number.
    public var highest: Int { levels[levels.count - 1].level }

    /// The share of the scale a rating reaches: 0 at the lowest level, 1 at the highest.
    public func score(_ rating: Double) -> Double {
        (rating - Double(lowest)) / Double(highest - lowest)
    }

    /// The level a rating reaches: the highest at or below it (a mean of 2.5 is still 2).
    public func level(of rating: Double) -> Level {
        levels.last { Double($0.level) <= rating + 1e-9 } ?? levels[0]
    }

    /// The level with a label, ignoring case ("adequate").
    public func level(labelled label: String) -> Level? {
        let wanted = label.lowercased()
        return levels.first { $0.label.lowercased() == wanted }
    }

    /// The levels as choices in words: "1 (Needs improvement), 2 (Adequate), 3 (Exemplary)".
    public var choices: String {
        levels.map { "\($0.level) (\($0.label))" }.joined(separator: ", ")
    }
}
