import CEL

/// Evaluates a compiled rule set against a profile: one ``RuleResult`` per rule.
public struct Evaluator: Sendable {
    /// The compiled rule set.
    public let ruleSet: CompiledRuleSet

    /// Whether results carry evidence and gap messages (reports need them; a batch that
    /// keeps only scores does not).
    public var describes = true

    /// Creates an evaluator.
    public init(_ ruleSet: CompiledRuleSet, describes: Bool = true) {
        self.ruleSet = ruleSet
        self.describes = describes
    }

    /// The variables every expression sees for a profile.
    public func bindings(for profile: Profile, asOf: CELTimestamp? = nil) -> [String: CELValue] {
        var bindings: [String: CELValue] = [:]
        for (name, value) in profile.fields.entries {
            if case .string(let name) = name { bindings[name] = value }
        }
        bindings["params"] = ruleSet.parameterValues
        bindings["as_of"] = .timestamp(asOf ?? profile.asOf)
        return bindings
    }

    /// The variables every expression sees for a profile, laid out in the order of
    /// ``CompiledRuleSet/variables``: made once per profile, read by position by every rule
    /// (the item name of a `measure` rule is bound only while its items are evaluated).
    public func values(for profile: Profile, asOf: CELTimestamp? = nil) -> [CELValue] {
        ruleSet.variableSources.map { source in
            switch source {
            case .parameters: ruleSet.parameterValues
            case .asOf: .timestamp(asOf ?? profile.asOf)
            case .field(let name, let fingerprint):
                profile.fields[field: name, fingerprint: fingerprint] ?? Activation.unbound(name)
            }
        }
    }

    /// A profile's variables in one scope every rule's programs evaluate in: no activation
    /// and no evaluation frame per program.
    public func scope(for profile: Profile, asOf: CELTimestamp? = nil) -> Scope {
        Scope(values: values(for: profile, asOf: asOf))
    }

    /// Each action's prerequisites for a profile: its `depends_on`, with the conditional ones
    /// whose condition holds.
    public func dependencies(for profile: Profile, asOf: CELTimestamp? = nil) -> [String: [String]]
    {
        let scope = scope(for: profile, asOf: asOf)
        var dependencies: [String: [String]] = [:]
        for action in ruleSet.ruleSet.actions {
            dependencies[action.id] = action.dependsOn.map(\.value)
        }
        for condition in ruleSet.actionConditions where condition.holds(in: scope) {
            if dependencies[condition.action]?.contains(condition.dependency) == false {
                dependencies[condition.action, default: []].append(condition.dependency)
            }
        }
        return dependencies
    }

    /// Evaluates every rule.
    public func evaluate(_ profile: Profile, asOf: CELTimestamp? = nil) -> [RuleResult] {
        evaluate(profile, in: scope(for: profile, asOf: asOf))
    }

    /// Evaluates every rule in a profile's ``scope(for:asOf:)`` made by the caller (who may
    /// have checked the rule set's constraints in it first).
    public func evaluate(_ profile: Profile, in scope: Scope) -> [RuleResult] {
        ruleSet.rules.map { rule in evaluate(rule, profile: profile, in: scope) }
    }

    /// Evaluates one rule in a profile's ``scope(for:asOf:)``.
    public func evaluate(_ compiled: CompiledRule, profile: Profile, in scope: Scope)
        -> RuleResult
    {
        var result = RuleResult(
            ruleID: compiled.rule.id, outcome: .error, score: nil, gap: nil, met: nil, total: nil,
            evidence: describes
                ? Evidence.collect(compiled.evidenceReads, fields: profile.fields) : [],
            missing: [],
            message: nil)
        // Decided in place by a function of its own: returning the result from the many exits
        // of one function copied it, every field, and destroyed the original, for each rule.
        decide(&result, compiled: compiled, profile: profile, in: scope)
        if result.outcome == .unknown {
            settle(&result, compiled: compiled, profile: profile, in: scope)
        }
        return result
    }

