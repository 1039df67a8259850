import CEL

/// Profile paths in words for people: a field by its label (or its description), a list item
/// by its label field and its place counted from 1 ("Cam (peer worker 3)"), values as
/// answers ("yes", "no", "Alex 52, Bree 46").
public struct FieldWords: Sendable {
    /// The profile's schema.
    public let schema: ObjectSpec
    /// The profile's fields.
    public let fields: CELMap

    /// Words for a profile's paths.
    public init(schema: ObjectSpec, fields: CELMap) {
        self.schema = schema
        self.fields = fields
    }

    /// A field's name in words: its `label`, else its description without the closing full
    /// stop, else its key with spaces.
    public static func name(of spec: FieldSpec?, key: String) -> String {
        if let label = spec?.label { return label }
        if var description = spec?.description {
            if description.hasSuffix(".") { description.removeLast() }
            return description
        }
        return key.replacing(bytes: "_", with: " ")
    }

    /// An item of a list in words: "Cam (peer worker 3)", or "peer worker 3" without a label;
    /// `short`, the label alone ("Cam") where there is one.
    public static func item(
        _ index: Int, of list: FieldSpec?, value: CELValue?, short: Bool = false
    ) -> String {
        let noun = list?.itemName ?? "item"
        let place = "\(noun) \(index + 1)"
        if let field = list?.itemLabel, case .map(let map)? = value,
            case .string(let label)? = map[field: field], !label.isEmpty
        {
            return short ? label : "\(label) (\(place))"
        }
        return place
    }

    /// An instance path in words: `peer_workers[2].supervision.interval_days` →
    /// "Cam (peer worker 3): Days between supervision sessions, in practice".
    public func instance(_ path: String) -> String {
        guard let steps = MissingData.steps(path) else { return path }
        var object: ObjectSpec? = schema
        var spec: FieldSpec?
        var value: CELValue? = .map(fields)
        var owner: String?
        var key = path
        for step in steps {
            switch step {
            case .field(let name):
                spec = object?[name]
                key = name
                if case .object(let inner)? = spec?.type { object = inner }
                if case .map(let map)? = value { value = map[field: name] } else { value = nil }
            case .index(let index):
                let list = spec
                if case .list(let items)? = value, items.indices.contains(index) {
                    value = items[index]
                } else {
                    value = nil
                }
                owner = Self.item(index, of: list, value: value)
                if case .list(let item)? = list?.type {
                    spec = item
                    if case .object(let inner) = item.type { object = inner }
                }
            }
        }
        let name = Self.name(of: spec, key: key)
        return owner.map { "\($0): \(name)" } ?? name
    }

    /// What the words for a schema path need of the schema alone: worked out once per rule set
    /// for every path its rules show as evidence (``CompiledRuleSet``), not for every report.
    public struct PreparedPath: Sendable {
        /// The leaf's name in words.
        let label: String
        let reading: Reading

        enum Reading: Sendable {
            /// One value, or the values of every item together.
            case whole(SchemaPath)
            /// Per item of the first list on the path: the list, its spec, and the path within
            /// each item (`nil` when the path ends at the list).
            case perItem(list: SchemaPath, spec: FieldSpec, rest: SchemaPath?)
            /// A path the schema does not have.
            case none
        }

        /// Prepares a schema path (`peer_workers[].training_hours`) against a schema.
        public init(_ path: String, schema: ObjectSpec) {
            let plain = path.replacing(bytes: "[]", with: "[0]")
            if let steps = MissingData.steps(plain) {
                let key: String
                if case .field(let name)? = steps.last { key = name } else { key = path }
                label = FieldWords.name(of: MissingData.spec(at: steps, in: schema), key: key)
            } else {
                label = path
            }
            guard path.contains(bytes: "[]") else {
                reading = .whole(SchemaPath(path))
                return
            }
            let parts = path.components(separatedByBytes: "[]")
            let listPath = String(parts[0])
            let rest = String(parts.dropFirst().joined(separator: "[]").drop { $0 == "." })
            guard let steps = MissingData.steps(listPath),
                let spec = MissingData.spec(at: steps, in: schema)
            else {
                reading = .none
                return
            }
            reading = .perItem(
                list: SchemaPath(listPath), spec: spec, rest: rest.isEmpty ? nil : SchemaPath(rest))
        }
    }

    /// The answers at a prepared path in words: one value ("85", "yes"), or each item's
    /// ("Alex 52, Bree 46, Cam no answer").
    public func answers(_ path: PreparedPath) -> String? {
        switch path.reading {
        case .none:
            return nil
        case .whole(let whole):
            return Evidence.lookup(whole, in: fields).first.map(Self.answer)
        case .perItem(let listPath, let listSpec, let rest):
            guard case .list(let items)? = Evidence.lookup(listPath, in: fields).first else {
                return nil
            }
            let shown = items.prefix(12).enumerated().map { index, item -> String in
                let who = Self.item(index, of: listSpec, value: item, short: true)
                guard let rest else { return who }
                let values: [CELValue]
                if case .map(let map) = item {
                    values = Evidence.lookup(rest, in: map)
                } else {
                    values = []
                }
                let text =
                    values.isEmpty
                    ? "not known"
                    : values.count == 1
                        ? Self.answer(values[0])
                        : values.map(Self.answer).joined(
                            separator: ", ")
                return "\(who) \(text)"
            }
            return shown.joined(separator: "; ")
                + (items.count > 12 ? "; … (\(items.count) in all)" : "")
        }
    }

    /// One value as an answer: yes/no, a date, a number, a list's size.
    static func answer(_ value: CELValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "yes" : "no"
        case .list(let items):
            if items.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
                return items.isEmpty ? "none" : GapTemplate.display(value)
            }
            return "\(items.count) \(items.count == 1 ? "entry" : "entries")"
        case .map: return "given"
        default: return GapTemplate.display(value)
        }
    }

    /// Names in a sentence: "Cam", "Cam and Lee", "Alex, Cam and Lee", "Alex, Bree, Cam and 4
    /// more".
    public static func sentence(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2...4: return names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        default: return names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
        }
    }
}
