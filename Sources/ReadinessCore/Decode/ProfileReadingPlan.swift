import CEL
import YAMLNode

/// A profile schema laid out flat for ``ProfileStreamDecoder``: every field of every record in
/// one table of plain values, the field names in a ``ScalarTable`` so a key is matched while
/// still in libyaml's buffer, and the allowed values likewise.
///
/// Everything the decoder reads per value is a plain value reached by position (no object per
/// field: with a class per field, retaining and releasing the shared field objects from every
/// thread cost more than the reading itself). Made once per rule set (``ProfileReader``) and
/// only read after, from any thread.
///
/// The allowed values it hands out as strings are its own copies, shared with no other plan:
/// a decoded value is a counted reference to the plan's string, and a batch gives each worker
/// a plan of its own, so no two cores count references on the same strings (taking turns at
/// the same reference counts cost more than all the rest of the decoding). The field names
/// are the schema's own strings, the ones a compiled rule set selects fields by: decoded maps
/// never count references to them (they hold the plan's ``FieldNames``), and a rule finds a
/// field by comparing references rather than bytes.
final class ProfileReadingPlan: Sendable {
    /// What a field holds, without the payloads of ``FieldType``.
    enum Kind {
        /// `rating`: a level's number within the bounds (a label is left to the full decoder).
        case string, int, number, bool, date, rating, list, object
    }

    /// One field: a plain value.
    struct Field {
        let kind: Kind
        let required: Bool
        /// Bounds of a number (infinite when there are none).
        let minimum: Double
        let maximum: Double
        /// A list's item field, or -1.
        let item: Int
        /// An object's record, or -1.
        let record: Int
        /// A string field's allowed values: where they start in ``allowedValues`` and how many
        /// (`allowedCount` is -1 when any text is allowed).
        let allowedStart: Int
        let allowedCount: Int
        /// Whether the field's name, written as a plain key, reads as text under the YAML core
        /// schema: a field named `true` or `null` would not, and is left to the full decoder.
        let nameReadsAsText: Bool
        /// Whether null is an answer (none) rather than "not known".
        var nullable = false

        /// Whether a number is within the bounds.
        @inline(__always)
        func admits(_ number: Double) -> Bool {
            !(number < minimum) && !(number > maximum)
        }
    }

    /// One record: its declared fields, in declaration order, are `count` fields from `start`.
    struct Record {
        let start: Int
        let count: Int
    }

    /// The fields of every record (each record's together, in order), then list items.
    let fields: [Field]
    /// Each field's name and its ``CELMap/fingerprint(_:)``, by the field's position (an item
    /// field's name is empty): the keys of the maps decoded with this plan.
    let names: FieldNames
    let records: [Record]
    /// The allowed values of every string field that has them, end to end.
    let allowedValues: [String]
    /// The field names and the allowed values as UTF-8, by the same positions.
    private let nameBytes: ScalarTable
    private let allowedBytes: ScalarTable

    /// The record of the profile's top level.
    static let root = 0

    /// Whether the rule set adds a required field to the header: then every header is left to
    /// the full decoder, which checks it (the fast path reads only the three every profile has).
    let headerHasRequiredFields: Bool

    init(_ schema: ObjectSpec) {
        headerHasRequiredFields = schema.headerFields.contains { $0.spec.required }
        var builder = Builder(canonicalNames: schema.allFieldNames)
        builder.add(schema)
        fields = builder.fields
        names = FieldNames(builder.names)
        records = builder.records
        allowedValues = builder.allowed.map(Self.ownCopy)
        nameBytes = ScalarTable(builder.names)
        allowedBytes = ScalarTable(builder.allowed)
    }

    /// A string with storage of its own (not shared with the schema's or another plan's).
    private static func ownCopy(_ text: String) -> String {
        String(decoding: Array(text.utf8), as: UTF8.self)
    }

