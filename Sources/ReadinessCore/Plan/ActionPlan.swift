import Foundation

/// The action plan: the actions of non-passing rules and their unmet prerequisites,
/// deduplicated, in dependency order, mandatory first and then by the points each would gain,
/// grouped into phases, with the projected score after each action and each phase, due dates,
/// and when the organisation becomes compliant.
///
/// Figures add up: scores are projected in tenths (as every report shows them), an action's
/// points are the projected score after it minus the one before it in plan order, so the
/// points of a phase sum to that phase's rise, and a rule closed by two actions counts once
/// (for the one that completes it).
public struct ActionPlan: Sendable {
    /// One action in the plan.
    public struct Item: Sendable {
        /// The action.
        public var action: Action
        /// The phase it is in (its timeframe, or a later one its prerequisites push it to).
        public var phase: String
        /// The non-passing rules listing this action.
        public var closes: [String]
        /// The rules that pass once this action and those before it are done.
        public var completes: [String]
        /// The projected score gained by this action in plan order (tenths).
        public var points: Double
        /// Whether it closes a mandatory rule.
        public var mandatory: Bool
        /// Whether it is in the plan only as another action's prerequisite.
        public var prerequisiteOnly: Bool
        /// The actions in the plan it needs done first, for this profile.
        public var after: [String]
        /// The actions in the plan that need this one first.
        public var neededBy: [String]
        /// The date it is due, `YYYY-MM-DD`: the end of its phase from `as_of` (none for an
        /// open-ended phase such as `12+ months`).
        public var due: String?
        /// Why it stands where it does, in a sentence.
        public var why: String
    }

    /// One phase.
    public struct Phase: Sendable {
        /// Its name (a timeframe such as `0-3 months`).
        public var name: String
        /// Its actions, in order.
        public var items: [Item]
        /// The overall score once this phase and those before it are done (tenths).
        public var projectedScore: Double
        /// The band of that score.
        public var projectedBand: String
        /// Whether the organisation complies once this phase is done.
        public var projectedCompliant: Bool
        /// The end of the phase from `as_of`, `YYYY-MM-DD`, when the phase has an end.
        public var due: String?
    }

    /// When the organisation becomes compliant by following the plan.
    public enum Compliance: Sendable, Equatable {
        /// It complies now.
        case already
        /// It complies once this phase is done (by `due`, when the phase has an end).
        case after(phase: String, due: String?)
        /// It will not comply even after the whole plan, for these reasons.
        case notReached(reasons: [String])
    }

    /// The score the plan starts from (tenths).
    public var startScore: Double
    /// The phases, in order.
    public var phases: [Phase]
    /// When the organisation becomes compliant.
    public var compliance: Compliance

    /// All items, in plan order.
    public var items: [Item] { phases.flatMap(\.items) }

    /// A plan with no actions.
    public static let empty = ActionPlan(startScore: 0, phases: [], compliance: .already)

