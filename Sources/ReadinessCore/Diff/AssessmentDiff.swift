/// One organisation at two dates: what changed between two assessments against the same rule
/// set.
public struct AssessmentDiff: Sendable, Codable, Equatable {
    public struct DomainChange: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var before: Double?
        public var after: Double?
        public var delta: Double?
    }

    public struct RuleChange: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var before: String
        public var after: String
    }

    public var organisation: String
    public var beforeAsOf: String
    public var afterAsOf: String
    public var scoreBefore: Double
    public var scoreAfter: Double
    public var scoreDelta: Double
    public var bandBefore: String
    public var bandAfter: String
    public var compliantBefore: Bool
    public var compliantAfter: Bool
    public var domains: [DomainChange]
    public var improved: [RuleChange]
    public var regressed: [RuleChange]
    /// Actions in the earlier plan that the later one no longer needs.
    public var actionsCompleted: [String]
    /// Rules that were not gaps before and are now.
    public var newGaps: [RuleChange]

    /// Compares two reports (earlier first).
    public init(before: AssessmentReport, after: AssessmentReport) {
        organisation = after.organisation
        beforeAsOf = before.asOf
        afterAsOf = after.asOf
        scoreBefore = before.summary.score
        scoreAfter = after.summary.score
        scoreDelta = AssessmentReport.round(after.summary.score - before.summary.score)
        bandBefore = before.summary.band
        bandAfter = after.summary.band
        compliantBefore = before.summary.compliant
        compliantAfter = after.summary.compliant
        domains = after.domains.map { domain in
            let old = before.domains.first { $0.id == domain.id }?.score
            return DomainChange(
                id: domain.id, title: domain.title, before: old, after: domain.score,
                delta: zip2(old, domain.score).map { AssessmentReport.round($1 - $0) })
        }
        let rank: [String: Int] = ["fail": 0, "error": 0, "unknown": 1, "partial": 2, "pass": 3]
        var improved: [RuleChange] = []
        var regressed: [RuleChange] = []
        var newGaps: [RuleChange] = []
        for rule in after.rules {
            guard let old = before.rules.first(where: { $0.id == rule.id }) else { continue }
            func label(_ entry: AssessmentReport.RuleEntry) -> String {
                entry.outcome == "partial"
                    ? "partial (\(Scores.percent(entry.score ?? 0)))" : entry.outcome
            }
            let change = RuleChange(
                id: rule.id, title: rule.title, before: label(old), after: label(rule))
            let oldRank = rank[old.outcome]
            let newRank = rank[rule.outcome]
            let oldScore = old.score ?? -1
            let newScore = rule.score ?? -1
            if let oldRank, let newRank,
                newRank > oldRank || (newRank == oldRank && newScore > oldScore + 1e-9)
            {
                improved.append(change)
            } else if let oldRank, let newRank,
                newRank < oldRank || (newRank == oldRank && newScore < oldScore - 1e-9)
            {
                regressed.append(change)
            }
            let wasGap = ["fail", "partial", "error"].contains(old.outcome)
            let isGap = ["fail", "partial", "error"].contains(rule.outcome)
            if isGap && !wasGap { newGaps.append(change) }
        }
        self.improved = improved
        self.regressed = regressed
        self.newGaps = newGaps
        let laterActions = Set(after.plan.flatMap(\.actions).map(\.id))
        actionsCompleted = before.plan.flatMap(\.actions).map(\.id).filter {
            !laterActions.contains($0)
        }
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
