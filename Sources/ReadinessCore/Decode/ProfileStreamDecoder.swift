import CEL
import SourceDiagnostics
import YAMLNode

/// The fast path of ``ProfileDecoder``: validates a profile straight from libyaml's events into
/// CEL values, with no node tree and no source positions.
///
/// It accepts only what the full decoder accepts without an error, and gives the one warning
/// a valid profile can carry itself: a key the schema does not declare, which it skips as the
/// full decoder does (so such a profile loads as fast as one without). At anything else (a
/// syntax error, a tag, anchor or alias, a repeated key, a key one letter from a declared one,
/// a value the schema refuses, a placeholder, nesting past the limit) it declines,
/// and the caller runs the full decoder over a node tree, which reports the problem at its
/// line and column. So it changes how fast a valid profile loads, never what any profile
/// gives: `ProfileStreamDecoderTests` holds the two paths to the same results.
struct ProfileStreamDecoder {
    /// The profile needs the full decoder.
    private struct Decline: Error {}

    private let events: YAMLEventReader
    private let plan: ProfileReadingPlan
    private let depthLimit: Int
    /// Collections open around the current event, checked against `depthLimit` as the YAML
    /// loader checks them.
    private var depth = 0
    /// The declared fields found absent, as the full decoder records them.
    private var absent: [String] = []
    /// The profile's name, for the warnings' positions.
    private let file: String
    /// Keys the schema does not declare, as the full decoder warns of them.
    private var warnings: [Diagnostic] = []
    /// Where the current value is: a field by its position in the plan (no copy of its name,
    /// which would be reference counted on every step), or an index in a list. Made into
    /// text only for an absent field's path.
    private var steps: [Step] = []

    private enum Step {
        case field(Int)
        case index(Int)
    }

    /// The current path as the full decoder writes it.
    private var path: String {
        ProfileDecoder.Validator.path(
            steps.map { step in
                switch step {
                case .field(let position): .field(plan.names.name(position))
                case .index(let index): .index(index)
                }
            })
    }

    private init(
        events: YAMLEventReader, plan: ProfileReadingPlan, depthLimit: Int, file: String
    ) {
        self.events = events
        self.plan = plan
        self.depthLimit = depthLimit
        self.file = file
        steps.reserveCapacity(16)
    }

    /// The profile in `bytes`, or `nil` when it needs the full decoder.
    static func decode(
        _ bytes: [UInt8], path: String, plan: ProfileReadingPlan, depthLimit: Int
    ) -> Profile? {
        YAMLEventReader.read(bytes) { events in
            var decoder = ProfileStreamDecoder(
                events: events, plan: plan, depthLimit: depthLimit, file: path)
            return try? decoder.document(path: path)
        } ?? nil
    }

    private static let assessmentKey = Array("assessment".utf8)
    private static let respondentsKey = Array("respondents".utf8)

    private mutating func document(path: String) throws(Decline) -> Profile {
        try expect(.streamStart)
        try expect(.documentStart)
        try open(events.next())
        let record = plan.records[ProfileReadingPlan.root]
        // Room for every top-level field: the builder does not grow.
        var fields = CELMap.FieldsBuilder(capacity: record.count, names: plan.names)
        var given = GivenFields(count: record.count)
        var assessment: (organisation: String, asOf: CELTimestamp, assessor: String?)?
        var undeclared: [String] = []
        while try nextKey() {
            if events.scalarSpells(Self.assessmentKey) {
                guard assessment == nil else { throw Decline() }
                assessment = try assessmentSection()
                continue
            }
            guard let position = try given.mark(events, in: record, of: plan) else {
                // Several respondents' ratings are combined by the full decoder.
                if events.scalarSpells(Self.respondentsKey) { throw Decline() }
                try undeclaredKey(
                    in: record, context: "the profile", also: "assessment", seen: &undeclared)
                continue
            }
            steps.append(.field(position))
            if let value = try value(plan.fields[position], events.next()) {
                fields.append(position, value)
            }
            steps.removeLast()
        }
        depth -= 1
        guard let assessment else { throw Decline() }
        for position in record.start..<(record.start + record.count)
        where !given[position - record.start] {
            if plan.fields[position].required { throw Decline() }
            absent.append(plan.names.name(position))
        }
        try expect(.documentEnd)
        try expect(.streamEnd)
        return Profile(
            organisation: assessment.organisation, asOf: assessment.asOf,
            assessor: assessment.assessor, fields: fields.build(), absent: absent,
            warnings: warnings, path: path)
    }