    /// Plans the actions for a set of results.
    ///
    /// - Parameters:
    ///   - ruleSet: The rule set the results are of.
    ///   - results: Each rule's result.
    ///   - scores: The scores of those results.
    ///   - dependencies: Each action's prerequisites for this profile (its `depends_on`, with
    ///     the conditional ones whose condition holds); by default the unconditional ones.
    ///   - asOf: The assessment date, from which phases' due dates are counted.
    ///   - waivers: The waivers that bear on the verdict: projected compliance honours them
    ///     as the verdict does.
    /// - Returns: The plan.
    public static func make(
        _ ruleSet: RuleSet, results: [RuleResult], scores: Scores,
        dependencies: [String: [String]]? = nil, asOf: Date? = nil,
        waivers: Scores.Waived = .none
    ) -> ActionPlan {
        let prerequisites =
            dependencies
            ?? Dictionary(
                ruleSet.actions.map { ($0.id, $0.dependsOn.map(\.value)) },
                uniquingKeysWith: { first, _ in first })
        let outcomes = Dictionary(
            results.map { ($0.ruleID, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        // What the plan needs of each rule, not the rule itself, read by position: copying
        // whole rules about (`filter`, `for rule in`) was a tenth of a web submission's time.
        let rules = ruleSet.rules
        let needsWork = rules.indices.filter {
            outcomes[rules[$0].id] == .fail || outcomes[rules[$0].id] == .partial
        }.map { RuleNeed(rules[$0], position: $0) }
        var listing: [String: [String]] = [:]  // action id → ids of the rules listing it
        for index in rules.indices {
            for action in rules[index].actions {
                listing[action.value, default: []].append(rules[index].id)
            }
        }
        // Actions of non-passing rules, then prerequisites not yet met.
        var included: [String] = []
        var queue = needsWork.flatMap(\.actions)
        var prerequisiteOnly: Set<String> = []
        var directly = Set(queue)
        while let id = queue.first {
            queue.removeFirst()
            guard !included.contains(id), ruleSet.action(id) != nil else { continue }
            included.append(id)
            for dependency in prerequisites[id] ?? [] where !included.contains(dependency) {
                let met =
                    (listing[dependency] ?? []).allSatisfy {
                        outcomes[$0] == .pass || outcomes[$0] == .notApplicable
                    }
                    && !(listing[dependency] ?? []).isEmpty
                if !met {
                    if !directly.contains(dependency) { prerequisiteOnly.insert(dependency) }
                    directly.insert(dependency)
                    queue.append(dependency)
                }
            }
        }
        let inPlan = Set(included)
        func after(_ id: String) -> [String] { (prerequisites[id] ?? []).filter(inPlan.contains) }
        let phaseIndex = Dictionary(
            ruleSet.phases.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // Each action alone: the rules it closes and what closing them would gain, the
        // priority among actions free to go next.
        let domainPositions = Scores.domainPositions(ruleSet)
        // Only the score is wanted of these projections, one for each action.
        let projection = Scores.Projection(
            ruleSet, results: results, domainPositions: domainPositions)
        var alone: [String: (closes: [RuleNeed], gain: Double)] = [:]
        for id in included {
            let closes = needsWork.filter { rule in rule.actions.contains(id) }
            let gain =
                closes.isEmpty
                ? 0
                : max(0, projection.overall(passing: closes.map(\.position)) - scores.overall)
            alone[id] = (closes, gain)
        }
        func isMandatory(_ id: String) -> Bool {
            alone[id]?.closes.contains(where: \.mandatory) ?? false
        }
        // A prerequisite's phase pushes its dependants no earlier than itself.
        var phaseOf: [String: Int] = [:]
        func phase(_ id: String, _ seen: Set<String> = []) -> Int {
            if let known = phaseOf[id] { return known }
            guard let action = ruleSet.action(id), !seen.contains(id) else { return 0 }
            var value = phaseIndex[action.timeframe] ?? 0
            for dependency in after(id) {
                value = max(value, phase(dependency, seen.union([id])))
            }
            phaseOf[id] = value
            return value
        }
        for id in included { _ = phase(id) }
        // Order: by phase, then prerequisites first, then mandatory, points alone, id. Each
        // action's key and prerequisites are worked out once: the ordering below compares
        // every pair of actions free to go next, once for each action placed.
        var keys: [String: (Int, Int, Double)] = [:]
        var prerequisitesInPlan: [String: [String]] = [:]
        for id in included {
            keys[id] = (phaseOf[id] ?? 0, isMandatory(id) ? 0 : 1, -(alone[id]?.gain ?? 0))
            prerequisitesInPlan[id] = after(id)
        }
        func precedes(_ a: String, _ b: String) -> Bool {
            let (left, right) = (keys[a] ?? (0, 1, 0), keys[b] ?? (0, 1, 0))
            if left.0 != right.0 { return left.0 < right.0 }
            if left.1 != right.1 { return left.1 < right.1 }
            if abs(left.2 - right.2) > 1e-9 { return left.2 < right.2 }
            return a < b
        }
        // By position in `included`, which holds each action once: no set made per placement.
        let position = Dictionary(
            included.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let waitsFor = included.map { id in
            (prerequisitesInPlan[id] ?? []).compactMap { position[$0] }
        }
        var placed = [Bool](repeating: false, count: included.count)
        var ordered: [String] = []
        while ordered.count < included.count {
            var next: Int?
            var nextIsReady = false
            for index in included.indices where !placed[index] {
                let ready = waitsFor[index].allSatisfy { placed[$0] }
                // Cycles are rejected at load; stay total anyway: with none ready, any goes.
                if ready && !nextIsReady {
                    (next, nextIsReady) = (index, true)
                } else if ready == nextIsReady,
                    next.map({ precedes(included[index], included[$0]) }) ?? true
                {
                    next = index
                }
            }
            guard let chosen = next else { break }
            placed[chosen] = true
            ordered.append(included[chosen])
        }
        var neededBy: [String: [String]] = [:]
        for id in ordered {
            for dependency in after(id) { neededBy[dependency, default: []].append(id) }
        }
        // Walk the plan in order: each action's points are what it adds to the projection.
        let dates = PhaseDates(asOf: asOf)
        var done: Set<String> = []
        var closed: Set<String> = []
        var closedPositions: [Int] = []
        // The overall score after each action, by the fast projection; the full scoring (band
        // and verdict) only once a phase, for what a phase shows.
        var projectedOverall = scores.overall
        var projected = scores
        let startScore = NumberFormat.tenths(scores.overall)
        var current = startScore
        var phases: [Phase] = []
        var compliance: Compliance = scores.compliant ? .already : .notReached(reasons: [])
        for (index, name) in ruleSet.phases.enumerated() {
            let due = dates.end(of: name)
            var phaseItems: [Item] = []
            for id in ordered where phaseOf[id] == index {
                guard let action = ruleSet.action(id) else { continue }
                done.insert(id)
                // A rule no action closes is never closed by the plan (`allSatisfy` of none
                // would hold at once, and count it passed after the first action).
                let nowClosing = needsWork.filter { rule in
                    !closed.contains(rule.id) && !rule.actions.isEmpty
                        && rule.actions.allSatisfy(done.contains)
                }
                let nowClosed = nowClosing.map(\.id)
                closed.formUnion(nowClosed)
                if !nowClosing.isEmpty {
                    closedPositions += nowClosing.map(\.position)
                    projectedOverall = projection.overall(passing: closedPositions)
                }
                let next = NumberFormat.tenths(projectedOverall)
                let closes = alone[id]?.closes.map(\.id) ?? []
                var item = Item(
                    action: action, phase: name, closes: closes, completes: nowClosed,
                    points: NumberFormat.tenths(next - current), mandatory: isMandatory(id),
                    prerequisiteOnly: prerequisiteOnly.contains(id), after: after(id),
                    neededBy: neededBy[id] ?? [], due: due, why: "")
                item.why = reason(
                    item, timeframe: action.timeframe, closed: closed,
                    ruleSet: ruleSet)
                current = next
                phaseItems.append(item)
            }
            guard !phaseItems.isEmpty else { continue }
            if !closed.isEmpty {
                // The reasons are read of the last projection only, worded below.
                projected = Scores.compute(
                    ruleSet, results: results, assumingPassed: closed, explains: false,
                    domainPositions: domainPositions, waivers: waivers)
            }
            phases.append(
                Phase(
                    name: name, items: phaseItems, projectedScore: current,
                    projectedBand: projected.band, projectedCompliant: projected.compliant,
                    due: due))
            if projected.compliant, case .notReached = compliance {
                compliance = .after(phase: name, due: due)
            }
        }
        if case .notReached = compliance {
            let reasons =
                closed.isEmpty
                ? scores.reasons
                : Scores.compute(
                    ruleSet, results: results, assumingPassed: closed,
                    domainPositions: domainPositions, waivers: waivers
                ).reasons
            compliance = .notReached(reasons: reasons)
        }
        return ActionPlan(startScore: startScore, phases: phases, compliance: compliance)
    }

    /// Why an action stands where it does: mandatory or not, what it waits for, what waits
    /// for it, and what it adds.
    private static func reason(
        _ item: Item, timeframe: String, closed: Set<String>,
        ruleSet: RuleSet
    ) -> String {
        var parts: [String] = []
        if item.mandatory {
            let mandatory = item.closes.filter { id in ruleSet.rule(id)?.mandatory == true }
            parts.append("mandatory (\(mandatory.joined(separator: ", ")))")
        }
        if !item.after.isEmpty {
            parts.append("needs \(item.after.joined(separator: ", ")) first")
        }
        if item.phase != timeframe {
            parts.append("moved from \(timeframe) to wait for its prerequisites")
        }
        if !item.neededBy.isEmpty {
            parts.append("needed first by \(item.neededBy.joined(separator: ", "))")
        }
        if item.completes.isEmpty {
            let waiting = item.closes.filter { !closed.contains($0) }
            if !waiting.isEmpty {
                parts.append(
                    "no points on its own: \(waiting.joined(separator: ", ")) also needs a later action"
                )
            } else if item.closes.isEmpty {
                parts.append("no points on its own: it prepares for the actions after it")
            } else {
                parts.append("no further points")
            }
        } else {
            parts.append(
                "\(NumberFormat.signedPoints(item.points)) points by completing \(item.completes.joined(separator: ", "))"
            )
        }
        let sentence = parts.joined(separator: "; ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
    }
}

/// What the plan needs of a rule that is not met.
private struct RuleNeed {
    let id: String
    /// Where the rule is in the rule set.
    let position: Int
    /// The ids of the actions that close it.
    let actions: [String]
    let mandatory: Bool

    init(_ rule: Rule, position: Int) {
        id = rule.id
        self.position = position
        actions = rule.actions.map(\.value)
        mandatory = rule.mandatory
    }
}

/// Due dates of phases named by timeframe (`0-3 months`, `6-12 weeks`, `1-2 years`): the end
/// of the range counted from the assessment date. An open-ended timeframe (`12+ months`) or one
/// not in that form has no due date.
struct PhaseDates {
    let asOf: Date?

    /// The end of a timeframe, `YYYY-MM-DD`.
    func end(of timeframe: String) -> String? {
        guard let asOf, let (count, unit) = Self.parse(timeframe) else { return nil }
        let calendar = Self.calendar
        guard let date = calendar.date(byAdding: unit, value: count, to: asOf) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else {
            return nil
        }
        return String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-"
            + (day < 10 ? "0" : "") + String(day)
    }

    /// The Gregorian calendar in UTC, made once: making it (and finding its time zone by name)
    /// cost more than the date arithmetic, for every phase of every plan.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// The end of a `N-M unit` range as a count of a calendar unit.
    static func parse(_ timeframe: String) -> (Int, Calendar.Component)? {
        let words = timeframe.split(separator: " ")
        guard words.count == 2, let dash = words[0].firstIndex(of: "-"),
            Int(words[0][..<dash]) != nil,
            let end = Int(words[0][words[0].index(after: dash)...]), end > 0
        else { return nil }
        switch words[1].lowercased() {
        case "day", "days": return (end, .day)
        case "week", "weeks": return (end * 7, .day)
        case "month", "months": return (end, .month)
        case "year", "years": return (end, .year)
        default: return nil
        }
    }
}