    /// Decides a rule that read missing data when every value the data could take gives the
    /// same verdict (DESIGN §5: an unknown never hides a result the known data decides):
    /// tried value by value over ``MissingData/choices(for:schema:thresholds:)``. When no value would
    /// make it pass, the rule takes its lowest outcome and score; when every value makes it
    /// pass, or makes it not apply, so does the rule. The missing data stays listed.
    private func settle(
        _ result: inout RuleResult, compiled: CompiledRule, profile: Profile, in scope: Scope
    ) {
        guard
            let choices = MissingData.choices(
                for: result.missing, schema: ruleSet.ruleSet.schema,
                thresholds: compiled.thresholds)
        else { return }
        var positions: [Int] = []
        for choice in choices {
            guard case .field(let name) = choice.steps.first,
                let position = ruleSet.variables.firstIndex(of: name)
            else { return }
            positions.append(position)
        }
        let base = (0..<ruleSet.variables.count).map { scope[$0] }
        let quiet = Evaluator(ruleSet, describes: false)
        var picks = [Int](repeating: 0, count: choices.count)
        var outcomes: Set<Outcome> = []
        var lowest = 1.0
        while true {
            var values = base
            for index in choices.indices {
                guard
                    let changed = MissingData.setting(
                        choices[index].values[picks[index]], at: choices[index].steps.dropFirst(),
                        in: values[positions[index]])
                else { return }
                values[positions[index]] = changed
            }
            var trial = RuleResult(
                ruleID: result.ruleID, outcome: .error, score: nil, gap: nil, met: nil,
                total: nil, evidence: [], missing: [], message: nil)
            quiet.decide(&trial, compiled: compiled, profile: profile, in: Scope(values: values))
            switch trial.outcome {
            case .unknown, .error: return
            case .pass, .partial, .fail, .notApplicable: outcomes.insert(trial.outcome)
            }
            lowest = min(lowest, trial.score ?? 1)
            // The next combination, odometer-wise.
            var digit = 0
            while digit < picks.count {
                picks[digit] += 1
                if picks[digit] < choices[digit].values.count { break }
                picks[digit] = 0
                digit += 1
            }
            if digit == picks.count { break }
        }
        if outcomes == [.pass] || outcomes == [.notApplicable] {
            result.outcome = outcomes.first ?? .unknown
            result.score = result.outcome == .pass ? 1 : nil
        } else if outcomes.isSubset(of: [.partial, .fail]) {
            result.score = lowest
            result.outcome = Self.outcome(of: lowest)
            if describes, let template = compiled.rule.gap {
                (result.gap, result.gapValues) = gapMessage(
                    template, compiled: compiled, result: result, scope: scope)
            }
        }
    }

    /// The outcome a score gives: pass at 1, fail at 0, partial between.
    static func outcome(of score: Double) -> Outcome {
        score >= 1 - 1e-9 ? .pass : (score <= 1e-9 ? .fail : .partial)
    }

