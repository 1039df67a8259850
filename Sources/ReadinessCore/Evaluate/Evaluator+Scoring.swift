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
    /// The waivers that bear on this organisation's verdict, and where each stands.
    var waivers: [Waiver.Applied] = []
}

extension Evaluator {
    /// The one way from a decoded profile to its results and scores, shared by ``Assessment``
    /// and ``Batch``: the profile's values are laid out once, in one scope, its constraints
    /// checked in it, every rule evaluated in it, and the results scored.
    ///
    /// - Throws: ``DiagnosticError`` naming each constraint the profile breaks.
    /// Waivers for the organisation are weighed as of the same date.
    ///
    /// - Throws: ``DiagnosticError`` naming each constraint the profile breaks.
    func scored(_ profile: Profile, asOf: CELTimestamp?, waivers: WaiverList? = nil)
        throws(DiagnosticError) -> ScoredProfile
    {
        let date = asOf ?? profile.asOf
        let scope = scope(for: profile, asOf: date)
        try ruleSet.checkConstraints(profile, in: scope)
        return scored(profile, in: scope, asOf: date, waivers: waivers)
    }

    /// ``scored(_:asOf:waivers:)`` for a profile whose constraints the caller has already
    /// checked.
    func scoredWithoutConstraints(
        _ profile: Profile, asOf: CELTimestamp?, waivers: WaiverList? = nil
    ) -> ScoredProfile {
        let date = asOf ?? profile.asOf
        return scored(profile, in: scope(for: profile, asOf: date), asOf: date, waivers: waivers)
    }

    private func scored(
        _ profile: Profile, in scope: Scope, asOf: CELTimestamp, waivers: WaiverList?
    ) -> ScoredProfile {
        let results = evaluate(profile, in: scope)
        let applied =
            waivers?.applying(
                to: profile.organisation, on: asOf.date, ruleIDs: ruleSet.rules.map(\.rule.id))
            ?? []
        let scores = Scores.compute(
            ruleSet.ruleSet, results: results, explains: describes,
            domainPositions: ruleSet.domainPositions, waivers: Scores.Waived(applied))
        return ScoredProfile(results: results, scores: scores, asOf: asOf, waivers: applied)
    }
}
