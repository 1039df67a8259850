import CEL

/// What a rule can still become when the profile leaves out data it reads: the values an
/// absent field could take, and a profile's fields with one of them filled in.
///
/// A rule that reads missing data is `unknown` only when that data could change its outcome
/// (DESIGN §5). To find out, the evaluator tries every value each missing field could take,
/// which is possible only for fields whose values can be listed: yes/no fields, fields with
/// allowed values, and whole numbers with small bounds (a 1–3 rating). A date, a free number or
/// a missing record cannot be listed, and a rule reading one stays `unknown`.
enum MissingData {
    /// The most combinations of values tried for one rule: beyond it the rule stays `unknown`
    /// (a dozen yes/no fields at once; no real profile leaves that many out of one rule).
    static let maxCombinations = 4_096
    /// The widest range of whole numbers listed value by value (a rating, days a week).
    static let maxIntegerSpan = 31

    typealias Step = ProfilePath.Step

    /// The steps of an instance path, or `nil` when it is not one.
    static func steps(_ path: String) -> [Step]? { ProfilePath.steps(path) }

    /// The schema's spec of the field at an instance path.
    static func spec(at steps: [Step], in schema: ObjectSpec) -> FieldSpec? {
        var object = schema
        var current: FieldSpec?
        for step in steps {
            switch step {
            case .field(let name):
                guard current == nil || isObject(current), let spec = object[name] else {
                    return nil
                }
                current = spec
                if case .object(let inner) = spec.type { object = inner }
            case .index:
                guard case .list(let item) = current?.type else { return nil }
                current = item
                if case .object(let inner) = item.type { object = inner }
            }
        }
        return current
    }

    private static func isObject(_ spec: FieldSpec?) -> Bool {
        if case .object = spec?.type { return true }
        return false
    }

    /// Every value a field of this spec can take, or `nil` when they cannot be listed. For a
    /// number the rule only compares with constants (`thresholds`), values that stand for all
    /// the others: each constant, the values next to it either side, and one beyond the
    /// lowest and the highest, within the field's bounds (the comparisons give the same
    /// answers for every value between two of these).
    static func candidates(_ spec: FieldSpec, thresholds: [Double]? = nil) -> [CELValue]? {
        // A field whose `~` means none could also be none.
        guard !spec.nullable else {
            var plain = spec
            plain.nullable = false
            return candidates(plain, thresholds: thresholds).map { $0 + [.null] }
        }
        if let thresholds, !thresholds.isEmpty, spec.type == .int || spec.type == .number {
            return representatives(of: thresholds, spec: spec)
        }
        switch spec.type {
        case .bool:
            return [.bool(false), .bool(true)]
        case .string:
            return spec.allowedValues.map { $0.map(CELValue.string) }
        case .int:
            guard let low = spec.minimum, let high = spec.maximum, low.isFinite, high.isFinite,
                high >= low, high - low <= Double(maxIntegerSpan)
            else { return nil }
            return (Int(low.rounded(.up))...Int(high.rounded(.down))).map { .int(Int64($0)) }
        case .rating(let scale):
            return scale.levels.map { .double(Double($0.level)) }
        case .number, .date, .list, .object:
            return nil
        }
    }

    /// The values standing for every value of a number field compared only with `thresholds`.
    private static func representatives(of thresholds: [Double], spec: FieldSpec) -> [CELValue] {
        let isInt = spec.type == .int
        let low = spec.minimum ?? -Double.greatestFiniteMagnitude
        let high = spec.maximum ?? Double.greatestFiniteMagnitude
        var values: Set<Double> = []
        if let minimum = spec.minimum { values.insert(minimum) }
        if let maximum = spec.maximum { values.insert(maximum) }
        for threshold in thresholds {
            let below = isInt ? (threshold - 1).rounded(.up) : threshold.nextDown
            let above = isInt ? (threshold + 1).rounded(.down) : threshold.nextUp
            values.formUnion([threshold, below, above])
            if isInt { values.formUnion([threshold.rounded(.down), threshold.rounded(.up)]) }
        }
        if let lowest = thresholds.first {
            values.insert(isInt ? lowest.rounded(.down) - 1 : lowest - 1)
        }
        if let highest = thresholds.last {
            values.insert(isInt ? highest.rounded(.up) + 1 : highest + 1)
        }
        return values.filter { $0 >= low && $0 <= high && $0.isFinite }
            .filter { !isInt || ($0 == $0.rounded() && abs($0) < 9e18) }
            .sorted()
            .map { isInt ? .int(Int64($0)) : .double($0) }
    }

    /// `value` with `replacement` put at `steps` (the first step is already taken: `value` is
    /// the top-level field). `nil` when a record or item on the way is not there.
    static func setting(_ replacement: CELValue, at steps: ArraySlice<Step>, in value: CELValue)
        -> CELValue?
    {
        guard let step = steps.first else { return replacement }
        let rest = steps.dropFirst()
        switch (step, value) {
        case (.field(let name), .map(let map)):
            var pairs: [(CELValue, CELValue)] = []
            var found = false
            for (key, inner) in map.entries {
                if case .string(let keyName) = key, keyName == name {
                    guard let changed = setting(replacement, at: rest, in: inner) else {
                        return nil
                    }
                    pairs.append((key, changed))
                    found = true
                } else {
                    pairs.append((key, inner))
                }
            }
            if !found {
                // Only the absent field itself may be missing, not a record above it.
                guard rest.isEmpty else { return nil }
                pairs.append((.string(name), replacement))
            }
            guard case .success(let rebuilt) = CELMap.make(pairs) else { return nil }
            return .map(rebuilt)
        case (.index(let index), .list(var items)):
            guard items.indices.contains(index),
                let changed = setting(replacement, at: rest, in: items[index])
            else { return nil }
            items[index] = changed
            return .list(items)
        default:
            return nil
        }
    }

    /// The absent paths a rule reads, each with the values it could take; `nil` when one of
    /// them cannot be listed or there are too many combinations to try.
    static func choices(
        for paths: [String], schema: ObjectSpec, thresholds: [String: [Double]] = [:]
    ) -> [(steps: [Step], values: [CELValue])]? {
        var choices: [(steps: [Step], values: [CELValue])] = []
        var combinations = 1
        for path in paths {
            guard let steps = steps(path), let spec = spec(at: steps, in: schema),
                let values = candidates(
                    spec, thresholds: thresholds[ProfilePath.schemaPath(steps)]),
                !values.isEmpty
            else { return nil }
            combinations *= values.count
            guard combinations <= maxCombinations else { return nil }
            choices.append((steps, values))
        }
        return choices.isEmpty ? nil : choices
    }
}