    /// The position of the field of `record` whose name the current scalar (a key) spells, or
    /// `nil` when it names none (or a name the full decoder must read). `guess` (a position
    /// in the record) is tried first: profiles mostly give fields in the schema's order, so
    /// the field after the previous key usually matches at the first comparison.
    @inline(__always)
    func field(of record: Record, namedBy events: YAMLEventReader, guess: Int) -> Int? {
        guard
            let position = events.position(
                in: nameBytes, from: record.start, count: record.count,
                guess: record.start + guess),
            fields[position].nameReadsAsText
        else { return nil }
        return position
    }

    /// The allowed value of `field` the current scalar spells, or `nil`.
    @inline(__always)
    func allowedValue(of field: Field, spelledBy events: YAMLEventReader) -> String? {
        guard field.allowedCount > 0 else { return nil }
        return events.position(
            in: allowedBytes, from: field.allowedStart, count: field.allowedCount,
            guess: field.allowedStart
        ).map { allowedValues[$0] }
    }

    /// Whether `text` is one of the allowed values of `field` by String equality (which, unlike
    /// the bytes, holds canonically equivalent spellings equal); `true` when any text is.
    func allows(_ text: String, in field: Field) -> Bool {
        guard field.allowedCount >= 0 else { return true }
        for position in field.allowedStart..<(field.allowedStart + field.allowedCount)
        where allowedValues[position] == text {
            return true
        }
        return false
    }

    /// Lays the schema out: a record's fields take consecutive positions, and the records and
    /// items they lead to are laid out after them.
    private struct Builder {
        /// The strings a compiled rule set selects fields by (``ObjectSpec/allFieldNames``):
        /// the names are these very strings, so a rule finds a field by comparing references.
        let canonicalNames: Set<String>
        var fields: [Field] = []
        var names: [String] = []
        var records: [Record] = []
        var allowed: [String] = []

        /// Adds a record and everything under it; returns its index.
        @discardableResult
        mutating func add(_ object: ObjectSpec) -> Int {
            let index = records.count
            let start = fields.count
            records.append(Record(start: start, count: object.fields.count))
            // Room first, so the record's fields are consecutive; each filled in below.
            for (name, _) in object.fields {
                names.append(FieldNames.shared(name, in: canonicalNames))
                fields.append(Field.placeholder)
            }
            for (offset, (name, spec)) in object.fields.enumerated() {
                let laidOut = field(spec, named: name)
                fields[start + offset] = laidOut
            }
            return index
        }

        /// A field of `spec`, with its item or record laid out.
        mutating func field(_ spec: FieldSpec, named name: String?) -> Field {
            let kind: Kind
            var item = -1
            var record = -1
            switch spec.type {
            case .string: kind = .string
            case .int: kind = .int
            case .number: kind = .number
            case .bool: kind = .bool
            case .date: kind = .date
            case .rating: kind = .rating
            case .list(let itemSpec):
                kind = .list
                let itemField = field(itemSpec, named: nil)
                item = fields.count
                fields.append(itemField)
                names.append("")
            case .object(let object):
                kind = .object
                record = add(object)
            }
            let allowedStart = allowed.count
            allowed += spec.allowedValues ?? []
            var minimum = spec.minimum ?? -.infinity
            var maximum = spec.maximum ?? .infinity
            if case .rating(let scale) = spec.type {
                // Levels go up in ones, so every whole number between the ends is a level.
                minimum = Double(scale.lowest)
                maximum = Double(scale.highest)
            }
            var field = Field(
                kind: kind, required: spec.required, minimum: minimum, maximum: maximum,
                item: item, record: record, allowedStart: allowedStart,
                allowedCount: spec.allowedValues?.count ?? -1,
                nameReadsAsText: name.map {
                    CoreSchema.resolve($0, isPlain: true, tag: nil) == .value(.string($0))
                } ?? true)
            field.nullable = spec.nullable
            return field
        }
    }
}

extension ProfileReadingPlan.Field {
    /// Fills a record's place until its field is laid out.
    fileprivate static let placeholder = Self(
        kind: .bool, required: false, minimum: 0, maximum: 0, item: -1, record: -1,
        allowedStart: 0, allowedCount: -1, nameReadsAsText: false)
}
