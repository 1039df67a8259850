import CEL
import SourceDiagnostics

/// A profile's results and scores: what every assessment, single or in a batch, starts from.
struct ScoredProfile {
    /// One result per rule, in rule order.
    let results: [RuleResult]
    /// The scores the results give.
    let scores: Scores
    /// The date the profile was assessed as of.
    let asOf: CELTimestamp
}

extension Evaluator {
    /// The one way from a decoded profile to its results and scores, shared by ``Assessment``
    /// and ``Batch``: the profile's values are laid out once, in one scope, its constraints
    /// checked in it, every rule evaluated in it, and the results scored.
    ///
    /// - Throws: ``DiagnosticError`` naming each constraint the profile breaks.
    func scored(_ profile: Profile, asOf: CELTimestamp?) throws(DiagnosticError) -> ScoredProfile {
        let date = asOf ?? profile.asOf
        let scope = scope(for: profile, asOf: date)
        try ruleSet.checkConstraints(profile, in: scope)
        return scored(profile, in: scope, asOf: date)
    }

    /// ``scored(_:asOf:)`` for a profile whose constraints the caller has already checked.
    func scoredWithoutConstraints(_ profile: Profile, asOf: CELTimestamp?) -> ScoredProfile {
        let date = asOf ?? profile.asOf
        return scored(profile, in: scope(for: profile, asOf: date), asOf: date)
    }

    private func scored(_ profile: Profile, in scope: Scope, asOf: CELTimestamp) -> ScoredProfile {
        let results = evaluate(profile, in: scope)
        let scores = Scores.compute(
            ruleSet.ruleSet, results: results, explains: describes,
            domainPositions: ruleSet.domainPositions)
        return ScoredProfile(results: results, scores: scores, asOf: asOf)
    }
}
