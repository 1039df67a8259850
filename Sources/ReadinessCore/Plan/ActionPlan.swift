/// The action plan: the actions of non-passing rules and their unmet prerequisites,
/// deduplicated, in dependency order, mandatory first and then by the points each would gain,
/// grouped into phases, with the projected overall score after each phase.
public struct ActionPlan: Sendable {
    /// One action in the plan.
    public struct Item: Sendable {
        public var action: Action
        public var phase: String
        /// The non-passing rules listing this action.
        public var closes: [String]
        /// The overall score points gained if the rules it closes passed.
        public var points: Double
        /// Whether it closes a mandatory rule.
        public var mandatory: Bool
        /// Whether it is in the plan only as another action's prerequisite.
        public var prerequisiteOnly: Bool
    }

    /// One phase.
    public struct Phase: Sendable {
        public var name: String
        public var items: [Item]
        /// The overall score once this phase and those before it are done.
        public var projectedScore: Double
        public var projectedBand: String
    }

    public var phases: [Phase]

    /// All items, in plan order.
    public var items: [Item] { phases.flatMap(\.items) }

    /// Plans the actions for a set of results.
    public static func make(_ ruleSet: RuleSet, results: [RuleResult], scores: Scores) -> ActionPlan
    {
        let outcomes = Dictionary(
            results.map { ($0.ruleID, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        let needsWork = ruleSet.rules.filter {
            outcomes[$0.id] == .fail || outcomes[$0.id] == .partial
        }
        var listing: [String: [Rule]] = [:]  // action id → rules listing it
        for rule in ruleSet.rules {
            for action in rule.actions { listing[action.value, default: []].append(rule) }
        }
        // Actions of non-passing rules, then prerequisites not yet met.
        var included: [String] = []
        var queue = needsWork.flatMap { $0.actions.map(\.value) }
        var prerequisiteOnly: Set<String> = []
        var directly = Set(queue)
        while let id = queue.first {
            queue.removeFirst()
            guard !included.contains(id), let action = ruleSet.action(id) else { continue }
            included.append(id)
            for dependency in action.dependsOn.map(\.value) where !included.contains(dependency) {
                let met =
                    (listing[dependency] ?? []).allSatisfy {
                        outcomes[$0.id] == .pass || outcomes[$0.id] == .notApplicable
                    }
                    && !(listing[dependency] ?? []).isEmpty
                if !met {
                    if !directly.contains(dependency) { prerequisiteOnly.insert(dependency) }
                    directly.insert(dependency)
                    queue.append(dependency)
                }
            }
        }
        let phaseIndex = Dictionary(
            ruleSet.phases.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [String: Item] = [:]
        for id in included {
            guard let action = ruleSet.action(id) else { continue }
            let closes = needsWork.filter { rule in rule.actions.contains { $0.value == id } }
            let gained =
                closes.isEmpty
                ? 0
                : max(
                    0,
                    Scores.compute(ruleSet, results: results, assumingPassed: Set(closes.map(\.id)))
                        .overall - scores.overall)
            items[id] = Item(
                action: action, phase: action.timeframe, closes: closes.map(\.id), points: gained,
                mandatory: closes.contains(where: \.mandatory),
                prerequisiteOnly: prerequisiteOnly.contains(id))
        }
        // A dependency's phase pushes its dependants no earlier than itself.
        var phaseOf: [String: Int] = [:]
        func phase(_ id: String, _ seen: Set<String> = []) -> Int {
            if let known = phaseOf[id] { return known }
            guard let item = items[id], !seen.contains(id) else { return 0 }
            var value = phaseIndex[item.phase] ?? 0
            for dependency in item.action.dependsOn.map(\.value) where items[dependency] != nil {
                value = max(value, phase(dependency, seen.union([id])))
            }
            phaseOf[id] = value
            return value
        }
        for id in included { _ = phase(id) }
        // Order: by phase, then dependencies first, then mandatory, points, id.
        var ordered: [String] = []
        var remaining = Set(included)
        while !remaining.isEmpty {
            let ready = remaining.filter { id in
                (items[id]?.action.dependsOn.map(\.value) ?? []).allSatisfy {
                    !remaining.contains($0)
                }
            }
            // Cycles are rejected at load; stay total anyway.
            let candidates = ready.isEmpty ? remaining : ready
            guard
                let next = candidates.min(by: { precedes($0, $1, items: items, phaseOf: phaseOf) })
            else { break }
            ordered.append(next)
            remaining.remove(next)
        }
        var phases: [Phase] = []
        var done: Set<String> = []
        for (index, name) in ruleSet.phases.enumerated() {
            let phaseItems = ordered.filter { phaseOf[$0] == index }.compactMap { id -> Item? in
                guard var item = items[id] else { return nil }
                item.phase = name
                return item
            }
            guard !phaseItems.isEmpty else { continue }
            done.formUnion(phaseItems.map(\.action.id))
            let closed = needsWork.filter { rule in
                rule.actions.allSatisfy { done.contains($0.value) }
            }.map(\.id)
            let projected = Scores.compute(ruleSet, results: results, assumingPassed: Set(closed))
            phases.append(
                Phase(
                    name: name, items: phaseItems, projectedScore: projected.overall,
                    projectedBand: projected.band))
        }
        return ActionPlan(phases: phases)
    }

    private static func precedes(
        _ a: String, _ b: String, items: [String: Item], phaseOf: [String: Int]
    ) -> Bool {
        guard let left = items[a], let right = items[b] else { return a < b }
        let key = { (id: String, item: Item) in
            (phaseOf[id] ?? 0, item.mandatory ? 0 : 1, -item.points)
        }
        let (leftPhase, leftMandatory, leftPoints) = key(a, left)
        let (rightPhase, rightMandatory, rightPoints) = key(b, right)
        if leftPhase != rightPhase { return leftPhase < rightPhase }
        if leftMandatory != rightMandatory { return leftMandatory < rightMandatory }
        if abs(leftPoints - rightPoints) > 1e-9 { return leftPoints < rightPoints }
        return a < b
    }
}