    /// The `assessment` section: the organisation, the date, and who assessed.
    private mutating func assessmentSection() throws(Decline) -> (
        organisation: String, asOf: CELTimestamp, assessor: String?
    ) {
        try open(events.next())
        var organisation: String?
        var asOf: CELTimestamp?
        var assessor: String?
        while try nextKey() {
            switch events.scalarText {
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
        guard let organisation, let asOf, !ProfileTemplate.isPlaceholder(organisation),
            !plan.headerHasRequiredFields
        else {
            throw Decline()
        }
        return (organisation, asOf, assessor)
    }

    /// A value of the declared type, starting at the event `kind`; `nil` for null (recorded
    /// as absent).
    private mutating func value(_ field: ProfileReadingPlan.Field, _ kind: YAMLEventReader.Kind?)
        throws(Decline) -> CELValue?
    {
        switch kind {
        case .scalar:
            guard !events.hasProperties else { throw Decline() }
            let quick = events.quickValue
            // Matched, not compared: `==` on the enum was a call per scalar.
            if case .null = quick {
                if field.nullable { return .null }
                if field.required { throw Decline() }
                absent.append(path)
                return nil
            }
            return try scalar(quick, field)
        case .sequenceStart:
            guard field.item >= 0 else { throw Decline() }
            let item = plan.fields[field.item]
            try open(kind)
            var values: [CELValue] = []
            // Room for a short list at once: growing one element at a time reallocated a
            // three-item list three times.
            values.reserveCapacity(8)
            var index = 0
            while true {
                let next = events.next()
                if next == .sequenceEnd { break }
                steps.append(.index(index))
                if let element = try value(item, next) { values.append(element) }
                steps.removeLast()
                index += 1
            }
            depth -= 1
            return .list(values)
        case .mappingStart:
            guard field.record >= 0 else { throw Decline() }
            let record = plan.records[field.record]
            try open(kind)
            var builder = CELMap.FieldsBuilder(capacity: record.count, names: plan.names)
            var given = GivenFields(count: record.count)
            var undeclared: [String] = []
            while try nextKey() {
                guard let position = try given.mark(events, in: record, of: plan) else {
                    try undeclaredKey(in: record, context: "`\(path)`", seen: &undeclared)
                    continue
                }
                steps.append(.field(position))
                if let fieldValue = try value(plan.fields[position], events.next()) {
                    // The key is the plan's name, uncounted: the map holds the plan's names.
                    builder.append(position, fieldValue)
                }
                steps.removeLast()
            }
            depth -= 1
            for position in record.start..<(record.start + record.count)
            where !given[position - record.start] {
                if plan.fields[position].required { throw Decline() }
                absent.append("\(path).\(plan.names.name(position))")
            }
            return .map(builder.build())
        default:
            throw Decline()
        }
    }

    /// A non-null scalar of the declared type, as the full decoder's validator reads it:
    /// decided from the bytes where it can be, with a string made only for text.
    private func scalar(_ quick: CoreSchema.QuickValue, _ field: ProfileReadingPlan.Field)
        throws(Decline) -> CELValue
    {
        switch (field.kind, quick) {
        case (.bool, .bool(let flag)):
            return .bool(flag)
        case (.int, .int(let number)) where field.admits(Double(number)):
            return .int(number)
        case (.number, .int(let number)) where field.admits(Double(number)),
            (.rating, .int(let number)) where field.admits(Double(number)):
            return .double(Double(number))
        case (.number, .float(let number)) where field.admits(number):
            return .double(number)
        case (.int, .other), (.number, .other):
            // A float, or an integer written in another base or at length.
            switch events.scalar?.value {
            case .int(let number) where field.admits(Double(number)):
                return field.kind == .int ? .int(number) : .double(Double(number))
            case .float(let number)
            where field.kind == .number && number.isFinite && field.admits(number):
                return .double(number)
            default:
                throw Decline()
            }
        case (.string, _), (.date, _):
            // An integer too large for 64 bits is an error of the YAML itself, which the full
            // loader reports whatever the field (found by the differential fuzzer).
            if events.scalarMayBeOutOfRange, events.scalar == nil { throw Decline() }
            // `<…>` is a placeholder only when plain; its first byte tells before any search.
            let mayBePlaceholder = events.scalarStarts(with: UInt8(ascii: "<"))
            if field.kind == .string, !mayBePlaceholder,
                let allowed = plan.allowedValue(of: field, spelledBy: events)
            {
                // One of the listed values, found by its bytes: the plan's own string serves.
                return .string(allowed)
            }
            // A number or boolean written where text belongs is its text.
            let text = events.scalarText
            if events.scalarIsPlain, mayBePlaceholder, ProfileTemplate.isPlaceholder(text) {
                throw Decline()
            }
            if field.kind == .date {
                guard let date = ProfileDecoder.date(fromText: text) else { throw Decline() }
                return .timestamp(date)
            }
            if !plan.allows(text, in: field) { throw Decline() }
            return .string(text)
        default:
            throw Decline()
        }
    }

    /// A key `record` does not declare, at the current event: warned of as the full decoder
    /// warns (`context` and the declared names, with `also` at the top), and its value
    /// skipped. A key one letter from a declared name is an error there, and so is a key
    /// given twice in one mapping (`seen` holds the mapping's undeclared keys): declined.
    private mutating func undeclaredKey(
        in record: ProfileReadingPlan.Record, context: String, also: String? = nil,
        seen: inout [String]
    ) throws(Decline) {
        let key = events.scalarText
        guard !seen.contains(key) else { throw Decline() }
        seen.append(key)
        var known = (record.start..<(record.start + record.count)).map { plan.names.name($0) }
        if let also { known.append(also) }
        guard !known.contains(where: { Suggestion.isOneEdit(key, from: $0) }) else {
            throw Decline()
        }
        warnings.append(
            .unknownProfileKey(key, at: events.range(file: file), context: context, known: known))
        try skip(events.next())
    }

    /// Passes over a value, starting at the event `kind`, within the nesting limit.
    private mutating func skip(_ kind: YAMLEventReader.Kind?) throws(Decline) {
        switch kind {
        case .scalar:
            guard !events.hasProperties else { throw Decline() }
        case .sequenceStart:
            try open(kind)
            while true {
                let next = events.next()
                if next == .sequenceEnd { break }
                try skip(next)
            }
            depth -= 1
        case .mappingStart:
            try open(kind)
            while try nextKey() { try skip(events.next()) }
            depth -= 1
        default:
            throw Decline()
        }
    }

    /// Moves to the next key of the open mapping; `false` at its end. Only scalar keys without
    /// properties are taken: the full decoder has something to say about the rest.
    private func nextKey() throws(Decline) -> Bool {
        switch events.next() {
        case .mappingEnd: return false
        case .scalar where !events.hasProperties: return true
        default: throw Decline()
        }
    }

    /// A scalar's text, where text is expected (a number or boolean is its text; null is not).
    private func text() throws(Decline) -> String {
        guard events.next() == .scalar, !events.hasProperties else { throw Decline() }
        if case .null = events.quickValue { throw Decline() }
        return events.scalarText
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
        /// The field after the last one marked: the likeliest next key.
        private var next = 0

        init(count: Int) {
            overflow = count > 64 ? [Bool](repeating: false, count: count) : []
        }

        subscript(position: Int) -> Bool {
            overflow.isEmpty ? bits & (1 << UInt64(position)) != 0 : overflow[position]
        }

        /// Marks the declared field of `record` the current key names given and returns its
        /// position in the plan; `nil` for an undeclared key; declines a repeated one.
        mutating func mark(
            _ events: YAMLEventReader, in record: ProfileReadingPlan.Record,
            of plan: ProfileReadingPlan
        ) throws(Decline) -> Int? {
            guard let found = plan.field(of: record, namedBy: events, guess: next) else {
                return nil
            }
            let position = found - record.start
            guard !self[position] else { throw Decline() }
            next = position + 1
            if overflow.isEmpty {
                bits |= 1 << UInt64(position)
            } else {
                overflow[position] = true
            }
            return found
        }
    }
}