    /// Sets the outcome, score and messages of a rule's result.
    private func decide(
        _ result: inout RuleResult, compiled: CompiledRule, profile: Profile, in scope: Scope
    ) {
        if let appliesIf = compiled.appliesIf {
            switch appliesIf.evaluate(in: scope) {
            case .bool(false):
                result.outcome = .notApplicable
                return
            case .bool(true):
                break
            case let value:
                fail(&result, value, compiled: compiled, profile: profile, role: "applies_if")
                return
            }
        }
        switch compiled.check {
        case .require(let program):
            switch program.evaluate(in: scope) {
            case .bool(let flag): result.score = flag ? 1 : 0
            case let value:
                fail(&result, value, compiled: compiled, profile: profile, role: "require")
                return
            }
        case .grade(let program):
            let value = program.evaluate(in: scope)
            let number: Double
            switch value {
            case .double(let grade): number = grade
            case .int(let grade): number = Double(grade)
            default:
                fail(&result, value, compiled: compiled, profile: profile, role: "grade")
                return
            }
            guard number >= 0, number <= 1, number.isFinite else {
                result.message =
                    "rule `\(compiled.rule.id)`: `grade` gave \(GapTemplate.display(.double(number))), outside 0 to 1"
                return
            }
            result.score = number
        case .rate(let program, let scale):
            let value = program.evaluate(in: scope)
            guard let rating = GapTemplate.number(value) else {
                fail(&result, value, compiled: compiled, profile: profile, role: "rate")
                return
            }
            guard rating >= Double(scale.lowest) - 1e-9, rating <= Double(scale.highest) + 1e-9
            else {
                result.message =
                    "rule `\(compiled.rule.id)`: the rating is \(NumberFormat.count(rating)), outside its scale (\(scale.lowest) to \(scale.highest))"
                return
            }
            result.score = min(1, max(0, scale.score(rating)))
            result.rating = RuleResult.Rating(
                value: rating, label: scale.level(of: rating).label, highest: scale.highest)
        case .measure(let each, let meets, let position, let target):
            let list = each.evaluate(in: scope)
            guard case .list(let items) = list else {
                fail(&result, list, compiled: compiled, profile: profile, role: "each")
                return
            }
            guard !items.isEmpty else {
                // The author's choice: an empty list may mean there is nothing to judge, or
                // that what should be there is not.
                result.met = 0
                result.total = 0
                if case .measure(let measure) = compiled.rule.check {
                    result.outcome = measure.whenEmpty
                }
                switch result.outcome {
                case .pass: result.score = 1
                case .fail:
                    result.score = 0
                    if describes, let template = compiled.rule.gap {
                        (result.gap, result.gapValues) = gapMessage(
                            template, compiled: compiled, result: result, scope: scope)
                    }
                default: result.outcome = .notApplicable
                }
                return
            }
            var met = 0
            var notKnown = 0
            var missingValue: CELValue?
            var unusable: CELValue?
            // Which items, for reports only: a batch keeping scores does not name them.
            var index = -1
            var unmet: [Int] = []
            var unknown: [Int] = []
            let describes = describes
            meets.evaluateEach(items, binding: position, in: scope) { value in
                index += 1
                switch value {
                case .bool(let flag):
                    met += flag ? 1 : 0
                    if describes && !flag { unmet.append(index) }
                    return true
                case .error(let error) where error.missingField != nil:
                    // An item whose data is missing counts neither way (yet).
                    notKnown += 1
                    missingValue = value
                    if describes { unknown.append(index) }
                    return true
                default:
                    unusable = value
                    return false
                }
            }
            if let unusable {
                fail(&result, unusable, compiled: compiled, profile: profile, role: "meets")
                return
            }
            result.met = met
            result.total = items.count
            result.notKnown = notKnown
            if describes, !unmet.isEmpty || !unknown.isEmpty {
                let list = listSpec(compiled)
                result.unmetItems = unmet.map {
                    FieldWords.item($0, of: list, value: items[$0], short: true)
                }
                result.unknownItems = unknown.map {
                    FieldWords.item($0, of: list, value: items[$0], short: true)
                }
            }
            let lowest = min(1, Double(met) / Double(items.count) / target)
            if let missingValue {
                // Decided when no value of the missing items could make it pass, or when it
                // passes whatever they are; `unknown` only in between.
                let highest = min(1, Double(met + notKnown) / Double(items.count) / target)
                if highest < 1 - 1e-9 || lowest >= 1 - 1e-9 {
                    result.missing = missingPaths(compiled: compiled, profile: profile)
                } else {
                    fail(&result, missingValue, compiled: compiled, profile: profile, role: "meets")
                    return
                }
            }
            result.score = lowest
        }
        result.outcome = Self.outcome(of: result.score ?? 0)
        if describes, result.outcome != .pass, let template = compiled.rule.gap {
            (result.gap, result.gapValues) = gapMessage(
                template, compiled: compiled, result: result, scope: scope)
        }
    }

    /// The schema's list a `measure` rule goes through, when its `each` is a plain path.
    private func listSpec(_ compiled: CompiledRule) -> FieldSpec? {
        guard case .measure(let measure) = compiled.rule.check,
            let steps = MissingData.steps(String(measure.each.text.trimmingWhitespace()))
        else { return nil }
        return MissingData.spec(at: steps, in: ruleSet.ruleSet.schema)
    }

    /// The absent paths of the profile that a rule reads.
    private func missingPaths(compiled: CompiledRule, profile: Profile) -> [String] {
        profile.absent.filter { path in
            compiled.reads.contains { read in Evidence.instance(path, matches: read) }
        }
    }

    /// Records an evaluation that gave no usable value: missing data makes the rule
    /// `unknown`; anything else is an `error`. The result is changed in place: passing it in
    /// and out copied it, every field, for each rule.
    private func fail(
        _ result: inout RuleResult, _ value: CELValue, compiled: CompiledRule,
        profile: Profile, role: String
    ) {
        if case .error(let error) = value, let field = error.missingField {
            result.outcome = .unknown
            let related = missingPaths(compiled: compiled, profile: profile)
            result.missing =
                related.isEmpty ? profile.absent.filter { $0.hasSuffix(field) } : related
            if result.missing.isEmpty { result.missing = [field] }
            return
        }
        result.outcome = .error
        switch value {
        case .error(let error):
            result.message = "`\(role)` of rule `\(compiled.rule.id)` failed: \(error.message)"
        default:
            result.message =
                "`\(role)` of rule `\(compiled.rule.id)` gave \(value.debugText), not the value it needs"
        }
    }

