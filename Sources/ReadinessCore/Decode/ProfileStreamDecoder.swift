import CEL
import YAMLNode

/// The fast path of ``ProfileDecoder``: validates a profile straight from libyaml's events into
/// CEL values, with no node tree and no source positions.
///
/// It accepts only what the full decoder accepts without a message of any kind, error or
/// warning. At anything else (a syntax error, a tag, anchor or alias, a key that is undeclared
/// or repeated, a value the schema refuses, a placeholder, nesting past the limit) it declines,
/// and the caller runs the full decoder over a node tree, which reports the problem at its
/// line and column. So it changes how fast a valid profile loads, never what any profile
/// gives: `ProfileStreamDecoderTests` holds the two paths to the same results.
struct ProfileStreamDecoder {
    /// The profile needs the full decoder.
    private struct Decline: Error {}

    private let events: YAMLEventReader
    private let depthLimit: Int
    /// Collections open around the current event, checked against `depthLimit` as the YAML
    /// loader checks them.
    private var depth = 0
    /// The current path, and the declared fields found absent (the full decoder's own record).
    private var validator = ProfileDecoder.Validator()

    private init(events: YAMLEventReader, depthLimit: Int) {
        self.events = events
        self.depthLimit = depthLimit
    }

    /// The profile in `bytes`, or `nil` when it needs the full decoder.
    static func decode(_ bytes: [UInt8], path: String, schema: ObjectSpec, depthLimit: Int)
        -> Profile?
    {
        bytes.withUnsafeBufferPointer { buffer in
            YAMLEventReader.read(buffer) { events in
                var decoder = ProfileStreamDecoder(events: events, depthLimit: depthLimit)
                return try? decoder.document(path: path, schema: schema)
            } ?? nil
        }
    }

    private mutating func document(path: String, schema: ObjectSpec) throws(Decline) -> Profile {
        try expect(.streamStart)
        try expect(.documentStart)
        try open(events.next())
        var fields: [String: CELValue] = [:]
        var given = GivenFields(count: schema.fields.count)
        var assessment: (organisation: String, asOf: CELTimestamp, assessor: String?)?
        while let name = try key() {
            if name == "assessment" {
                guard assessment == nil else { throw Decline() }
                assessment = try assessmentSection()
                continue
            }
            let position = try given.mark(name, in: schema)
            validator.enter(.field(name))
            if let value = try value(schema.fields[position].spec, events.next()) {
                fields[name] = value
            }
            validator.leave()
        }
        depth -= 1
        guard let assessment else { throw Decline() }
        for (position, field) in schema.fields.enumerated() where !given[position] {
            if field.spec.required { throw Decline() }
            validator.absent.append(field.name)
        }
        try expect(.documentEnd)
        try expect(.streamEnd)
        return Profile(
            organisation: assessment.organisation, asOf: assessment.asOf,
            assessor: assessment.assessor, fields: fields, absent: validator.absent,
            warnings: [], path: path)
    }

    /// The `assessment` section: the organisation, the date, and who assessed.
    private mutating func assessmentSection() throws(Decline) -> (
        organisation: String, asOf: CELTimestamp, assessor: String?
    ) {
        try open(events.next())
        var organisation: String?
        var asOf: CELTimestamp?
        var assessor: String?
        while let name = try key() {
            switch name {
            case "organisation" where organisation == nil: organisation = try text()
            case "as_of" where asOf == nil:
                guard let date = ProfileDecoder.date(fromText: try text()) else {
                    throw Decline()
                }
                asOf = date
            case "assessor" where assessor == nil: assessor = try text()
            default: throw Decline()
            }
        }
        depth -= 1
        guard let organisation, let asOf, !ProfileTemplate.isPlaceholder(organisation) else {
            throw Decline()
        }
        return (organisation, asOf, assessor)
    }

