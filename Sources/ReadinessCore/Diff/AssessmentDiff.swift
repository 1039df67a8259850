/// One organisation at two dates: what changed between two assessments against the same rule
/// set.
public struct AssessmentDiff: Sendable, Codable, Equatable {
    /// A domain's score before and after.
    public struct DomainChange: Sendable, Codable, Equatable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// The value in the earlier assessment.
        public var before: Double?
        /// The value in the later assessment.
        public var after: Double?
        /// After minus before, in tenths as shown.
        public var delta: Double?
    }

    /// A rule whose outcome changed.
    public struct RuleChange: Sendable, Codable, Equatable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// The value in the earlier assessment.
        public var before: String
        /// The value in the later assessment.
        public var after: String
    }

    /// An action the earlier plan had, by id and title.
    public struct ActionRef: Sendable, Codable, Equatable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
    }

    /// The organisation's name.
    public var organisation: String
    /// The earlier assessment's date.
    public var beforeAsOf: String
    /// The later assessment's date.
    public var afterAsOf: String
    /// Scores in tenths, as shown, so that every delta is the difference of the figures shown.
    public var scoreBefore: Double
    /// The later overall score, in tenths.
    public var scoreAfter: Double
    /// The change of overall score, in tenths.
    public var scoreDelta: Double
    /// The earlier band.
    public var bandBefore: String
    /// The later band.
    public var bandAfter: String
    /// Whether it complied before; absent for a rule set with no verdict of compliance.
    public var compliantBefore: Bool?
    /// Whether it complies now; absent for a rule set with no verdict of compliance.
    public var compliantAfter: Bool?

    /// The change of verdict in words ("now compliant", "still not compliant" is "not
    /// compliant"); `nil` when the rule set gives no verdict.
    public var verdictWords: String? {
        guard let before = compliantBefore, let after = compliantAfter else { return nil }
        if before == after { return after ? "compliant" : "not compliant" }
        return after ? "now compliant" : "no longer compliant"
    }
    /// Each domain, in rule set order.
    public var domains: [DomainChange]
    /// Rules whose outcome or score rose (a rule now `unknown` is never among them).
    public var improved: [RuleChange]
    /// Rules whose outcome or score fell, other than new gaps.
    public var regressed: [RuleChange]
    /// Actions in the earlier plan that the later one no longer needs because every rule they
    /// worked on now passes (or no longer applies).
    public var actionsCompleted: [ActionRef]
    /// Rules that were not gaps before and are now.
    public var newGaps: [RuleChange]
    /// Rules whose outcome is now `unknown` (data missing): neither progress nor a gap.
    public var nowUnknown: [RuleChange]

    /// Compares two reports (earlier first).
    public init(before: AssessmentReport, after: AssessmentReport) {
        organisation = after.organisation
        beforeAsOf = before.asOf
        afterAsOf = after.asOf
        scoreBefore = NumberFormat.tenths(before.summary.score)
        scoreAfter = NumberFormat.tenths(after.summary.score)
        scoreDelta = NumberFormat.tenths(scoreAfter - scoreBefore)
        bandBefore = before.summary.band
        bandAfter = after.summary.band
        compliantBefore = before.summary.compliant
        compliantAfter = after.summary.compliant
        domains = after.domains.map { domain in
            let old = before.domains.first { $0.id == domain.id }?.score.map(NumberFormat.tenths)
            let new = domain.score.map(NumberFormat.tenths)
            return DomainChange(
                id: domain.id, title: domain.title, before: old, after: new,
                delta: zip2(old, new).map { NumberFormat.tenths($1 - $0) })
        }
        let rank: [Outcome: Int] = [.fail: 0, .error: 0, .partial: 1, .pass: 2]
        var improved: [RuleChange] = []
        var regressed: [RuleChange] = []
        var newGaps: [RuleChange] = []
        var nowUnknown: [RuleChange] = []
        for rule in after.rules {
            guard let old = before.rules.first(where: { $0.id == rule.id }) else { continue }
            func label(_ entry: AssessmentReport.RuleEntry) -> String {
                // A rated rule by its level and rating: "Adequate (2.3)".
                if let rating = entry.rating, entry.outcome.isGap || entry.outcome == .pass {
                    return "\(rating.label) (\(NumberFormat.count(rating.value)))"
                }
                return entry.outcome == .partial
                    ? "partial (\(NumberFormat.percent(entry.score ?? 0)))" : entry.outcome.rawValue
            }
            let change = RuleChange(
                id: rule.id, title: rule.title, before: label(old), after: label(rule))
            if rule.outcome == .unknown {
                if old.outcome != .unknown { nowUnknown.append(change) }
                continue
            }
            if rule.outcome.isGap && !old.outcome.isGap {
                newGaps.append(change)
                continue
            }
            guard let oldRank = rank[old.outcome], let newRank = rank[rule.outcome] else {
                continue
            }
            let oldScore = old.score ?? -1
            let newScore = rule.score ?? -1
            if newRank > oldRank || (newRank == oldRank && newScore > oldScore + 1e-9) {
                improved.append(change)
            } else if newRank < oldRank || (newRank == oldRank && newScore < oldScore - 1e-9) {
                regressed.append(change)
            }
        }
        self.improved = improved
        self.regressed = regressed
        self.newGaps = newGaps
        self.nowUnknown = nowUnknown
        let laterActions = Set(after.plan.flatMap(\.actions).map(\.id))
        let outcomes = Dictionary(
            after.rules.map { ($0.id, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        actionsCompleted = before.plan.flatMap(\.actions).filter { action in
            !laterActions.contains(action.id)
                && action.closes.allSatisfy { [.pass, .notApplicable].contains(outcomes[$0]) }
        }.map { ActionRef(id: $0.id, title: $0.title) }
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