    /// The gap message, and the named values it was filled with (without the parameters,
    /// which are the rule set's, not the result's).
    private func gapMessage(
        _ template: String, compiled: CompiledRule, result: RuleResult, scope: Scope
    ) -> (message: String, values: [String: String]) {
        var named: [String: GapTemplate.Value] = [:]
        let score = result.score ?? 0
        named["score"] = .init(text: NumberFormat.percent(score), number: score)
        if let rating = result.rating {
            named["level"] = .init(text: rating.label)
            named["rating"] = .init(text: NumberFormat.count(rating.value), number: rating.value)
        }
        if let met = result.met, let total = result.total {
            // Items not known are neither met nor unmet: "2 of 3 … under 46 hours".
            let notKnown = result.notKnown ?? 0
            let unmet = total - met - notKnown
            let share = total == 0 ? 0 : Double(met) / Double(total)
            named["met"] = .init(text: String(met), number: Double(met))
            named["total"] = .init(text: String(total), number: Double(total))
            named["unmet"] = .init(text: String(unmet), number: Double(unmet))
            named["unknown"] = .init(text: String(notKnown), number: Double(notKnown))
            named["failing"] = .init(text: FieldWords.sentence(result.unmetItems))
            named["percent"] = .init(text: NumberFormat.percent(share), number: share)
        }
        for (name, program) in compiled.values {
            named[name] = .init(program.evaluate(in: scope))
        }
        var message = GapTemplate.render(template) {
            named[$0] ?? ruleSet.parameterPlaceholders[$0]
        }
        let period = message.hasSuffix(".")
        if period { message.removeLast() }
        // The items that fall short, by name, where the author's message does not name them.
        if !result.unmetItems.isEmpty, !template.contains(bytes: "failing"),
            !result.unmetItems.allSatisfy({ $0.hasPrefix("item ") })
        {
            message += " (\(FieldWords.sentence(result.unmetItems)))"
        }
        // Said even where the author's message does not, so a reader never takes the known
        // items for all of them.
        if let notKnown = result.notKnown, notKnown > 0, !template.contains(bytes: "unknown") {
            message +=
                result.unknownItems.allSatisfy({ $0.hasPrefix("item ") })
                ? "; \(notKnown) \(notKnown == 1 ? "is" : "are") not known"
                : "; not known for \(FieldWords.sentence(result.unknownItems))"
        }
        return (message + (period ? "." : ""), named.mapValues(\.text))
    }
}

/// The evidence a rule read, summarised for reports.
enum Evidence {
    /// Only the deepest of some reads: `peer_workers[].supervision.interval_days` says more
    /// than the lists and records on the way to it.
    static func leaves(of reads: [String]) -> [String] {
        reads.filter { path in
            !reads.contains { $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[]") }
        }
    }

    /// Each path with the profile's value there (lists of values joined, long ones cut).
    static func collect(_ leaves: [SchemaPath], fields: CELMap) -> [(
        path: String, value: String
    )] {
        leaves.compactMap { leaf in
            let path = leaf.text
            let values = lookup(leaf, in: fields)
            guard !values.isEmpty else { return nil }
            if values.count == 1, !leaf.crossesList {
                if case .list(let items) = values[0] { return (path, "[\(items.count) items]") }
                return (path, GapTemplate.display(values[0]))
            }
            let shown = values.prefix(12).map { value -> String in
                if case .map = value { return "{…}" }
                if case .list(let items) = value { return "[\(items.count) items]" }
                return GapTemplate.display(value)
            }
            return (
                path,
                "[" + shown.joined(separator: ", ")
                    + (values.count > 12 ? ", … (\(values.count) in all)" : "") + "]"
            )
        }
    }

    /// The values at a schema path (`peer_workers[].supervision.interval_days`).
    static func lookup(_ path: String, in fields: CELMap) -> [CELValue] {
        lookup(SchemaPath(path), in: fields)
    }

    /// The values at a schema path read already.
    static func lookup(_ path: SchemaPath, in fields: CELMap) -> [CELValue] {
        var current: [CELValue] = []
        for (index, step) in path.steps.enumerated() {
            if index == 0 {
                current =
                    fields[field: step.name, fingerprint: step.fingerprint].map { [$0] } ?? []
            } else {
                current = current.compactMap { value in
                    if case .map(let map) = value {
                        return map[field: step.name, fingerprint: step.fingerprint]
                    }
                    return nil
                }
            }
            if step.isList {
                current = current.flatMap { value -> [CELValue] in
                    if case .list(let items) = value { return items }
                    return []
                }
            }
        }
        return current
    }

    /// Whether an instance path (`peer_workers[1].supervision.interval_days`) is an instance of
    /// a schema path (`peer_workers[].supervision.interval_days`).
    static func instance(_ path: String, matches schemaPath: String) -> Bool {
        var stripped = ""
        var skipping = false
        for character in path {
            if character == "[" {
                skipping = true
                stripped += "[]"
            } else if character == "]" {
                skipping = false
            } else if !skipping {
                stripped.append(character)
            }
        }
        // The path itself, or an absent record above it (which hides everything inside).
        return stripped == schemaPath || schemaPath.hasPrefix(stripped + ".")
    }
}