    /// A value of the declared type, starting at the event `kind`; `nil` for null (recorded
    /// as absent).
    private mutating func value(_ spec: FieldSpec, _ kind: YAMLEventReader.Kind?)
        throws(Decline) -> CELValue?
    {
        switch kind {
        case .scalar:
            guard !events.hasProperties, let (text, value) = events.scalar else {
                throw Decline()
            }
            if value == .null {
                if spec.required { throw Decline() }
                validator.absent.append(validator.path)
                return nil
            }
            if events.scalarIsPlain && ProfileTemplate.isPlaceholder(text) { throw Decline() }
            return try scalar(text, value, spec)
        case .sequenceStart:
            guard case .list(let item) = spec.type else { throw Decline() }
            try open(kind)
            var values: [CELValue] = []
            var index = 0
            while true {
                let next = events.next()
                if next == .sequenceEnd { break }
                validator.enter(.index(index))
                if let element = try value(item, next) { values.append(element) }
                validator.leave()
                index += 1
            }
            depth -= 1
            return .list(values)
        case .mappingStart:
            guard case .object(let object) = spec.type else { throw Decline() }
            try open(kind)
            var builder = CELMap.Builder()
            var given = GivenFields(count: object.fields.count)
            while let name = try key() {
                let position = try given.mark(name, in: object)
                validator.enter(.field(name))
                if let fieldValue = try value(object.fields[position].spec, events.next()) {
                    builder.insert(.string(name), fieldValue)
                }
                validator.leave()
            }
            depth -= 1
            for (position, field) in object.fields.enumerated() where !given[position] {
                if field.spec.required { throw Decline() }
                validator.absent.append("\(validator.path).\(field.name)")
            }
            return .map(builder.build())
        default:
            throw Decline()
        }
    }

    /// A scalar of the declared type, as the full decoder's validator reads it.
    private func scalar(_ text: String, _ value: ScalarValue, _ spec: FieldSpec)
        throws(Decline) -> CELValue
    {
        switch (spec.type, value) {
        case (.string, .string(let string)):
            if let allowed = spec.allowedValues, !allowed.contains(string) { throw Decline() }
            return .string(string)
        case (.string, _):
            // A number or boolean written where text belongs is its text.
            if let allowed = spec.allowedValues, !allowed.contains(text) { throw Decline() }
            return .string(text)
        case (.int, .int(let number)) where spec.admits(Double(number)):
            return .int(number)
        case (.number, .int(let number)) where spec.admits(Double(number)):
            return .double(Double(number))
        case (.number, .float(let number)) where number.isFinite && spec.admits(number):
            return .double(number)
        case (.bool, .bool(let flag)):
            return .bool(flag)
        case (.date, _):
            guard let date = ProfileDecoder.date(fromText: text) else { throw Decline() }
            return .timestamp(date)
        default:
            throw Decline()
        }
    }

    /// The next key of the open mapping, or `nil` at its end. Only plain text keys without
    /// properties are taken: the full decoder has something to say about the rest.
    private func key() throws(Decline) -> String? {
        switch events.next() {
        case .mappingEnd:
            return nil
        case .scalar:
            guard !events.hasProperties, case .string(let name)? = events.scalar?.value else {
                throw Decline()
            }
            return name
        default:
            throw Decline()
        }
    }

    /// A scalar's text, where text is expected (a number or boolean is its text; null is not).
    private func text() throws(Decline) -> String {
        guard events.next() == .scalar, !events.hasProperties, let (text, value) = events.scalar,
            value != .null
        else { throw Decline() }
        return text
    }

    /// Enters a collection that starts at `kind`, within the nesting limit.
    private mutating func open(_ kind: YAMLEventReader.Kind?) throws(Decline) {
        guard kind == .mappingStart || kind == .sequenceStart, !events.hasProperties,
            depth < depthLimit
        else { throw Decline() }
        depth += 1
    }

    private func expect(_ kind: YAMLEventReader.Kind) throws(Decline) {
        guard events.next() == kind else { throw Decline() }
    }

    /// Which declared fields a mapping has given so far: a bit each, in a word for the usual
    /// small record.
    private struct GivenFields {
        private var bits: UInt64 = 0
        private var overflow: [Bool]

        init(count: Int) {
            overflow = count > 64 ? [Bool](repeating: false, count: count) : []
        }

        subscript(position: Int) -> Bool {
            overflow.isEmpty ? bits & (1 << UInt64(position)) != 0 : overflow[position]
        }

        /// Marks the declared field `name` given and returns its position; declines an
        /// undeclared or repeated key.
        mutating func mark(_ name: String, in object: ObjectSpec) throws(Decline) -> Int {
            guard let position = object.fields.firstIndex(where: { $0.name == name }),
                !self[position]
            else { throw Decline() }
            if overflow.isEmpty {
                bits |= 1 << UInt64(position)
            } else {
                overflow[position] = true
            }
            return position
        }
    }
}
